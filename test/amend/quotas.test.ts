/** Per-user quotas on proposals and comments: a clear 422 or 429 quota_exceeded, declared in the OpenAPI. */
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { codesOf } from '../../src/server/openapi/responses.js';
import { startService, type TestService } from './helpers.js';

let svc: TestService | undefined;
afterEach(async () => {
  await svc?.close();
  svc = undefined;
});

type Login = Awaited<ReturnType<TestService['login']>>;
const create = (a: Login, fields: Record<string, unknown> = {}) =>
  a.agent.post('/api/v1/proposals').set('X-CSRF-Token', a.csrf).send({ title: 'Quotum', rationale: 'r', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', files: [], ...fields });

describe('per-user quotas', () => {
  it('open proposals per author: 422 quota_exceeded; withdrawing one makes room; other users are not affected', async () => {
    svc = await startService({ quotas: { openProposalsPerUser: 2 } });
    const a = await svc.login('indiener');
    const ids = [(await create(a)).body.id, (await create(a)).body.id];
    const refused = await create(a);
    expect([refused.status, refused.body.error.code]).toEqual([422, 'quota_exceeded']);
    expect(refused.body.error.details[0].message).toContain('PROPOSALS_MAX_OPEN_PER_USER');
    expect((await create(await svc.login('indiener2'))).status).toBe(201);
    expect((await a.agent.post(`/api/v1/proposals/${ids[0]}/transition`).set('X-CSRF-Token', a.csrf).send({ to: 'ingetrokken', reason: 'dubbel' })).status).toBe(200);
    expect((await create(a)).status).toBe(201);
  });

  it('proposals per user per 24 hours: 429 quota_exceeded with Retry-After, allowed again a day later', async () => {
    svc = await startService({ quotas: { proposalsPerUserPerDay: 2 } });
    const a = await svc.login('indiener');
    for (let i = 0; i < 2; i++) expect((await create(a)).status).toBe(201);
    const refused = await create(a);
    expect([refused.status, refused.body.error.code]).toEqual([429, 'quota_exceeded']);
    expect(Number(refused.headers['retry-after'])).toBe(86_400);
    svc.clock.set('2026-02-11T09:00:01Z');
    // (The session of yesterday has ended: log in again.)
    expect((await create(await svc.login('indiener'))).status).toBe(201);
  });

  it('the size of a proposal, on create and on edit: 422 quota_exceeded naming the setting', async () => {
    svc = await startService({ quotas: { proposalBytes: 4000 } });
    const a = await svc.login('indiener');
    const big = await create(a, { rationale: 'x'.repeat(5000) });
    expect([big.status, big.body.error.code, big.body.error.details[0]]).toEqual([422, 'quota_exceeded', { pointer: '/files', message: 'hoogstens volgens PROPOSAL_MAX_SIZE' }]);
    const p = await create(a, { rationale: 'x'.repeat(3000) });
    expect(p.status).toBe(201);
    const grown = await a.agent.patch(`/api/v1/proposals/${p.body.id}`).set('X-CSRF-Token', a.csrf).send({ explanation: 'y'.repeat(2000) });
    expect([grown.status, grown.body.error.code]).toEqual([422, 'quota_exceeded']);
    expect((await a.agent.patch(`/api/v1/proposals/${p.body.id}`).set('X-CSRF-Token', a.csrf).send({ explanation: 'kort' })).status).toBe(200);
  });

  it('comments: their length, and the number per user per proposal', async () => {
    svc = await startService({ quotas: { commentChars: 50, commentsPerUserPerProposal: 2 } });
    const a = await svc.login('indiener');
    const id = (await create(a)).body.id;
    const comment = (who: Login, text: string) => who.agent.post(`/api/v1/proposals/${id}/comments`).set('X-CSRF-Token', who.csrf).send({ text });
    const long = await comment(a, 'z'.repeat(51));
    expect([long.status, long.body.error.code, long.body.error.details[0].pointer]).toEqual([422, 'quota_exceeded', '/text']);
    for (let i = 0; i < 2; i++) expect((await comment(a, `reactie ${i}`)).status).toBe(201);
    const third = await comment(a, 'nog een');
    expect([third.status, third.body.error.code]).toEqual([422, 'quota_exceeded']);
    expect(third.body.error.details[0].message).toContain('COMMENTS_MAX_PER_USER_PER_PROPOSAL');
    expect((await comment(await svc.login('beoordelaar'), 'mijn reactie')).status).toBe(201);
  });

  it('is declared in the OpenAPI of the operations it applies to', async () => {
    svc = await startService();
    const doc = (await request(svc.app).get('/api/openapi.json')).body;
    // Declared as an error code of the answer (its schema's enum on error.code), as every code is.
    for (const response of [doc.paths['/api/v1/proposals'].post.responses['422'], doc.paths['/api/v1/proposals'].post.responses['429'],
      doc.paths['/api/v1/proposals/{id}'].patch.responses['422'], doc.paths['/api/v1/proposals/{id}/comments'].post.responses['422']]) {
      expect(codesOf(response)).toContain('quota_exceeded');
      expect(response.description).toMatch(/quota_exceeded/);
    }
  });
});
