/**
 * Every error code the procedure documents is answered where a user meets it: each test makes the
 * situation through the HTTP API and asserts the status, the code and that nothing changed.
 */
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { addPsycholoog, fixtureText, PATHS, rewordOverleg, spvFrom10Sourced, spvToTg4, startService, therapeutToTg4, type TestService } from './helpers.js';

let svc: TestService;
afterEach(() => svc?.close());

type Session = Awaited<ReturnType<TestService['login']>>;
const post = (s: Session, path: string, body: Record<string, unknown> = {}) => s.agent.post(path).set('X-CSRF-Token', s.csrf).send(body);
const move = (s: Session, id: number, to: string) => post(s, `/api/v1/proposals/${id}/transition`, { to, reason: `naar ${to}` });

async function propose(s: Session, body: Record<string, unknown>): Promise<number> {
  const r = await post(s, '/api/v1/proposals', { title: 'Voorstel', rationale: 'Omdat het nodig is.', protocol: 'RTP', baseVersion: '2.0', files: [], ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

async function accepted(author: Session, reviewer: Session, body: Record<string, unknown>): Promise<number> {
  const id = await propose(author, body);
  expect((await post(author, `/api/v1/proposals/${id}/submit`)).status).toBe(200);
  expect((await move(reviewer, id, 'in_behandeling')).status).toBe(200);
  expect((await move(reviewer, id, 'aangenomen')).status).toBe(200);
  return id;
}

/** The therapist moves to TG4 with its test case following (valid on its own). */
const therapeutToTg4WithTest = () => [
  ...therapeutToTg4(),
  { path: PATHS.tests, text: fixtureText(PATHS.tests).replace('facts: { functie: therapeut, caoSchaal: 9, datum: 2025-05-01 }\n    expect: { outcome: TG3', 'facts: { functie: therapeut, caoSchaal: 9, datum: 2025-05-01 }\n    expect: { outcome: TG4') },
];
/** A new case pinning the therapist at TG3 (valid on the base version). */
const pinTherapeutTg3 = () => [{ path: PATHS.tests, text: `${fixtureText(PATHS.tests)}  - name: therapeut blijft TG3\n    facts: { functie: therapeut, datum: 2025-06-01 }\n    expect: { outcome: TG3 }\n` }];

const mainOf = (s: TestService) => execFileSync('git', ['--git-dir', s.amend.repo.gitDir, 'rev-parse', 'refs/heads/main']).toString().trim();

describe('documented error codes of the procedure', () => {
  it('invalid_transition: submitting a proposal twice', async () => {
    svc = await startService();
    const author = await svc.login('indiener');
    const id = await propose(author, { category: 'verwerken', files: addPsycholoog() });
    expect((await post(author, `/api/v1/proposals/${id}/submit`)).status).toBe(200);
    const r = await post(author, `/api/v1/proposals/${id}/submit`);
    expect([r.status, r.body.error.code]).toEqual([409, 'invalid_transition']);
    expect((await svc.amend.store.getProposal(id))?.state).toBe('ingediend');
  });

  it('edit_conflict: a concept saved from a second tab, then from the first (If-Match of the older revision)', async () => {
    svc = await startService();
    const author = await svc.login('indiener');
    const id = await propose(author, { category: 'verwerken', files: addPsycholoog() });
    const opened = await author.agent.get(`/api/v1/proposals/${id}`);
    const etag = opened.headers.etag as string;
    expect(etag).toMatch(new RegExp(`^W/"${opened.body.revision}\\.[0-9a-f]{16}"$`));
    // Tab 2 saves first, from the same revision: accepted, with a new ETag.
    const second = await author.agent.patch(`/api/v1/proposals/${id}`).set('X-CSRF-Token', author.csrf).set('If-Match', etag).send({ title: 'Titel uit tab 2' });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.headers.etag).not.toBe(etag);
    // Tab 1 saves from the older revision: refused, nothing overwritten.
    const first = await author.agent.patch(`/api/v1/proposals/${id}`).set('X-CSRF-Token', author.csrf).set('If-Match', etag).send({ title: 'Titel uit tab 1' });
    expect([first.status, first.body.error.code]).toEqual([409, 'edit_conflict']);
    expect(first.body.error.details).toEqual([expect.objectContaining({ pointer: '/header/If-Match' })]);
    expect((await svc.amend.store.getProposal(id))?.title).toBe('Titel uit tab 2');
    // With the current revision the first tab's edit goes through (after merging what tab 2 did).
    const merged = await author.agent.patch(`/api/v1/proposals/${id}`).set('X-CSRF-Token', author.csrf).set('If-Match', second.headers.etag as string).send({ title: 'Titel uit tab 1' });
    expect(merged.status).toBe(200);
  });

  it('provider_not_contracted: consent from a provider in the register without a contract', async () => {
    svc = await startService();
    const [author, reviewer, admin] = [await svc.login('indiener'), await svc.login('beoordelaar'), await svc.login('beheerder')];
    expect((await post(admin, '/api/v1/providers', { id: 'los', name: 'Zonder contract', contracted: false })).status).toBe(200);
    const id = await propose(author, { category: 'wijzigen', files: rewordOverleg() });
    expect((await post(author, `/api/v1/proposals/${id}/submit`)).status).toBe(200);
    for (const to of ['in_behandeling', 'consultatie']) expect((await move(reviewer, id, to)).status).toBe(200);
    const r = await post(reviewer, `/api/v1/proposals/${id}/consents`, { providerId: 'los', agrees: true, answeredOn: '2025-12-01', proof: 'brief 2025-117' });
    expect([r.status, r.body.error.code]).toEqual([409, 'provider_not_contracted']);
    expect(r.body.error.details).toEqual([{ pointer: '/providerId', message: 'niet gecontracteerd' }]);
  });

  it('adoption_conflict: two accepted proposals that change neighbouring lines of one table', async () => {
    svc = await startService();
    const [a1, a2, reviewer, admin] = [await svc.login('indiener'), await svc.login('indiener2'), await svc.login('beoordelaar'), await svc.login('beheerder')];
    const ids = [await accepted(a1, reviewer, { category: 'verwerken', files: spvToTg4() }), await accepted(a2, reviewer, { category: 'verwerken', files: spvFrom10Sourced() })];
    const before = mainOf(svc);
    const r = await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: ids });
    expect([r.status, r.body.error.code]).toEqual([409, 'adoption_conflict']);
    expect([mainOf(svc), await svc.amend.adoptions.list()]).toEqual([before, []]);
  });

  it('adoption_invalid: two proposals each valid alone whose tests fail together', async () => {
    svc = await startService();
    const [a1, a2, reviewer, admin] = [await svc.login('indiener'), await svc.login('indiener2'), await svc.login('beoordelaar'), await svc.login('beheerder')];
    const ids = [await accepted(a1, reviewer, { category: 'verwerken', files: therapeutToTg4WithTest() }), await accepted(a2, reviewer, { category: 'verwerken', files: pinTherapeutTg3() })];
    const before = mainOf(svc);
    const r = await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: ids });
    expect([r.status, r.body.error.code], JSON.stringify(r.body)).toEqual([422, 'adoption_invalid']);
    expect(JSON.stringify(r.body.error.details)).toContain('therapeut blijft TG3');
    expect([mainOf(svc), await svc.amend.adoptions.list()]).toEqual([before, []]);
  });

  it('rebase_invalid: a proposal whose tests fail on the newest version is not brought up to date', async () => {
    svc = await startService();
    const [a1, a2, reviewer, admin] = [await svc.login('indiener'), await svc.login('indiener2'), await svc.login('beoordelaar'), await svc.login('beheerder')];
    const first = await accepted(a1, reviewer, { category: 'verwerken', files: therapeutToTg4WithTest() });
    const second = await propose(a2, { category: 'verwerken', files: pinTherapeutTg3() });
    expect((await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: [first] })).status).toBe(201);
    const r = await post(a2, `/api/v1/proposals/${second}/rebase`);
    expect([r.status, r.body.error.code], JSON.stringify(r.body)).toEqual([422, 'rebase_invalid']);
    expect((await svc.amend.store.getProposal(second))?.baseVersion).toBe('2.0');
  });

  it('repository_changed: main moves while an adoption is being committed; nothing is adopted', async () => {
    let moveMain = false;
    svc = await startService({
      hooks: {
        at: (p: string) => {
          if (p !== 'before-refs' || !moveMain) return;
          // Another writer commits to main between the adoption's objects and its commit point.
          const git = (...a: string[]) => execFileSync('git', ['--git-dir', svc.amend.repo.gitDir, ...a], { env: { ...process.env, GIT_AUTHOR_NAME: 'x', GIT_AUTHOR_EMAIL: 'x@x', GIT_COMMITTER_NAME: 'x', GIT_COMMITTER_EMAIL: 'x@x' } }).toString().trim();
          git('update-ref', 'refs/heads/main', git('commit-tree', 'refs/heads/main^{tree}', '-p', 'refs/heads/main', '-m', 'iemand anders'));
        },
      },
    });
    const [author, reviewer, admin] = [await svc.login('indiener'), await svc.login('beoordelaar'), await svc.login('beheerder')];
    const id = await accepted(author, reviewer, { category: 'verwerken', files: addPsycholoog() });
    moveMain = true;
    const r = await post(admin, '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: [id] });
    expect([r.status, r.body.error.code]).toEqual([409, 'repository_changed']);
    expect(await svc.amend.adoptions.list()).toEqual([]);
    expect(execFileSync('git', ['--git-dir', svc.amend.repo.gitDir, 'tag', '--list', 'rtp-2.1']).toString().trim()).toBe('');
  });
});
