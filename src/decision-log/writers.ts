/**
 * The two ways a flushed batch reaches the store:
 * - `storeWriter`: pseudonymise (entry.ts) and write through the store port,
 *   on this thread. For PostgreSQL, where writing is I/O.
 * - `sqliteWorkerWriter`: for the embedded SQLite, whose writes are
 *   synchronous (and fsync): a worker thread with its own connection to the
 *   same database file pseudonymises and writes, so neither blocks the thread
 *   that answers requests. Only a reduced copy of each entry crosses over.
 */
import { Worker } from 'node:worker_threads';
import type { Store } from '../amend/store/store.js';
import type { DecisionWriter } from './decision-log.js';
import { reduce, toRecord } from './entry.js';
import type { Pseudonymiser } from './pseudonymise.js';

export function storeWriter(store: Pick<Store, 'decisions'>, pseudonymiser: Pseudonymiser): DecisionWriter {
  return {
    write: (batch) => store.decisions.add(batch.map((d) => toRecord(d, pseudonymiser))),
    removeBefore: (at) => store.decisions.removeBefore(at),
  };
}

const BOOT = new URL('./sqlite-writer-boot.mjs', import.meta.url);

/** A writer on a worker thread with its own connection to the SQLite file (already migrated by the store). */
export function sqliteWorkerWriter(path: string, key: Buffer, store: Pick<Store, 'decisions'>): DecisionWriter {
  const worker = new Worker(BOOT, { workerData: { path, key } });
  worker.unref();
  let next = 1;
  const pending = new Map<number, { resolve(): void; reject(e: Error): void }>();
  const fail = (e: Error) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  let dead: Error | undefined;
  worker.on('message', (m: { id: number; error?: string }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error !== undefined) p?.reject(new Error(m.error));
    else p?.resolve();
  });
  worker.on('error', (e) => { dead = e; fail(e); });
  worker.on('exit', (code) => { dead ??= new Error(`decision log writer exited (${code})`); fail(dead); });
  return {
    write(batch) {
      if (dead) return Promise.reject(dead);
      const id = next++;
      return new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, batch: batch.map(reduce) });
      });
    },
    removeBefore: (at) => store.decisions.removeBefore(at),
    async close() {
      if (!dead) await worker.terminate();
    },
  };
}
