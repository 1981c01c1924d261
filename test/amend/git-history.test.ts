/** The result, inspected with plain `git`: a branch per proposal, a tag per version, diffs between tags. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addPsycholoog, FIXTURE_RULES, rewordOverleg, startService, type TestService } from './helpers.js';

let svc: TestService | undefined;
afterEach(() => { svc?.close(); svc = undefined; });

const git = (repo: string, ...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } });
const changedLines = (diff: string) => diff.split('\n').filter((l) => /^[+-](?![+-]{2} )/.test(l)).sort();

async function adoptTwo(s: TestService) {
  const [a, r, admin] = [await s.login('indiener'), await s.login('beoordelaar'), await s.login('beheerder')];
  const ids: number[] = [];
  for (const files of [addPsycholoog(), rewordOverleg()]) {
    const p = await a.agent.post('/api/v1/proposals').set('X-CSRF-Token', a.csrf).send({ title: 'Voorstel', rationale: 'r', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', files });
    await a.agent.post(`/api/v1/proposals/${p.body.id}/submit`).set('X-CSRF-Token', a.csrf).expect(200);
    for (const to of ['in_behandeling', 'aangenomen']) await r.agent.post(`/api/v1/proposals/${p.body.id}/transition`).set('X-CSRF-Token', r.csrf).send({ to, reason: 'akkoord' }).expect(200);
    ids.push(p.body.id);
  }
  const res = await admin.agent.post('/api/v1/adoptions').set('X-CSRF-Token', admin.csrf).send({ protocol: 'RTP', version: '2.1', validFrom: '2026-01-01', proposalIds: ids });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return ids;
}

describe('the rules repository, read with plain git', () => {
  it('has a branch per proposal, a tag per version, and diffs that show the change', async () => {
    svc = await startService();
    const ids = await adoptTwo(svc);
    const repo = svc.rulesRepo;

    expect(git(repo, 'tag', '--list').split('\n').filter(Boolean)).toEqual(['rtp-1.0', 'rtp-2.0', 'rtp-2.1']);
    expect(git(repo, 'branch', '--list', '--format=%(refname:short)').split('\n').filter(Boolean).sort()).toEqual(['main', ...ids.map((i) => `voorstel/${i}`)].sort());
    expect(git(repo, 'rev-parse', 'main')).toBe(git(repo, 'rev-parse', 'rtp-2.1^{commit}'));
    expect(git(repo, 'log', '--format=%s', 'main')).toBe('RTP 2.1 vastgesteld, geldig vanaf 2026-01-01\nRegels overgenomen uit rules/ (eerste start)\n');

    // A proposal's branch holds exactly its change against the version it started from.
    expect(changedLines(git(repo, 'diff', 'rtp-2.0', `voorstel/${ids[0]}`))).toEqual([
      '+  - { functie: psycholoog, tariefgroep: TG4 }',
      '+  - name: psycholoog in TG4',
      '+    expect: { outcome: TG4 }',
      '+    facts: { functie: psycholoog, datum: 2025-05-01 }',
    ].sort());

    // Between the tags: the new version directory, and 2.0 now ends the day before 2.1 starts.
    const diff = git(repo, 'diff', 'rtp-2.0', 'rtp-2.1');
    expect(diff).toContain('+++ b/rtp/2.1/tables/beroepen.yaml');
    expect(diff).toContain('+  - { functie: psycholoog, tariefgroep: TG4 }');
    expect(diff).toContain('+    message: Overleg met contractbeheer van RSJ IJsselland; RSJ beslist.');
    expect(diff).toContain('-validTo: null\n+validTo: 2025-12-31');

    // With copy detection, or between the two version folders, exactly the changed lines remain.
    const exact = changedLines(git(repo, 'diff', 'rtp-2.0:rtp/2.0', 'rtp-2.1:rtp/2.1'));
    const copies = git(repo, 'diff', '--find-copies-harder', 'rtp-2.0', 'rtp-2.1');
    expect(copies).toContain('copy from rtp/2.0/tables/beroepen.yaml\ncopy to rtp/2.1/tables/beroepen.yaml');
    expect(changedLines(copies.slice(copies.indexOf('copy to rtp/2.1/tables/beroepen.yaml')).split('diff --git')[0])).toEqual(['+  - { functie: psycholoog, tariefgroep: TG4 }']);
    expect(exact).toEqual([
      '+version: "2.1"', '-version: "2.0"', '+title: Testprotocol 2.1', '-title: Testprotocol 2.0', '+validFrom: 2026-01-01', '-validFrom: 2025-01-01',
      '+  - change: Voorstel', '+    source: voorstel 1 (verwerken), vastgesteld in RTP 2.1',
      '+  - change: Voorstel', '+    source: voorstel 2 (verwerken), vastgesteld in RTP 2.1', '+    rules:', '+      - rtp.tariefgroep.overleg',
      '+    message: Overleg met contractbeheer van RSJ IJsselland; RSJ beslist.', '-    message: Overleg met contractbeheer.',
      '+  - { functie: psycholoog, tariefgroep: TG4 }',
      '+  - name: psycholoog in TG4', '+    facts: { functie: psycholoog, datum: 2025-05-01 }', '+    expect: { outcome: TG4 }',
    ].sort());
    expect(git(repo, 'cat-file', '-t', 'rtp-2.1')).toBe('tag\n');
  });

  it("never touches a developer's checkout: uncommitted work survives an adoption", async () => {
    // A developer's clone, on another branch, with uncommitted edits; the service uses it as RULES_REPO.
    const dev = mkdtempSync(join(tmpdir(), 'dev-repo-'));
    cpSync(FIXTURE_RULES, dev, { recursive: true });
    git(dev, 'init', '-q', '-b', 'werk');
    git(dev, 'add', '.');
    git(dev, '-c', 'user.name=dev', '-c', 'user.email=dev@x', 'commit', '-qm', 'eigen werk');
    const edited = join(dev, 'rtp/2.0/tables/beroepen.yaml');
    writeFileSync(edited, readFileSync(edited, 'utf8') + '# nog niet klaar\n');
    writeFileSync(join(dev, 'notities.txt'), 'los bestand\n');
    const statusBefore = git(dev, 'status', '--porcelain');

    svc = await startService({ rulesRepo: dev });
    await adoptTwo(svc);
    expect(git(dev, 'status', '--porcelain')).toBe(statusBefore);
    expect(readFileSync(edited, 'utf8')).toContain('# nog niet klaar');
    expect(git(dev, 'symbolic-ref', 'HEAD')).toBe('refs/heads/werk\n');
    expect(git(dev, 'tag', '--list')).toContain('rtp-2.1');
  });

  it('refuses a repository whose checkout is on main', async () => {
    const dev = mkdtempSync(join(tmpdir(), 'dev-main-'));
    cpSync(FIXTURE_RULES, dev, { recursive: true });
    git(dev, 'init', '-q', '-b', 'main');
    git(dev, 'add', '.');
    git(dev, '-c', 'user.name=dev', '-c', 'user.email=dev@x', 'commit', '-qm', 'eigen werk');
    await expect(startService({ rulesRepo: dev })).rejects.toThrow(/main uitgecheckt/);
  });
});
