/**
 * A consistent copy of the procedure's store while the service writes to it:
 * SQLite through its online backup API (better-sqlite3's `backup`), PostgreSQL
 * through `pg_dump` (custom format) on a snapshot exported by a repeatable-read
 * transaction, in which the counts and the audit head are read as well.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { GENESIS } from '../audit-chain.js';
import { TABLES, type RecordCounts } from './manifest.js';
import { pgTool, runTool } from './pg-tools.js';

export interface StoreSnapshot {
  counts: RecordCounts;
  auditHead: string;
}

type Read = (sql: string) => Promise<Record<string, unknown> | undefined>;

async function describeRecords(one: Read, tables: string[]): Promise<StoreSnapshot> {
  const counts: RecordCounts = {};
  for (const t of tables) counts[t] = Number((await one(`SELECT count(*) AS n FROM ${t}`))!.n);
  const head = await one('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1');
  return { counts, auditHead: (head?.hash as string | undefined) ?? GENESIS };
}

export async function snapshotSqlite(dbPath: string, dest: string): Promise<StoreSnapshot> {
  const src = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    await src.backup(dest);
  } finally {
    src.close();
  }
  // The copy is one self-contained file (no -wal or -shm beside it); the service sets WAL again when it opens it.
  const copy = new Database(dest, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  return describeSqlite(dest);
}

export async function describeSqlite(file: string): Promise<StoreSnapshot> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const present = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    return await describeRecords(async (sql) => db.prepare(sql).get() as Record<string, unknown> | undefined, TABLES.filter((t) => present.has(t)));
  } finally {
    db.close();
  }
}

export async function snapshotPg(url: string, dest: string): Promise<StoreSnapshot> {
  const pgDump = pgTool('pg_dump');
  const c = new pg.Client({ connectionString: url, application_name: 'protocolregels-backup' });
  await c.connect();
  try {
    await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = (await c.query('SELECT pg_export_snapshot() AS s')).rows[0].s as string;
    const described = await describeRecords(async (sql) => (await c.query(sql)).rows[0], TABLES);
    await runTool(pgDump, ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${snapshot}`, `--file=${dest}`, `--dbname=${url}`]);
    await c.query('COMMIT');
    return described;
  } finally {
    await c.end().catch(() => undefined);
  }
}
