/**
 * The two ways a batch of captured decisions (encoded-batch.ts) reaches the store:
 * - `storeWriter`: decode, pseudonymise (entry.ts, pseudonymise.ts) and write
 *   through the store port, on this thread. For PostgreSQL, where writing is I/O.
 * - `sqliteWorkerWriter`: for the embedded SQLite, whose writes are
 *   synchronous: the batch's buffer is transferred (not copied) to a worker
 *   thread, which decodes, pseudonymises and inserts it on a connection of its
 *   own to the same database file, and then zeroes the buffer. Neither the
 *   work nor the inserts ever hold up the thread that answers.
 * Both take the BSN's keyed hash on the answering thread (`subject`).
 */
import { Worker } from 'node:worker_threads';
import type { DecisionStore as Store } from './store-port.js';
import type { DecisionWriter } from './decision-log.js';
import type { DecisionRecord } from './types.js';
import { decodeBatch, toStored } from './entry.js';
import { createPseudonymiser, type Pseudonymiser } from './pseudonymise.js';

export function storeWriter(store: Pick<Store, 'decisions'>, pseudonymiser: Pseudonymiser): DecisionWriter {
  return {
    subject: (bsn) => pseudonymiser.text('bsn', bsn),
    async write(batch) {
      let records: DecisionRecord[];
      try {
        records = decodeBatch(batch.bytes.toString('utf8')).map((c) => {
          const { record, factsJson } = toStored(c, pseudonymiser);
          return { ...record, facts: JSON.parse(factsJson) as Record<string, unknown> };
        });
      } catch (e) {
        // A JSON error quotes the text it could not read (facts in clear): only its kind is told.
        throw e instanceof SyntaxError ? new Error('batch not readable (JSON)') : e;
      }
      await store.decisions.add(records);
    },
    removeBefore: (at) => store.decisions.removeBefore(at),
  };
}

const BOOT = new URL('./sqlite-writer-boot.mjs', import.meta.url);

/** What the SQLite writer thread is sent: one batch, its buffer transferred. */
export interface SqliteWriterTask {
  id: number;
  buffer: ArrayBuffer;
  offset: number;
  length: number;
}

/** Inserts on a worker thread with its own connection to the SQLite file (already migrated by the store). */
export function sqliteWorkerWriter(path: string, key: Buffer, store: Pick<Store, 'decisions'>): DecisionWriter {
  const pseudonymiser = createPseudonymiser(key);
  const worker = new Worker(BOOT, { workerData: { path, key } });
  worker.unref();
  let next = 1;
  const pending = new Map<number, { resolve(buffer?: ArrayBuffer): void; reject(e: Error): void }>();
  const fail = (e: Error) => {
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  let dead: Error | undefined;
  worker.on('message', (m: { id: number; error?: string; buffer?: ArrayBuffer }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.error !== undefined) p?.reject(new Error(m.error));
    else p?.resolve(m.buffer);
  });
  worker.on('error', (e) => { dead = e; fail(e); });
  worker.on('exit', (code) => { dead ??= new Error(`decision log writer exited (${code})`); fail(dead); });
  return {
    subject: (bsn) => pseudonymiser.text('bsn', bsn),
    write(batch) {
      if (dead) return Promise.reject(dead);
      const id = next++;
      return new Promise<ArrayBuffer | undefined>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        const { buffer, byteOffset, length } = batch.bytes;
        const task: SqliteWriterTask = { id, buffer: buffer as ArrayBuffer, offset: byteOffset, length };
        worker.postMessage(task, [buffer as ArrayBuffer]);
      });
    },
    removeBefore: (at) => store.decisions.removeBefore(at),
    async close() {
      if (!dead) await worker.terminate();
    },
  };
}
