/** Proposals, audit log and adopted versions survive a restart; a SIGKILL mid-adoption leaves old or new, never half. */
import { execFileSync, fork } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { addPsycholoog, FIXTURE_RULES, rewordOverleg, startService, type TestService } from './helpers.js';

const CHILD = fileURLToPath(new URL('./adopt-child.ts', import.meta.url));
const FREE_CHILD = fileURLToPath(new URL('./adopt-child-free.ts', import.meta.url));
let svc: TestService | undefined;
afterEach(() => { svc?.close(); svc = undefined; });

const git = (repo: string, ...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();

async function acceptedProposal(s: TestService, files = addPsycholoog()) {
  const [a, r] = [await s.login('indiener'), await s.login('beoordelaar')];
  const p = await a.agent.post('/api/v1/proposals').set('X-CSRF-Token', a.csrf).send({ title: 'Psycholoog in TG4', rationale: 'r', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', files });
  await a.agent.post(`/api/v1/proposals/${p.body.id}/submit`).set('X-CSRF-Token', a.csrf).expect(200);
  for (const to of ['in_behandeling', 'aangenomen']) await r.agent.post(`/api/v1/proposals/${p.body.id}/transition`).set('X-CSRF-Token', r.csrf).send({ to, reason: 'akkoord' }).expect(200);
  return p.body.id as number;
}

const psycholoog2026 = { protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'psycholoog', datum: '2026-06-01' } };

describe('restart', () => {
  it('keeps proposals, comments, audit log, providers and adopted versions', async () => {
    svc = await startService();
    const dataDir = svc.dataDir;
    const adopted = await acceptedProposal(svc);
    const a = await svc.login('indiener');
    const concept = (await a.agent.post('/api/v1/proposals').set('X-CSRF-Token', a.csrf).send({ title: 'Nog bezig', rationale: 'r', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', files: rewordOverleg() })).body.id;
    await a.agent.post(`/api/v1/proposals/${concept}/comments`).set('X-CSRF-Token', a.csrf).send({ text: 'eerste opmerking' }).expect(201);
    const admin = await svc.login('beheerder');
    await admin.agent.post('/api/v1/providers').set('X-CSRF-Token', admin.csrf).send({ id: 'a1', name: 'Aanbieder 1' }).expect(200);
    await admin.agent.post('/api/v1/adoptions').set('X-CSRF-Token', admin.csrf).send({ protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: [adopted] }).expect(201);
    const before = (await a.agent.get(`/api/v1/proposals/${adopted}`)).body;
    await svc.close();

    svc = await startService({ dataDir });
    const b = await svc.login('beoordelaar');
    const after = (await b.agent.get(`/api/v1/proposals/${adopted}`)).body;
    expect(after.history).toEqual(before.history);
    expect(after).toMatchObject({ state: 'aangenomen', adoptedIn: '2.1', files: before.files });
    expect((await b.agent.get(`/api/v1/proposals/${concept}`)).body).toMatchObject({ state: 'concept', comments: [expect.objectContaining({ text: 'eerste opmerking' })] });
    expect((await b.agent.get('/api/v1/providers')).body.providers).toEqual([{ id: 'a1', name: 'Aanbieder 1', contracted: true }]);
    expect((await b.agent.get('/api/v1/adoptions')).body.adoptions).toEqual([expect.objectContaining({ protocol: 'RTP', version: '2.1', tag: 'rtp-2.1', status: 'vastgesteld' })]);
    // The served registry comes from the repository's main: 2.1 is live after the restart too.
    expect((await b.agent.post('/api/v1/evaluate').send(psycholoog2026)).body).toMatchObject({ version: '2.1', outcome: 'TG4' });
  });

  it('recreates the branch of a proposal whose first commit a crash prevented', async () => {
    svc = await startService();
    const { dataDir, rulesRepo } = svc;
    const id = await acceptedProposal(svc);
    await svc.close();
    git(rulesRepo, 'update-ref', '-d', `refs/heads/voorstel/${id}`);
    svc = await startService({ dataDir });
    expect(git(rulesRepo, 'diff', '--name-only', 'rtp-2.0', `voorstel/${id}`)).toBe('rtp/tables/beroepen.yaml\nrtp/tests/tariefgroep.yaml');
  });

  it('imports version folders newly added to rules/ at the next start, and never overwrites one it has', async () => {
    const shipped = mkdtempSync(join(tmpdir(), 'shipped-'));
    cpSync(FIXTURE_RULES, shipped, { recursive: true });
    const v20 = join(shipped, 'rtp/2.0');
    rmSync(join(shipped, 'rtp/1.0'), { recursive: true });
    svc = await startService({ shippedRulesDir: shipped });
    const { dataDir, rulesRepo } = svc;
    expect(git(rulesRepo, 'tag', '--list')).toBe('rtp-2.0');
    const main = git(rulesRepo, 'rev-parse', 'main');
    await svc.close();
    // A developer adds the older 1.0 and a newer 3.0, and edits 2.0, in rules/.
    cpSync(join(FIXTURE_RULES, 'rtp/1.0'), join(shipped, 'rtp/1.0'), { recursive: true });
    cpSync(v20, join(shipped, 'rtp/3.0'), { recursive: true });
    const ruleset20 = readFileSync(join(v20, 'ruleset.yaml'), 'utf8');
    writeFileSync(join(shipped, 'rtp/3.0/ruleset.yaml'), ruleset20.replace('version: "2.0"', 'version: "3.0"').replace('validFrom: 2025-01-01', 'validFrom: 2027-01-01').replace('Testprotocol 2.0', 'Testprotocol 3.0'));
    writeFileSync(join(v20, 'ruleset.yaml'), ruleset20.replace('Testprotocol 2.0', 'Gewijzigd'));
    svc = await startService({ dataDir, shippedRulesDir: shipped });
    expect(svc.amend.startup).toMatchObject({ imported: ['rtp/1.0', 'rtp/3.0'], differing: ['rtp/2.0'], migrated: false });
    expect(git(rulesRepo, 'tag', '--list').split('\n')).toEqual(['rtp-1.0', 'rtp-2.0', 'rtp-3.0']);
    // The newer version moves main on; the older one is a tagged commit beside it.
    expect(git(rulesRepo, 'log', '--format=%s', 'main').split('\n')).toEqual(['RTP 3.0 overgenomen uit rules/', 'Regels overgenomen uit rules/ (eerste start): rtp/2.0']);
    expect(git(rulesRepo, 'rev-parse', 'rtp-1.0^{commit}^')).toBe(main);
    expect(git(rulesRepo, 'log', '-1', '--format=%s', 'rtp-1.0')).toBe('RTP 1.0 overgenomen uit rules/');
    expect(git(rulesRepo, 'show', 'main:rtp/ruleset.yaml')).toContain('Testprotocol 3.0');
    expect(git(rulesRepo, 'show', 'rtp-2.0:rtp/ruleset.yaml')).toContain('Testprotocol 2.0');
    expect(git(rulesRepo, 'diff', '--name-only', 'rtp-2.0', 'rtp-3.0')).toBe('rtp/ruleset.yaml');
    // All three are served, each on its own dates.
    for (const [datum, version] of [['2024-06-01', '1.0'], ['2026-06-01', '2.0'], ['2027-06-01', '3.0']]) {
      expect((await request(svc.app).post('/api/v1/evaluate').send({ protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'spv', caoSchaal: 10, datum } })).body.version).toBe(version);
    }
  });

  it('keeps the audit log append-only in the database itself', async () => {
    svc = await startService();
    const id = await acceptedProposal(svc);
    const r = await svc.login('beoordelaar');
    await r.agent.post(`/api/v1/proposals/${id}/comments`).set('X-CSRF-Token', r.csrf).send({ text: 'blijft staan' }).expect(201);
    const db = new Database(join(svc.dataDir, 'procedure.sqlite'));
    onTestFinished(() => { db.close(); });
    expect(() => db.prepare("UPDATE audit_log SET reason = 'anders'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM comments').run()).toThrow(/append-only/);
  });
});

describe('a crash in the middle of an adoption', () => {
  async function killAt(point: string) {
    svc = await startService();
    const { dataDir, rulesRepo } = svc;
    const id = await acceptedProposal(svc);
    const mainBefore = git(rulesRepo, 'rev-parse', 'main');
    await svc.close();
    svc = undefined;

    const child = fork(CHILD, [dataDir, point, String(id)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    child.stderr?.on('data', (d) => { stderr += String(d); });
    const reached = await new Promise<string>((resolve) => {
      child.on('message', (m) => resolve(String(m)));
      child.on('exit', (code) => resolve(`exit ${code}: ${stderr}`));
    });
    expect(reached).toBe(`at:${point}`);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    svc = await startService({ dataDir });
    const b = await svc.login('beoordelaar');
    const proposal = (await b.agent.get(`/api/v1/proposals/${id}`)).body;
    const adoptions = (await b.agent.get('/api/v1/adoptions')).body.adoptions;
    const tags = git(rulesRepo, 'tag', '--list').split('\n');
    const mainAfter = git(rulesRepo, 'rev-parse', 'main');
    const evaluated = (await b.agent.post('/api/v1/evaluate').send(psycholoog2026)).body;
    const pending = await svc.amend.store.listAdoptions('bezig');
    return { mainBefore, mainAfter, tags, proposal, adoptions, evaluated, pending, rulesRepo };
  }

  it('before the refs move: the old state, whole', async () => {
    const s = await killAt('before-refs');
    expect(s.mainAfter).toBe(s.mainBefore);
    expect(s.tags).not.toContain('rtp-2.1');
    expect(s.adoptions).toEqual([]);
    expect(s.pending).toEqual([]);
    expect(s.proposal.adoptedIn).toBeNull();
    expect(s.evaluated).toMatchObject({ version: '2.0', outcome: 'overleg_contractbeheer' });
  });

  it('after the refs moved but before the records: the new state, whole', async () => {
    const s = await killAt('after-refs');
    expect(s.mainAfter).not.toBe(s.mainBefore);
    expect(git(s.rulesRepo, 'rev-parse', 'rtp-2.1^{commit}')).toBe(s.mainAfter);
    expect(s.adoptions).toEqual([expect.objectContaining({ version: '2.1', status: 'vastgesteld' })]);
    expect(s.pending).toEqual([]);
    expect(s.proposal.adoptedIn).toBe('2.1');
    expect(s.proposal.history.at(-1)).toMatchObject({ action: 'vastgesteld', reason: expect.stringContaining('rtp-2.1') });
    expect(s.evaluated).toMatchObject({ version: '2.1', outcome: 'TG4' });
  });

  it('after the records, before the registry swap: the new state', async () => {
    const s = await killAt('after-records');
    expect(s.tags).toContain('rtp-2.1');
    expect(s.adoptions).toHaveLength(1);
    expect(s.proposal.adoptedIn).toBe('2.1');
    expect(s.evaluated).toMatchObject({ version: '2.1' });
  });
});

describe('SIGKILL at arbitrary moments of an adoption', () => {
  /** Prepares an accepted proposal, runs the adoption in a child, kills it `delay` ms after it is ready (or lets it finish). */
  async function run(delay: number | null) {
    svc = await startService();
    const { dataDir, rulesRepo } = svc;
    const id = await acceptedProposal(svc);
    await svc.close();
    svc = undefined;
    const child = fork(FREE_CHILD, [dataDir, String(id)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    let readyAt = 0;
    let tookMs = -1;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve) => {
      child.on('message', (m) => {
        if (m === 'ready') { readyAt = performance.now(); resolve(); }
        if (m === 'done') tookMs = performance.now() - readyAt;
      });
      child.once('exit', () => resolve());
    });
    if (delay !== null) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
    }
    await exited;
    svc = await startService({ dataDir });
    const tagged = git(rulesRepo, 'tag', '--list').split('\n').includes('rtp-2.1');
    const state = {
      tagged,
      mainIsTag: tagged && git(rulesRepo, 'rev-parse', 'main') === git(rulesRepo, 'rev-parse', 'rtp-2.1^{commit}'),
      adoptions: (await svc.amend.adoptions.list()).length,
      pending: (await svc.amend.store.listAdoptions('bezig')).length,
      adoptedIn: (await svc.amend.store.getProposal(id))!.adoptedIn,
      served: svc.registry().versions.map((v) => v.meta.version).join(','),
      locks: execFileSync('find', [rulesRepo, '-name', '*.lock'], { encoding: 'utf8' }).trim(),
    };
    await svc.close();
    svc = undefined;
    return { state, tookMs };
  }

  const OLD = { tagged: false, mainIsTag: false, adoptions: 0, pending: 0, adoptedIn: null, served: '1.0,2.0', locks: '' };
  const NEW = { tagged: true, mainIsTag: true, adoptions: 1, pending: 0, adoptedIn: '2.1', served: '1.0,2.0,2.1', locks: '' };

  it('leaves the old state or the new one, whole, wherever the kill lands', async () => {
    const full = await run(null);
    expect(full.state).toEqual(NEW);
    // Spread kills over the time a full adoption took; which state each lands in depends on timing, but it is always whole.
    for (const f of [0.2, 0.4, 0.6, 0.8, 0.9, 1.0]) {
      const { state } = await run(Math.round(full.tookMs * f));
      expect([OLD, NEW], `kill after ${Math.round(full.tookMs * f)} ms`).toContainEqual(state);
    }
  }, 120_000);
});
