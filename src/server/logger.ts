import pino, { type Logger } from 'pino';
import { now } from '../base/clock.js';

export type { Logger };

/**
 * JSON logs; LOG_LEVEL sets the level (silent in tests). Facts and bodies are never logged.
 * Lines go to stdout asynchronously (pino's sonic-boom, sync: false): while one write is under way
 * the next lines gather and go out in one write, instead of one blocking write per line on the
 * request path (measured: the access log's write was about a sixth of a single evaluate request's
 * cost). pino flushes what is left when the process exits.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  // The time of each line from the one clock (src/base/clock.ts), as an ISO instant; lines are written
  // asynchronously in 4 KiB chunks (flushed every 250 ms and at exit), off the request's path.
  return pino({ level, base: undefined, timestamp: () => `,"time":"${now().toISOString()}"` }, pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 250 }));
}
