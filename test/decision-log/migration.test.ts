/**
 * SQLite step 5 drops the decision log's (decision, outcome, id) index: a log written by an earlier
 * release keeps every entry, its filters give the same pages, and a filter on the decision reads the
 * newest entries first instead of sorting every match.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/amend/store/sqlite-migrations.js';
import { openSqliteStore } from '../../src/amend/store/sqlite-store.js';
import { DECISION_COLUMNS } from '../../src/decision-log/decision-sql.js';

const dir = mkdtempSync(join(tmpdir(), 'decision-log-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('decision log migration (SQLite step 5)', () => {
  it('keeps the entries of an earlier release, filters them as before, and no filter sorts the whole log', async () => {
    const file = join(dir, 'procedure.sqlite');
    const db = new Database(file);
    for (const [v, step] of MIGRATIONS.slice(0, 4).entries()) {
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.pragma(`user_version = ${v + 1}`);
    }
    const ins = db.prepare(`INSERT INTO decision_log (${DECISION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const outcomes = ['TG3', 'TG6', 'niet_in_beroepentabel'];
    for (let i = 0; i < 30; i++) {
      ins.run(`2026-02-10T09:00:${String(i).padStart(2, '0')}.000Z`, 'evaluate', 'RTP', i % 2 ? 'tariefgroep' : 'declaratie', '2.0', 'h', '2026-02-10', outcomes[i % 3], '[]', '[]', null, null, '{}');
    }
    db.close();

    const store = await openSqliteStore(file);
    try {
      const page = await store.decisions.list({ decision: 'tariefgroep', outcome: 'TG3', limit: 2 });
      // Entries i odd with i % 3 == 0 (ids i + 1): 28, 22, 16, 10, 4; newest first.
      expect(page.map((d) => d.id)).toEqual([28, 22]);
      expect((await store.decisions.list({ decision: 'tariefgroep', outcome: 'TG3', beforeId: 22, limit: 10 })).map((d) => d.id)).toEqual([16, 10, 4]);
      expect(await store.decisions.list({ limit: 100 })).toHaveLength(30);
    } finally {
      await store.close();
    }
    const after = new Database(file, { readonly: true });
    try {
      const indexes = (after.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'decision_log'").all() as { name: string }[]).map((r) => r.name);
      expect(indexes).toEqual(['decision_log_by_at']);
      const plan = (after.prepare('EXPLAIN QUERY PLAN SELECT * FROM decision_log WHERE decision = ? ORDER BY id DESC LIMIT ?').all('tariefgroep', 100) as { detail: string }[]).map((r) => r.detail).join(' ');
      expect(plan).not.toMatch(/TEMP B-TREE/);
    } finally {
      after.close();
    }
  });
});
