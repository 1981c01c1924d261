/**
 * The decision log's SQLite writer thread: its own connection to the
 * procedure's database (WAL: the service's connection reads and writes
 * alongside), pseudonymises each batch and inserts it in one transaction.
 * synchronous = NORMAL on this connection only: in WAL mode a commit then does
 * not wait for the disk; the database stays consistent, and a power failure may
 * cost the last batches of the log (the procedure's own records keep FULL).
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { DECISION_COLUMNS } from '../amend/store/decision-sql.js';
import { decisionValues } from '../amend/store/rows.js';
import { toRecord, type PendingDecision } from './entry.js';
import { createPseudonymiser } from './pseudonymise.js';

const { path, key } = workerData as { path: string; key: Uint8Array };
const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
const pseudonymiser = createPseudonymiser(Buffer.from(key));
const insert = db.prepare(`INSERT INTO decision_log (${DECISION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
const writeAll = db.transaction((batch: PendingDecision[]) => {
  for (const d of batch) insert.run(...decisionValues(toRecord(d, pseudonymiser)));
});

parentPort!.on('message', ({ id, batch }: { id: number; batch: PendingDecision[] }) => {
  try {
    writeAll(batch);
    parentPort!.postMessage({ id });
  } catch (e) {
    parentPort!.postMessage({ id, error: String((e as Error)?.message ?? e) });
  }
});
