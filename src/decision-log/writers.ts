/**
 * The two ways a flushed batch reaches the store:
 * - `storeWriter`: pseudonymise (entry.ts) and write through the store port,
 *   on this thread. For PostgreSQL, where writing is I/O.
 * - `sqliteWorkerWriter`: for the embedded SQLite, whose writes are
 *   synchronous: the entries are pseudonymised here and cross to a worker
 *   thread as rows of plain column values (text and numbers: cheap to copy,
 *   no object graphs), where a connection of its own to the same database
 *   file inserts them, so the inserts never block the thread that answers.
 */
import { Worker } from 'node:worker_threads';
import type { DecisionStore as Store } from './store-port.js';
import type { DecisionWriter } from './decision-log.js';
import { decisionValues } from './decision-sql.js';
import { toRecord } from './entry.js';
import type { Pseudonymiser } from './pseudonymise.js';

export function storeWriter(store: Pick<Store, 'decisions'>, pseudonymiser: Pseudonymiser): DecisionWriter {
  return {
    write: (batch) => store.decisions.add(batch.map((d) => toRecord(d, pseudonymiser))),
    removeBefore: (at) => store.decisions.removeBefore(at),
  };
}

const BOOT = new URL('./sqlite-writer-boot.mjs', import.meta.url);

/** Inserts on a worker thread with its own connection to the SQLite file (already migrated by the store). */
export function sqliteWorkerWriter(path: string, pseudonymiser: Pseudonymiser, store: Pick<Store, 'decisions'>): DecisionWriter {
  const worker = new Worker(BOOT, { workerData: { path } });
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
        worker.postMessage({ id, rows: batch.map((d) => decisionValues(toRecord(d, pseudonymiser))) });
      });
    },
    removeBefore: (at) => store.decisions.removeBefore(at),
    async close() {
      if (!dead) await worker.terminate();
    },
  };
}
