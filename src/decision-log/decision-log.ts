/**
 * The decision log's buffer. `record` only appends a reference to an
 * in-memory buffer and returns: no copy, no hash, no I/O on the request's
 * path. A timer (or a full batch) flushes the buffer in batches to the
 * writer (writers.ts: pseudonymise and store, on this thread for PostgreSQL,
 * on a worker thread for SQLite). The buffer is bounded: while the store is
 * slow or down and the buffer is full, new entries are dropped and counted
 * (never waited for), and a batch the store refuses is dropped and counted
 * too. `close` flushes what is left (graceful shutdown). Entries older than
 * the retention are removed at start and every hour.
 */
import type { Clock } from './clock.js';
import type { PendingDecision } from './entry.js';

/** Where flushed batches go: pseudonymised and stored (all or none of a batch). */
export interface DecisionWriter {
  write(batch: PendingDecision[]): Promise<void>;
  removeBefore(at: string): Promise<number>;
  close?(): Promise<void>;
}

export interface DecisionLogCounters {
  written(n: number): void;
  dropped(reason: 'vol' | 'fout', n: number): void;
}

export interface DecisionLogOptions {
  writer: DecisionWriter;
  clock: Clock;
  /** Entries older than this many days are removed (DECISION_LOG_RETENTION_DAYS, default 90). */
  retentionDays: number;
  /**
   * Flush at least this often (ms, default 100). Short on purpose: a request's facts held longer
   * survive garbage collections and get promoted, which costs the answering thread more than the writes.
   */
  flushMs?: number;
  /** Entries per store call; a full batch is flushed at once (default 500). */
  batchSize?: number;
  /** Largest number of entries waiting in memory (DECISION_LOG_BUFFER, default 20000). */
  maxBuffer?: number;
  /** How often entries past the retention are removed (ms, default one hour; 0: only when purge() is called). */
  purgeEveryMs?: number;
  counters?: DecisionLogCounters;
  /** Told when a batch could not be written (never with the entries: they hold facts). */
  onError?: (e: unknown, dropped: number) => void;
}

export interface DecisionLog {
  /** Takes an answered decision; never waits, never throws. */
  record(d: PendingDecision): void;
  /** The clock's time in ms, for PendingDecision.at. */
  now(): number;
  /** Writes everything buffered now. */
  flush(): Promise<void>;
  /** Removes entries past the retention; returns how many. */
  purge(): Promise<number>;
  stats(): { buffered: number; written: number; dropped: number };
  /** Stops the timers and flushes what is left. */
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;

export function createDecisionLog(o: DecisionLogOptions): DecisionLog {
  const batchSize = o.batchSize ?? 500;
  const maxBuffer = o.maxBuffer ?? 20_000;
  let buffer: PendingDecision[] = [];
  let written = 0;
  let dropped = 0;
  let flushing: Promise<void> | undefined;
  let soon = false;
  let closed = false;

  const drop = (reason: 'vol' | 'fout', n: number) => {
    dropped += n;
    o.counters?.dropped(reason, n);
  };

  const writeAll = async () => {
    while (buffer.length) {
      const taken = buffer;
      buffer = [];
      for (let i = 0; i < taken.length; i += batchSize) {
        const slice = taken.slice(i, i + batchSize);
        try {
          await o.writer.write(slice);
        } catch (e) {
          drop('fout', slice.length);
          o.onError?.(e, slice.length);
          continue;
        }
        written += slice.length;
        o.counters?.written(slice.length);
      }
    }
  };

  // One flush at a time: a flush asked for while one runs shares it (it writes until the buffer is empty).
  const flush = (): Promise<void> => (flushing ??= writeAll().finally(() => { flushing = undefined; }));

  const timer = setInterval(() => void flush(), o.flushMs ?? 100);
  timer.unref();
  const purge = async () => o.writer.removeBefore(new Date(o.clock.now().getTime() - o.retentionDays * DAY_MS).toISOString());
  const purgeEvery = o.purgeEveryMs ?? 3_600_000;
  const purger = purgeEvery > 0 ? setInterval(() => void purge().catch((e) => o.onError?.(e, 0)), purgeEvery) : undefined;
  purger?.unref();

  return {
    record(d) {
      if (closed || buffer.length >= maxBuffer) return drop('vol', 1);
      buffer.push(d);
      if (buffer.length >= batchSize && !soon && !flushing) {
        soon = true;
        setImmediate(() => { soon = false; void flush(); });
      }
    },
    now: () => o.clock.now().getTime(),
    flush,
    purge,
    stats: () => ({ buffered: buffer.length, written, dropped }),
    async close() {
      clearInterval(timer);
      if (purger) clearInterval(purger);
      closed = true;
      await flush();
      await o.writer.close?.();
    },
  };
}
