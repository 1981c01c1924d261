import pino, { type Logger } from 'pino';
import { now } from '../base/clock.js';

export type { Logger };

/** JSON logs; LOG_LEVEL sets the level (silent in tests). Facts and bodies are never logged. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  // The time of each line from the one clock (src/base/clock.ts), as an ISO instant.
  return pino({ level, base: undefined, timestamp: () => `,"time":"${now().toISOString()}"` });
}
