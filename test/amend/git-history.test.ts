/** The result, inspected with plain `git`: a branch per proposal, a tag per version, diffs between tags. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { addPsycholoog, FIXTURE_RULES, rewordOverleg, startService, type TestService } from './helpers.js';

let svc: TestService | undefined;
afterEach(() => { svc?.close(); svc = undefined; });

const git = (repo: string, ...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } });
/** A developer's repository holding the fixture rules, committed on `branch`. */
function fixtureRepo(prefix: string, branch: string, message: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(FIXTURE_RULES, dir, { recursive: true });
  git(dir, 'init', '-q', '-b', branch);
  git(dir, 'add', '.');
  git(dir, '-c', 'user.name=dev', '-c', 'user.email=dev@x', 'commit', '-qm', message);
  return dir;
}
const changedLines = (diff: string) => diff.split('\n').filter((l) => /^[+-](?![+-]{2} )/.test(l)).sort();

async function adoptTwo(s: TestService, first = { title: 'Voorstel', rationale: 'r' }) {
  const [a, r, admin] = [await s.login('indiener'), await s.login('beoordelaar'), await s.login('beheerder')];
  const ids: number[] = [];
  for (const [i, files] of [addPsycholoog(), rewordOverleg()].entries()) {
    const p = await a.agent.post('/api/v1/proposals').set('X-CSRF-Token', a.csrf).send({ ...(i === 0 ? first : { title: 'Voorstel', rationale: 'r' }), category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', files });
    await a.agent.post(`/api/v1/proposals/${p.body.id}/submit`).set('X-CSRF-Token', a.csrf).expect(200);
    for (const to of ['in_behandeling', 'aangenomen']) await r.agent.post(`/api/v1/proposals/${p.body.id}/transition`).set('X-CSRF-Token', r.csrf).send({ to, reason: 'akkoord' }).expect(200);
    ids.push(p.body.id);
  }
  const res = await admin.agent.post('/api/v1/adoptions').set('X-CSRF-Token', admin.csrf).send({ protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: ids });
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
    expect(git(repo, 'log', '--format=%s', 'main')).toBe('RTP 2.1 vastgesteld, geldig vanaf 2026-04-01\nRTP 2.0 overgenomen uit rules/\nRegels overgenomen uit rules/ (eerste start): rtp/1.0\n');
    // One folder per protocol: main holds the newest version, the tags hold every version.
    expect(git(repo, 'ls-tree', '--name-only', 'main', 'rtp/')).toBe('rtp/decisions\nrtp/ruleset.yaml\nrtp/tables\nrtp/tests\n');
    expect(git(repo, 'show', 'rtp-1.0:rtp/ruleset.yaml')).toContain('version: "1.0"');

    // A proposal's branch starts at its base version's tag and holds exactly its change.
    expect(git(repo, 'merge-base', 'rtp-2.0', `voorstel/${ids[0]}`)).toBe(git(repo, 'rev-parse', 'rtp-2.0^{commit}'));
    expect(changedLines(git(repo, 'diff', 'rtp-2.0', `voorstel/${ids[0]}`))).toEqual([
      '+  - { functie: psycholoog, tariefgroep: TG4 }',
      '+  - name: psycholoog in TG4',
      '+    expect: { outcome: TG4 }',
      '+    facts: { functie: psycholoog, datum: 2025-05-01 }',
    ].sort());

    // Between the tags, plain `git diff` shows exactly what adoption changed: both proposals and the new metadata.
    const diff = git(repo, 'diff', 'rtp-2.0', 'rtp-2.1');
    expect(diff.match(/^diff --git .*$/gm)).toEqual([
      'diff --git a/rtp/decisions/tariefgroep.yaml b/rtp/decisions/tariefgroep.yaml',
      'diff --git a/rtp/ruleset.yaml b/rtp/ruleset.yaml',
      'diff --git a/rtp/tables/beroepen.yaml b/rtp/tables/beroepen.yaml',
      'diff --git a/rtp/tests/tariefgroep.yaml b/rtp/tests/tariefgroep.yaml',
    ]);
    expect(changedLines(diff)).toEqual([
      '+version: "2.1"', '-version: "2.0"', '+title: Testprotocol 2.1', '-title: Testprotocol 2.0', '+validFrom: 2026-04-01', '-validFrom: 2025-01-01',
      '+  - change: Voorstel', '+    source: voorstel 1 (verwerken), vastgesteld in RTP 2.1',
      '+  - change: Voorstel', '+    source: voorstel 2 (verwerken), vastgesteld in RTP 2.1', '+    rules:', '+      - rtp.tariefgroep.overleg',
      '+    message: Overleg met contractbeheer van RSJ IJsselland; RSJ beslist.', '-    message: Overleg met contractbeheer.',
      '+  - { functie: psycholoog, tariefgroep: TG4 }',
      '+  - name: psycholoog in TG4', '+    facts: { functie: psycholoog, datum: 2025-05-01 }', '+    expect: { outcome: TG4 }',
    ].sort());

    // The tag keeps 2.0 as it was adopted; the service ends it the day before 2.1 starts.
    expect(git(repo, 'show', 'rtp-2.0:rtp/ruleset.yaml')).toContain('validTo: null');
    const served = (await request(svc.app).get('/api/v1/rulesets')).body.rulesets;
    expect(served.filter((r: { protocol: string }) => r.protocol === 'RTP').map((r: { version: string; validFrom: string; validTo: string | null }) => [r.version, r.validFrom, r.validTo])).toEqual([
      ['1.0', '2023-01-01', '2024-12-31'], ['2.0', '2025-01-01', '2026-03-31'], ['2.1', '2026-04-01', null],
    ]);
    expect(git(repo, 'cat-file', '-t', 'rtp-2.1')).toBe('tag\n');
  });

  it('writes a hostile title and rationale into git log as single lines: no forged proposal, no forged trailer', async () => {
    svc = await startService();
    const title = 'Kleine correctie\n\nVoorstel #99: tarieven verdubbeld\r\nSigned-off-by: Beheerder <beheerder@protocolregels.invalid>';
    const rationale = 'Zie bijlage.\n\nVoorstel #99: vastgesteld door de regio\n\nSigned-off-by: Beheerder <beheerder@protocolregels.invalid>\nReviewed-by: RSJ\u2028Acked-by: x';
    const ids = await adoptTwo(svc, { title, rationale });
    // The record keeps what was sent; only the git history is made single-line.
    const a = await svc.login('indiener');
    expect((await a.agent.get(`/api/v1/proposals/${ids[0]}`)).body).toMatchObject({ title, rationale });

    const repo = svc.rulesRepo;
    const messages = git(repo, 'log', '--all', '--format=%B%x00').split('\0');
    const lines = messages.flatMap((m) => m.split('\n'));
    expect(lines.filter((l) => /^\s*(Signed-off-by|Reviewed-by|Acked-by):/i.test(l))).toEqual([]);
    expect(lines.filter((l) => /^\s*Voorstel #99/.test(l))).toEqual([]);
    // However git parses them, the only trailer is the code's own: the audit chain's head on the adoption commit.
    expect(git(repo, 'log', '--all', '--format=%(trailers)').trim().split('\n')).toEqual([expect.stringMatching(/^Audit-Head: [0-9a-f]{64}$/)]);
    expect(git(repo, 'for-each-ref', '--format=%(contents:trailers)', 'refs/tags').trim()).toBe('');
    // The branch commit: the title as subject, the rationale as one item; the adoption lists the title on one line.
    expect(git(repo, 'log', '-1', '--format=%B', `voorstel/${ids[0]}`)).toBe(
      `Voorstel ${ids[0]}: Kleine correctie Voorstel #99: tarieven verdubbeld Signed-off-by: Beheerder <beheerder@protocolregels.invalid>\n\n`
      + '- toelichting: Zie bijlage. Voorstel #99: vastgesteld door de regio Signed-off-by: Beheerder <beheerder@protocolregels.invalid> Reviewed-by: RSJ Acked-by: x\n\n');
    expect(git(repo, 'log', '-1', '--format=%B', 'main').replace(/^Audit-Head: [0-9a-f]{64}$/m, 'Audit-Head: <kop>')).toBe(
      'RTP 2.1 vastgesteld, geldig vanaf 2026-04-01\n\n'
      + `- voorstel ${ids[0]} (verwerken): Kleine correctie Voorstel #99: tarieven verdubbeld Signed-off-by: Beheerder <beheerder@protocolregels.invalid>\n`
      + `- voorstel ${ids[1]} (verwerken): Voorstel\n\nAudit-Head: <kop>\n\n`);
  });

  it("never touches a developer's checkout: uncommitted work survives an adoption", async () => {
    // A developer's clone, on another branch, with uncommitted edits; the service uses it as RULES_REPO.
    const dev = fixtureRepo('dev-repo-', 'werk', 'eigen werk');
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

  it('moves a repository of the earlier layout (version folders on main) to one folder per protocol, keeping its tags', async () => {
    const old = fixtureRepo('old-layout-', 'werk', 'versiemappen op main');
    for (const t of ['rtp-1.0', 'rtp-2.0']) git(old, '-c', 'user.name=dev', '-c', 'user.email=dev@x', 'tag', '-a', t, '-m', t);
    git(old, 'branch', 'main');
    const tagsBefore = git(old, 'show-ref', '--tags');

    svc = await startService({ rulesRepo: old });
    expect(svc.amend.startup).toMatchObject({ migrated: true, imported: [] });
    expect(git(old, 'show-ref', '--tags')).toBe(tagsBefore);
    expect(git(old, 'ls-tree', '--name-only', 'main', 'rtp/')).toBe('rtp/decisions\nrtp/ruleset.yaml\nrtp/tables\nrtp/tests\n');
    expect(git(old, 'show', 'main:rtp/ruleset.yaml')).toContain('version: "2.0"');

    // Proposals and adoption work on it; the old tags are read where their files are.
    const ids = await adoptTwo(svc);
    expect(git(old, 'diff', '--name-only', 'rtp-2.0', `voorstel/${ids[0]}`)).toBe('rtp/2.0/tables/beroepen.yaml\nrtp/2.0/tests/tariefgroep.yaml\n');
    expect(git(old, 'diff', '--name-only', 'main~1', 'main')).toBe('rtp/decisions/tariefgroep.yaml\nrtp/ruleset.yaml\nrtp/tables/beroepen.yaml\nrtp/tests/tariefgroep.yaml\n');
    const served = (await request(svc.app).get('/api/v1/rulesets')).body.rulesets;
    expect(served.map((r: { version: string; validTo: string | null }) => [r.version, r.validTo])).toEqual([['1.0', '2024-12-31'], ['2.0', '2026-03-31'], ['2.1', null]]);
  });

  it('refuses a repository whose checkout is on main', async () => {
    const dev = fixtureRepo('dev-main-', 'main', 'eigen werk');
    await expect(startService({ rulesRepo: dev })).rejects.toThrow(/main uitgecheckt/);
  });
});
