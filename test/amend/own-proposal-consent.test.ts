/** Provider consent is recorded by a reviewer or admin who did not write the proposal. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rewordOverleg, startService, type TestService } from './helpers.js';

let svc: TestService;
type Session = Awaited<ReturnType<TestService['login']>>;
const post = (s: Session, path: string, body: Record<string, unknown> = {}) => s.agent.post(path).set('X-CSRF-Token', s.csrf).send(body);
let id: number;
let duo: Session;
let reviewer: Session;

beforeAll(async () => {
  svc = await startService();
  [duo, reviewer] = [await svc.login('duo'), await svc.login('beoordelaar')];
  const admin = await svc.login('beheerder');
  expect((await post(admin, '/api/v1/providers', { id: 'a1', name: 'Aanbieder 1' })).status).toBe(200);
  // "duo" is both proposer and reviewer: the author of this proposal holds the reviewer's role.
  id = (await post(duo, '/api/v1/proposals', { title: 'Titel', rationale: 'r', category: 'wijzigen', protocol: 'RTP', baseVersion: '2.0', files: rewordOverleg() })).body.id;
  expect((await post(duo, `/api/v1/proposals/${id}/submit`)).status).toBe(200);
  for (const to of ['in_behandeling', 'consultatie']) expect((await post(reviewer, `/api/v1/proposals/${id}/transition`, { to, reason: 'r' })).status).toBe(200);
});
afterAll(() => svc?.close());

describe('consent on one\'s own proposal', () => {
  it('the author, though a reviewer, may not record consent on it (403, nothing recorded)', async () => {
    const r = await post(duo, `/api/v1/proposals/${id}/consents`, { providerId: 'a1', agrees: true, answeredOn: '2025-12-01', proof: 'brief 2025-117' });
    expect([r.status, r.body.error.code, r.body.error.message]).toEqual([403, 'forbidden', 'u legt geen instemming vast op uw eigen voorstel']);
    const view = await reviewer.agent.get(`/api/v1/proposals/${id}`);
    expect(view.body.consent).toMatchObject({ agreed: 0 });
  });

  it('another reviewer records it', async () => {
    const r = await post(reviewer, `/api/v1/proposals/${id}/consents`, { providerId: 'a1', agrees: true, answeredOn: '2025-12-01', proof: 'brief 2025-117' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ agreed: 1 });
  });
});
