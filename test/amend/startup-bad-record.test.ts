/** Startup never fails on one bad stored record: it is repaired where it can be, else reported and set aside. */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import request from 'supertest';
import { expect, it } from 'vitest';
import { startService } from './helpers.js';

function plant(dataDir: string, title: string, branch: string): number {
  const db = new Database(join(dataDir, 'procedure.sqlite'));
  try {
    const at = '2026-02-10T09:00:00.000Z';
    return Number(db.prepare(`INSERT INTO proposals (title, category, protocol, base_version, rationale, rules_json, author, state, branch, created_at, updated_at)
      VALUES (?, 'wijzigen', 'RTP', '2.0', ?, 'geen json', 'indiener', 'concept', ?, ?, ?)`).run(title, 'reden\u0000', branch, at, at).lastInsertRowid);
  } finally {
    db.close();
  }
}

it('starts with a NUL-titled record without branch (repaired) and an unrepairable one (set aside), and answers', async () => {
  const first = await startService();
  await first.close();
  const nul = plant(first.dataDir, 'Titel met \u0000 NUL', 'voorstel/90');
  const bad = plant(first.dataDir, 'Kapotte tak', 'voorstel/..ongeldig');
  const again = await startService({ dataDir: first.dataDir, rulesRepo: first.rulesRepo });
  try {
    expect(again.amend.startup.repairedBranches).toContain(nul);
    expect(again.amend.startup.setAside.map((s) => s.id)).toEqual([bad]);
    expect((await request(again.app).get('/healthz')).status).toBe(200);
    const u = await again.login('indiener');
    const list = await u.agent.get('/api/v1/proposals');
    expect(list.status).toBe(200);
    expect(list.body.proposals.map((p: { id: number }) => p.id)).toEqual(expect.arrayContaining([nul, bad]));
  } finally {
    await again.close();
  }
});
