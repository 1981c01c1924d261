/**
 * The decision log's buffer. `record` captures an answered decision at once
 * as text (entry.ts: the BSN only as its keyed hash, the facts as JSON) into
 * a batch buffer (encoded-batch.ts) and returns: no I/O, no pseudonymising of
 * the facts, no object kept on the request's path. A full batch is handed to
 * the writer at once, a partial one by a timer; the writer pseudonymises the
 * facts and stores the batch (writers.ts: on a worker thread for SQLite, on
 * this thread for PostgreSQL). What waits is bounded: while the store is slow
 * or down and the buffer is full, new entries are dropped and counted (never
 * waited for), and a batch the store refuses is dropped and counted too.
 * `close` flushes what is left (graceful shutdown). Entries older than the
 * retention are removed at start and every hour.
 */
import { systemClock, type Clock } from './clock.js';
import { BatchEncoder, type EncodedBatch } from './encoded-batch.js';
import { capture, type PendingDecision } from './entry.js';

/** Where flushed batches go: pseudonymised and stored (all or none of a batch). */
export interface DecisionWriter {
  /** The keyed hash of a client's BSN, taken when the decision is captured: no BSN in clear ever waits in a buffer. */
  subject(bsn: string): string;
  /** Stores the batch; may give its buffer back (zeroed) to be filled again. */
  write(batch: EncodedBatch): Promise<ArrayBuffer | void>;
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
   * Hand a partial batch to the writer at least this often (ms, default 250). Each batch handed over
   * wakes the writer's thread: on a busy machine every wake-up can cost the answering thread its turn.
   * On a crash, at most this much of the log is lost (a graceful shutdown writes everything).
   */
  flushMs?: number;
  /** Entries per store call (one transaction); a full batch is handed over at once (default 1000). */
  batchSize?: number;
  /** Largest number of entries waiting in memory, not yet handed to the writer (DECISION_LOG_BUFFER, default 20000). */
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
  const maxBuffer = o.maxBuffer ?? 20_000;
  const sealed: EncodedBatch[] = [];
  const encoder = new BatchEncoder(o.batchSize ?? 1000, (b) => sealed.push(b));
  /** Entries captured and not yet handed to the writer. */
  let waiting = 0;
  let written = 0;
  let dropped = 0;
  let flushing: Promise<void> | undefined;
  let soon = false;
  let closed = false;

  const drop = (reason: 'vol' | 'fout', n: number) => {
    dropped += n;
    o.counters?.dropped(reason, n);
  };

  // Sealed batches, one at a time at the writer, until none waits; with `all` (the timer, flush(), close())
  // the batch being filled too. Without, a partial batch waits for more entries: many small batches
  // would cost the answering thread a buffer and a message each.
  const writeAll = async (all: boolean) => {
    for (;;) {
      if (all && sealed.length === 0) encoder.seal();
      const batch = sealed.shift();
      if (!batch) return;
      waiting -= batch.count;
      try {
        const back = await o.writer.write(batch);
        if (back) encoder.reuse(back);
      } catch (e) {
        drop('fout', batch.count);
        o.onError?.(e, batch.count);
        continue;
      }
      written += batch.count;
      o.counters?.written(batch.count);
    }
  };

  // One flush at a time: a flush asked for while one runs waits for it, then writes what is left.
  const run = (all: boolean): Promise<void> => (flushing ??= writeAll(all).finally(() => { flushing = undefined; }));
  const flush = async (): Promise<void> => {
    while (flushing) await flushing;
    await run(true);
  };

  const timer = setInterval(() => void run(true), o.flushMs ?? 250);
  timer.unref();
  const purge = async () => o.writer.removeBefore(new Date(o.clock.now().getTime() - o.retentionDays * DAY_MS).toISOString());
  const purgeEvery = o.purgeEveryMs ?? 3_600_000;
  const purger = purgeEvery > 0 ? setInterval(() => void purge().catch((e) => o.onError?.(e, 0)), purgeEvery) : undefined;
  purger?.unref();

  return {
    record(d) {
      if (closed || waiting >= maxBuffer) return drop('vol', 1);
      let lines: string[];
      try {
        lines = capture(d, d.bsn ? o.writer.subject(d.bsn) : null);
      } catch (e) {
        // Facts JSON cannot write (never from a parsed request): counted, never thrown at the answer.
        drop('fout', 1);
        return o.onError?.(e, 1);
      }
      encoder.add(lines);
      waiting++;
      if (sealed.length && !soon && !flushing) {
        soon = true;
        setImmediate(() => { soon = false; void run(false); });
      }
    },
    now: o.clock === systemClock ? Date.now : () => o.clock.now().getTime(),
    flush,
    purge,
    stats: () => ({ buffered: waiting, written, dropped }),
    async close() {
      clearInterval(timer);
      if (purger) clearInterval(purger);
      closed = true;
      await flush();
      await o.writer.close?.();
    },
  };
}
