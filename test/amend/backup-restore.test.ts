/**
 * Backup and restore (src/amend/backup/*) on SQLite and on a real PostgreSQL: a backup taken while
 * comments and audit entries are being written restores to the state of the moment of the
 * snapshot, compared record by record (proposals with their files, comments, consents and impact
 * analyses; providers; adoptions; audit entries with their hashes), with the same tags and content
 * hashes; an adoption caught half-way is finished or dropped at the next start as after a crash;
 * a restore into a non-empty directory or database is refused.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/amend/audit-chain.js';
import { takeBackup, versionsOf } from '../../src/amend/backup/backup.js';
import { refsOf } from '../../src/amend/backup/git-bundle.js';
import { restoreBackup } from '../../src/amend/backup/restore.js';
import { openStore, SQLITE_FILE } from '../../src/amend/store/open-store.js';
import type { Store } from '../../src/amend/store/store.js';
import { main } from '../../src/cli.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { addPsycholoog, rewordOverleg, startService, type TestService } from './helpers.js';

type Kind = 'sqlite' | 'postgres';

let server: TestPostgres | undefined;
const dirs: string[] = [];
const tempDir = (p = 'backup-') => { const d = mkdtempSync(join(tmpdir(), p)); dirs.push(d); return d; };

beforeAll(async () => { server = await startPostgres(); });
afterAll(async () => {
  await server?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Every record of the store, in a fixed order. */
async function recordsOf(s: Store) {
  const proposals = [];
  for (const p of await s.listProposals()) {
    proposals.push({ p, files: await s.getFiles(p.id), comments: await s.listComments(p.id), consents: await s.consentEntries(p.id), impacts: await s.impactsOf(p.id) });
  }
  return { proposals, providers: await s.listProviders(), adoptions: await s.listAdoptions(), audit: await s.auditLog() };
}
type Records = Awaited<ReturnType<typeof recordsOf>>;

/** The live records as they stood when the snapshot held `audit` entries and `comments` comments on each proposal (the writer only appends). */
function asOfSnapshot(live: Records, restored: Records): Records {
  const lastAudit = restored.audit.at(-1)?.id ?? 0;
  return {
    ...live,
    proposals: live.proposals.map((x, i) => ({ ...x, comments: x.comments.slice(0, restored.proposals[i]?.comments.length ?? 0) })),
    audit: live.audit.filter((e) => e.id <= lastAudit),
  };
}

async function proposal(svc: TestService, files: ReturnType<typeof addPsycholoog>, to: string[]) {
  const [a, r] = [await svc.login('indiener'), await svc.login('beoordelaar')];
  const p = await a.agent.post('/api/v1/proposals').set('X-CSRF-Token', a.csrf).send({ title: 'Voorstel', rationale: 'r', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', files });
  if (to.length) await a.agent.post(`/api/v1/proposals/${p.body.id}/submit`).set('X-CSRF-Token', a.csrf).expect(200);
  for (const t of to) await r.agent.post(`/api/v1/proposals/${p.body.id}/transition`).set('X-CSRF-Token', r.csrf).send({ to: t, reason: 'akkoord' }).expect(200);
  return p.body.id as number;
}

async function places(kind: Kind) {
  const dataDir = tempDir('backup-data-');
  return { dataDir, rulesRepo: join(dataDir, 'rules-repo'), databaseUrl: kind === 'postgres' ? await server!.createDatabase() : undefined };
}

describe.each<Kind>(['sqlite', 'postgres'])('backup and restore: %s', (kind) => {
  it('a backup taken during writes restores to the same records, tags and content hashes; a non-empty target is refused', async () => {
    const at = await places(kind);
    const svc = await startService(at);
    const admin = await svc.login('beheerder');
    await admin.agent.post('/api/v1/providers').set('X-CSRF-Token', admin.csrf).send({ providers: [{ id: 'p1', name: 'Alfa' }, { id: 'p2', name: 'Beta' }] }).expect(200);
    const adopted = await proposal(svc, addPsycholoog(), ['in_behandeling', 'aangenomen']);
    await admin.agent.post('/api/v1/adoptions').set('X-CSRF-Token', admin.csrf).send({ protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: [adopted] }).expect(201);
    const open = await proposal(svc, rewordOverleg(), ['in_behandeling']);
    await svc.amend.store.setConsent(open, 'p1', { agrees: true, answeredOn: '2026-02-09', proof: 'e-mail 9 februari' }, 'beheerder', '2026-02-10T09:00:00.000Z');

    // A writer appends comments (and a reviewer's audit trail) while the backup runs.
    const writer = await svc.login('beoordelaar');
    let writing = true;
    let acknowledged = 0;
    const writes = (async () => {
      while (writing) {
        await writer.agent.post(`/api/v1/proposals/${open}/comments`).set('X-CSRF-Token', writer.csrf).send({ text: `opmerking ${acknowledged + 1}` }).expect(201);
        acknowledged++;
      }
    })();
    while (acknowledged < 5) await new Promise((r) => setTimeout(r, 5));
    const before = acknowledged;
    const out = join(tempDir(), 'backup');
    const manifest = await takeBackup({ out, sqliteFile: join(at.dataDir, SQLITE_FILE), databaseUrl: at.databaseUrl, rulesRepo: at.rulesRepo });
    const afterBackup = acknowledged;
    while (acknowledged < afterBackup + 5) await new Promise((r) => setTimeout(r, 5));
    writing = false;
    await writes;
    const live = await recordsOf(svc.amend.store);
    const liveRefs = await refsOf(at.rulesRepo);
    const liveVersions = await versionsOf(at.rulesRepo);
    await svc.close();

    const target = await places(kind);
    await restoreBackup({ from: out, ...target });
    const restoredStore = await openStore(target);
    const restored = await recordsOf(restoredStore);
    await restoredStore.close();

    // Every comment acknowledged before the backup started is there; none acknowledged after it ended.
    const comments = restored.proposals.find((x) => x.p.id === open)!.comments.length;
    expect(comments).toBeGreaterThanOrEqual(before);
    expect(comments).toBeLessThanOrEqual(afterBackup);
    expect(manifest.store.counts.comments).toBe(comments);
    // Record by record, the state at the snapshot.
    expect(restored).toEqual(asOfSnapshot(live, restored));
    expect(restored.adoptions.map((a) => [a.tag, a.status])).toEqual([['rtp-2.1', 'vastgesteld']]);
    expect(restored.providers.map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(verifyChain(restored.audit)).toMatchObject({ ok: true, head: manifest.store.auditHead });
    // The rules repository: the same main, tags and versions with their content hashes.
    expect(await refsOf(target.rulesRepo)).toEqual(liveRefs);
    expect(await versionsOf(target.rulesRepo)).toEqual(liveVersions);
    expect(manifest.versions).toEqual(liveVersions);
    expect(manifest.versions.map((v) => `${v.protocol} ${v.version}`)).toContain('RTP 2.1');

    // The restored data serves: a service started on it has the adopted version, and the log verifies.
    const again = await startService(target);
    expect((await again.amend.adoptions.list()).map((a) => a.tag)).toEqual(['rtp-2.1']);
    await again.close();

    // Restoring again over the restored data is refused, and nothing there changes.
    await expect(restoreBackup({ from: out, ...target })).rejects.toThrow(/niet leeg/);
    if (kind === 'sqlite') {
      const lines: string[] = [];
      const saved = process.env.DATA_DIR;
      process.env.DATA_DIR = target.dataDir;
      try {
        expect(await main(['restore', '--from', out], { out: (l) => lines.push(l), err: (l) => lines.push(l) })).toBe(1);
      } finally {
        if (saved === undefined) delete process.env.DATA_DIR; else process.env.DATA_DIR = saved;
      }
      expect(lines.join('\n')).toMatch(/is niet leeg: zet een back-up alleen terug in een lege gegevensmap/);
    } else {
      // An empty data directory but a database that already has tables.
      await expect(restoreBackup({ from: out, ...target, dataDir: tempDir(), rulesRepo: join(tempDir(), 'r') })).rejects.toThrow(/database heeft al \d+ tabel/);
    }
  });

  it('an adoption caught between its steps by the backup is finished or dropped at the next start, as after a crash', async () => {
    const at = await places(kind);
    let release!: () => void;
    const paused = new Promise<void>((r) => { release = r; });
    let reached!: () => void;
    const atRefs = new Promise<void>((r) => { reached = r; });
    const svc = await startService({ ...at, hooks: { at: async (p) => { if (p === 'before-refs') { reached(); await paused; } } } });
    const id = await proposal(svc, addPsycholoog(), ['in_behandeling', 'aangenomen']);
    const admin = await svc.login('beheerder');
    const adoption = admin.agent.post('/api/v1/adoptions').set('X-CSRF-Token', admin.csrf).send({ protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: [id] }).then((r) => r);
    await atRefs;
    const out = join(tempDir(), 'backup');
    const m = await takeBackup({ out, sqliteFile: join(at.dataDir, SQLITE_FILE), databaseUrl: at.databaseUrl, rulesRepo: at.rulesRepo });
    release();
    expect((await adoption).status).toBe(201);
    await svc.close();
    expect(Object.keys(m.rulesRepo.tags)).not.toContain('rtp-2.1');
    const target = await places(kind);
    await restoreBackup({ from: out, ...target });
    const again = await startService(target);
    expect(again.amend.startup.recovered.dropped).toEqual(['rtp-2.1']);
    expect(await again.amend.adoptions.list()).toEqual([]);
    expect((await again.amend.store.getProposal(id))?.adoptedIn).toBeNull();
    await again.close();
  });
});

it('backup refuses a non-empty output folder', async () => {
  const out = tempDir();
  writeFileSync(join(out, 'iets'), 'x');
  await expect(takeBackup({ out, sqliteFile: '/nonexistent', rulesRepo: '/nonexistent' })).rejects.toThrow(/niet leeg/);
});
