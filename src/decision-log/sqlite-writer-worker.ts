/**
 * The decision log's SQLite writer thread: its own connection to the
 * procedure's database (WAL: the service's connection reads and writes
 * alongside), inserts each batch of rows (already pseudonymised) in one transaction.
 * synchronous = NORMAL on this connection only: in WAL mode a commit then does
 * not wait for the disk; the database stays consistent, and a power failure may
 * cost the last batches of the log (the procedure's own records keep FULL).
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { DECISION_COLUMNS } from './decision-sql.js';

const { path } = workerData as { path: string };
const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
const insert = db.prepare(`INSERT INTO decision_log (${DECISION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
const writeAll = db.transaction((rows: unknown[][]) => {
  for (const row of rows) insert.run(...row);
});

parentPort!.on('message', ({ id, rows }: { id: number; rows: unknown[][] }) => {
  try {
    writeAll(rows);
    parentPort!.postMessage({ id });
  } catch (e) {
    parentPort!.postMessage({ id, error: String((e as Error)?.message ?? e) });
  }
});
