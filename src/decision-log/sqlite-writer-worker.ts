/**
 * The decision log's SQLite writer thread: its own connection to the
 * procedure's database (WAL: the service's connection reads and writes
 * alongside). For each batch (a transferred buffer of captured decisions,
 * entry.ts) it pseudonymises the facts (pseudonymise.ts, with the log's key),
 * inserts the batch in one transaction, and zeroes the buffer (then sends it
 * back to be filled again), so the facts in clear live no longer than the
 * batch's own handling.
 * synchronous = NORMAL on this connection only: in WAL mode a commit then does
 * not wait for the disk; the database stays consistent, and a power failure may
 * cost the last batches of the log (the procedure's own records keep FULL).
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { DECISION_COLUMNS, decisionRow } from './decision-sql.js';
import { decodeBatch, toStored } from './entry.js';
import { createPseudonymiser } from './pseudonymise.js';
import type { SqliteWriterTask } from './writers.js';

const { path, key } = workerData as { path: string; key: Uint8Array };
const pseudonymiser = createPseudonymiser(Buffer.from(key));
const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 5000');
/** Rows per INSERT statement: one statement's fixed cost (binding, stepping, the AUTOINCREMENT counter) shared by many rows. */
const ROWS_PER_INSERT = 32;
const COLUMNS = DECISION_COLUMNS.split(',').length;
const insertOf = (rows: number) => db.prepare(`INSERT INTO decision_log (${DECISION_COLUMNS}) VALUES ${Array(rows).fill(`(${Array(COLUMNS).fill('?').join(', ')})`).join(', ')}`);
const insertOne = insertOf(1);
const insertMany = insertOf(ROWS_PER_INSERT);
const writeAll = db.transaction((bytes: Buffer) => {
  // The batch's rows in order, each row's values one after another.
  const values: unknown[] = [];
  for (const c of decodeBatch(bytes.toString('utf8'))) {
    const { record, factsJson } = toStored(c, pseudonymiser);
    for (const v of decisionRow(record, factsJson)) values.push(v);
  }
  const many = ROWS_PER_INSERT * COLUMNS;
  let i = 0;
  for (; i + many <= values.length; i += many) insertMany.run(values.slice(i, i + many));
  for (; i < values.length; i += COLUMNS) insertOne.run(values.slice(i, i + COLUMNS));
});

parentPort!.on('message', ({ id, buffer, offset, length }: SqliteWriterTask) => {
  const bytes = Buffer.from(buffer, offset, length);
  let error: string | undefined;
  try {
    writeAll(bytes);
  } catch (e) {
    // A JSON error quotes the text it could not read (facts in clear): only its kind is told.
    error = e instanceof SyntaxError ? 'batch not readable (JSON)' : String((e as Error)?.message ?? e);
  }
  bytes.fill(0);
  // The zeroed buffer goes back to be filled again.
  parentPort!.postMessage(error === undefined ? { id, buffer } : { id, error, buffer }, [buffer]);
});
