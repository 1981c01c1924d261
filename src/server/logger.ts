import pino, { type DestinationStream, type Logger } from 'pino';
import { now } from '../base/clock.js';

export type { Logger };

/**
 * JSON logs; LOG_LEVEL sets the level (silent in tests). Facts and bodies are never logged.
 * Lines go to stdout asynchronously (pino's sonic-boom, sync: false): while one write is under way
 * the next lines gather and go out in one write, instead of one blocking write per line on the
 * request path (measured: the access log's write was about a sixth of a single evaluate request's
 * cost). pino flushes what is left when the process exits.
 *
 * Each line is handed to sonic-boom as bytes (its buffer mode): in its text mode it measures the
 * UTF-8 length of all the text gathered so far on every line (up to 16 KiB, a rope flattened each
 * time), which cost more than writing the line itself (measured: 4.5-7 µs per access-log line in
 * all under load, against 2.3-2.9 µs as bytes). The bytes are the same.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  // The time of each line from the one clock (src/base/clock.ts), as an ISO instant; lines are written
  // asynchronously in 4 KiB chunks (flushed every 250 ms and at exit), off the request's path. Not larger:
  // at exit the chunks still waiting are written at once beside one that may be under way, and only
  // writes of at most 4 KiB (PIPE_BUF) reach a pipe whole (with 32 KiB, lines were cut: test/server/logger.test.ts).
  const sonic = pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 250, contentMode: 'buffer' });
  // sonic.write is looked up per line: on a broken pipe pino replaces it with a no-op.
  const lines: DestinationStream & { flush(cb?: (err?: Error) => void): void } = {
    write: (line: string) => void sonic.write(Buffer.from(line, 'utf8') as unknown as string),
    flush: (cb) => sonic.flush(cb),
  };
  return pino({ level, base: undefined, timestamp: () => `,"time":"${now().toISOString()}"` }, lines);
}
