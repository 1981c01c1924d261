/**
 * `protocolregels audit verify` on SQLite and on a real PostgreSQL: the chain of a
 * working log fits; an entry edited past the append-only triggers is named (exit 1);
 * a log rewritten as a whole (hashes recomputed) no longer holds the head an adoption
 * commit recorded; logs of earlier releases are chained by the migration.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chain, GENESIS } from '../../src/amend/audit-chain.js';
import { SQLITE_FILE } from '../../src/amend/store/open-store.js';
import { PG_MIGRATIONS, migratePg } from '../../src/amend/store/pg-migrations.js';
import { openPgStore } from '../../src/amend/store/pg-store.js';
import { toAudit, type Row } from '../../src/amend/store/rows.js';
import { MIGRATIONS } from '../../src/amend/store/sqlite-migrations.js';
import { openSqliteStore } from '../../src/amend/store/sqlite-store.js';
import { main } from '../../src/cli.js';
import { addPsycholoog, startService } from '../amend/helpers.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

const entry = (entityId: string, action: string, reason: string | null = null) =>
  ({ at: '2026-02-11T08:00:00.000Z', actor: 'beoordelaar', entity: 'proposal' as const, entityId, action, from: 'ingediend', to: 'in_behandeling', reason });

let server: TestPostgres | undefined;
const dirs: string[] = [];
const tempDir = () => { const d = mkdtempSync(join(tmpdir(), 'audit-verify-')); dirs.push(d); return d; };
const saved = { ...process.env };

beforeAll(async () => { server = await startPostgres(); });
afterAll(async () => {
  await server?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
afterEach(() => {
  for (const k of ['DATA_DIR', 'DATABASE_URL', 'RULES_REPO']) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k]; }
});

/** `audit verify` in this process with these locations; its exit code and what it printed. */
async function verify(env: { DATA_DIR: string; DATABASE_URL?: string }) {
  process.env.DATA_DIR = env.DATA_DIR;
  if (env.DATABASE_URL) process.env.DATABASE_URL = env.DATABASE_URL; else delete process.env.DATABASE_URL;
  delete process.env.RULES_REPO;
  const lines: string[] = [];
  const code = await main(['audit', 'verify'], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  return { code, text: lines.join('\n') };
}

/** Runs SQL on a PostgreSQL database past the store. */
async function pgRaw(url: string, ...sql: string[]) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { for (const s of sql) await c.query(s); } finally { await c.end(); }
}

describe('audit verify: SQLite, with the rules repository', () => {
  it('a working log and its adoption commit fit; an entry edited past the trigger is named; a recomputed chain loses the head git recorded', async () => {
    const svc = await startService();
    const [a, r, admin] = [await svc.login('indiener'), await svc.login('beoordelaar'), await svc.login('beheerder')];
    const p = await a.agent.post('/api/v1/proposals').set('X-CSRF-Token', a.csrf).send({ title: 'Psycholoog', rationale: 'r', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', files: addPsycholoog() });
    await a.agent.post(`/api/v1/proposals/${p.body.id}/submit`).set('X-CSRF-Token', a.csrf).expect(200);
    for (const to of ['in_behandeling', 'aangenomen']) await r.agent.post(`/api/v1/proposals/${p.body.id}/transition`).set('X-CSRF-Token', r.csrf).send({ to, reason: 'akkoord' }).expect(200);
    const head = await svc.amend.store.auditHead();
    await admin.agent.post('/api/v1/adoptions').set('X-CSRF-Token', admin.csrf).send({ protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: [p.body.id] }).expect(201);
    const message = (await svc.amend.repo.git(['log', '-1', '--format=%B', 'rtp-2.1'])).stdout.toString();
    expect(message).toContain(`Audit-Head: ${head}`);
    await svc.close();

    const ok = await verify({ DATA_DIR: svc.dataDir });
    expect(ok.text).toMatch(/keten klopt/);
    expect(ok.text).toMatch(/1 van 1 vaststellingscommits/);
    expect(ok.code).toBe(0);

    // Someone with access to the file edits entry 2 (the trigger refuses, so they drop it first).
    const db = new Database(join(svc.dataDir, SQLITE_FILE));
    expect(() => db.prepare("UPDATE audit_log SET reason = 'anders' WHERE id = 2").run()).toThrow(/append-only/);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET actor = 'iemand anders' WHERE id = 2").run();
    const bad = await verify({ DATA_DIR: svc.dataDir });
    expect(bad.code).toBe(1);
    expect(bad.text).toMatch(/item 2 past niet in de keten \(.*iemand anders/);

    // A careful forger recomputes every hash: the chain fits again, but the head in the adoption commit is gone.
    let prev = GENESIS;
    for (const row of db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Row[]) {
      const c = chain(toAudit(row), prev);
      db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?').run(c.prevHash, c.hash, c.id);
      prev = c.hash;
    }
    db.close();
    const forged = await verify({ DATA_DIR: svc.dataDir });
    expect(forged.text).toMatch(/keten klopt/);
    expect(forged.text).toMatch(/RTP 2\.1 vastgesteld.*legde kop [0-9a-f]{64} vast, maar die staat niet in de auditlog/);
    expect(forged.code).toBe(1);
  });

  it('a log of an earlier release (before the chain) is chained in id order by the migration, and new entries follow it', async () => {
    const dir = tempDir();
    const db = new Database(join(dir, SQLITE_FILE));
    for (const [v, step] of MIGRATIONS.slice(0, 2).entries()) { db.exec(step as string); db.pragma(`user_version = ${v + 1}`); }
    const ins = db.prepare('INSERT INTO audit_log (at, actor, entity, entity_id, action, from_state, to_state, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const i of [1, 2, 3]) ins.run('2026-02-11T08:00:00.000Z', 'beoordelaar', 'proposal', String(i), 'ingediend', null, 'ingediend', null);
    db.close();
    const store = await openSqliteStore(join(dir, SQLITE_FILE));
    await store.audit(entry('4', 'ingediend'));
    const log = await store.auditLog();
    await store.close();
    expect(log.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    expect(log[0].prevHash).toBe(GENESIS);
    expect(log[3].prevHash).toBe(log[2].hash);
    const out = await verify({ DATA_DIR: dir });
    expect(out.text).toMatch(/4 items, keten klopt/);
    expect(out.code).toBe(0);
  });
});

describe('audit verify: PostgreSQL', () => {
  it('an entry edited past the trigger (through a direct connection) is named; the others before it still fit', async () => {
    const url = await server!.createDatabase();
    const store = await openPgStore(url, { poolSize: 4 });
    // Two processes' worth of writers at once: the chain stays one line.
    const other = await openPgStore(url, { poolSize: 4 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? store : other).audit(entry(String(i), 'ingediend'))));
    await store.tx(async (t) => { await t.audit(entry('99', 'in_behandeling')); });
    await other.close();
    await store.close();
    const dataDir = tempDir();
    const ok = await verify({ DATA_DIR: dataDir, DATABASE_URL: url });
    expect(ok.text).toMatch(/21 items, keten klopt/);
    expect(ok.code).toBe(0);

    await expect(pgRaw(url, "UPDATE audit_log SET reason = 'anders' WHERE id = 7")).rejects.toThrow(/append-only/);
    await pgRaw(url, 'ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only', "UPDATE audit_log SET reason = 'anders' WHERE id = 7", 'ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    const bad = await verify({ DATA_DIR: dataDir, DATABASE_URL: url });
    expect(bad.code).toBe(1);
    expect(bad.text).toMatch(/item 7 past niet in de keten/);

    // A removed entry breaks the link of the one after it.
    const url2 = await server!.createDatabase();
    const s2 = await openPgStore(url2, { poolSize: 2 });
    for (const i of [1, 2, 3]) await s2.audit(entry(String(i), 'ingediend'));
    await s2.close();
    await pgRaw(url2, 'ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only', 'DELETE FROM audit_log WHERE id = 2');
    const gap = await verify({ DATA_DIR: dataDir, DATABASE_URL: url2 });
    expect(gap.code).toBe(1);
    expect(gap.text).toMatch(/item 3 past niet in de keten.*item 1 gewijzigd, of een item ertussen verwijderd/);
  });

  it('a log of an earlier release is chained by the migration', async () => {
    const url = await server!.createDatabase();
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    await migratePg(pool, PG_MIGRATIONS.slice(0, 1));
    for (const i of [1, 2]) await pool.query("INSERT INTO audit_log (at, actor, entity, entity_id, action) VALUES ('2026-02-11T08:00:00.000Z', 'x', 'proposal', $1, 'ingediend')", [String(i)]);
    await pool.end();
    const store = await openPgStore(url, { poolSize: 2 });
    await store.audit(entry('3', 'ingediend'));
    const log = await store.auditLog();
    await store.close();
    expect(log.map((e) => e.prevHash)).toEqual([GENESIS, log[0].hash, log[1].hash]);
    const out = await verify({ DATA_DIR: tempDir(), DATABASE_URL: url });
    expect(out.code).toBe(0);
    // The trigger is on again after the backfill.
    await expect(pgRaw(url, "UPDATE audit_log SET reason = 'x'")).rejects.toThrow(/append-only/);
  });
});
