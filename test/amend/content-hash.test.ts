/**
 * A version's contentHash is the sha256 of its files as tagged: identical before
 * and after its successor's adoption (which ends it in the served view), and
 * recomputable by anyone from `git show <tag>:<path>` (docs/content-hash.md).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { addPsycholoog, startService, type TestService } from './helpers.js';

let svc: TestService | undefined;
afterEach(() => { svc?.close(); svc = undefined; });

const git = (repo: string, ...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } });

/** The documented recipe, written out independently of the service's code. */
function hashOfTag(repo: string, tag: string, folder: string): string {
  const paths = git(repo, 'ls-tree', '-r', '--name-only', tag, folder).split('\n').filter(Boolean).map((p) => p.slice(folder.length));
  const h = createHash('sha256');
  for (const rel of paths.sort()) h.update(rel).update('\0').update(git(repo, 'show', `${tag}:${folder}${rel}`)).update('\0');
  return 'sha256:' + h.digest('hex');
}

const served = async (s: TestService) => (await request(s.app).get('/api/v1/rulesets')).body.rulesets as { protocol: string; version: string; validTo: string | null; contentHash: string }[];
const rtp = (list: Awaited<ReturnType<typeof served>>, version: string) => list.find((v) => v.protocol === 'RTP' && v.version === version)!;

describe('contentHash', () => {
  it('stays the hash of the tagged files when a successor is adopted', async () => {
    svc = await startService();
    const before = rtp(await served(svc), '2.0');
    expect(before.validTo).toBeNull();
    const evaluated = await request(svc.app).post('/api/v1/evaluate').send({ protocol: 'RTP', version: '2.0', decision: 'tariefgroep', facts: { functie: 'spv', caoSchaal: 9, datum: '2025-03-01' } });
    expect(evaluated.body.contentHash).toBe(before.contentHash);

    // Adopt 2.1: a proposal through the whole procedure, then adoption.
    const [a, r, admin] = [await svc.login('indiener'), await svc.login('beoordelaar'), await svc.login('beheerder')];
    const p = await a.agent.post('/api/v1/proposals').set('X-CSRF-Token', a.csrf).send({ title: 'Psycholoog', rationale: 'r', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', files: addPsycholoog() });
    await a.agent.post(`/api/v1/proposals/${p.body.id}/submit`).set('X-CSRF-Token', a.csrf).expect(200);
    for (const to of ['in_behandeling', 'aangenomen']) await r.agent.post(`/api/v1/proposals/${p.body.id}/transition`).set('X-CSRF-Token', r.csrf).send({ to, reason: 'akkoord' }).expect(200);
    const adopted = await admin.agent.post('/api/v1/adoptions').set('X-CSRF-Token', admin.csrf).send({ protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: [p.body.id] });
    expect(adopted.status, JSON.stringify(adopted.body)).toBe(201);

    const after = await served(svc);
    expect(rtp(after, '2.0').validTo).toBe('2026-03-31'); // ended in the view...
    expect(rtp(after, '2.0').contentHash).toBe(before.contentHash); // ...with the hash it had
    expect(git(svc.rulesRepo, 'show', 'rtp-2.0:rtp/ruleset.yaml')).toMatch(/^validTo: null$/m); // the tag is as adopted
    expect(before.contentHash).toBe(hashOfTag(svc.rulesRepo, 'rtp-2.0', 'rtp/'));
    expect(rtp(after, '2.1').contentHash).toBe(hashOfTag(svc.rulesRepo, 'rtp-2.1', 'rtp/'));
    expect(rtp(after, '2.1').contentHash).not.toBe(before.contentHash);
    const again = await request(svc.app).post('/api/v1/evaluate').send({ protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'spv', caoSchaal: 9, datum: '2025-03-01' } });
    expect(again.body).toMatchObject({ version: '2.0', contentHash: before.contentHash });

    // The served ruleset.yaml says where its end date comes from.
    const files = (await request(svc.app).get('/api/v1/rulesets/RTP/2.0/files')).body.files as { path: string; text: string }[];
    expect(files.find((f) => f.path.endsWith('ruleset.yaml'))!.text).toContain('validTo: 2026-03-31 # afgeleid van de opvolger; in de tag: "validTo: null"');

    // And after a restart on the same data.
    const { dataDir, rulesRepo } = svc;
    await svc.close();
    svc = await startService({ dataDir, rulesRepo });
    expect(rtp(await served(svc), '2.0').contentHash).toBe(before.contentHash);
  }, 120_000);
});
