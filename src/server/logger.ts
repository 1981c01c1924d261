import pino, { type Logger } from 'pino';

export type { Logger };

/** JSON logs; LOG_LEVEL sets the level (silent in tests). Facts and bodies are never logged. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: undefined });
}
