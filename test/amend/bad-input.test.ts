/** Whatever a client sends, the procedure answers with a JSON error, never a 500. */
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type TestService } from './helpers.js';

let svc: TestService;
type Session = Awaited<ReturnType<TestService['login']>>;
let users: Session[];
beforeAll(async () => {
  svc = await startService();
  users = [await svc.login('indiener'), await svc.login('beoordelaar'), await svc.login('beheerder')];
  const a = users[0];
  await a.agent.post('/api/v1/proposals').set('X-CSRF-Token', a.csrf).send({ title: 'Titel', rationale: 'r', category: 'wijzigen', protocol: 'RTP', baseVersion: '2.0' }).expect(201);
});
afterAll(() => svc?.close());

const PATHS: ['post' | 'patch', string][] = [
  ['post', '/api/v1/proposals'], ['patch', '/api/v1/proposals/1'], ['post', '/api/v1/proposals/1/submit'], ['post', '/api/v1/proposals/1/transition'],
  ['post', '/api/v1/proposals/1/comments'], ['post', '/api/v1/proposals/1/consents'], ['post', '/api/v1/providers'], ['post', '/api/v1/adoptions'],
  ['patch', '/api/v1/proposals/x'], ['post', '/api/v1/proposals/99999/transition'],
];

describe('bad input', () => {
  it('answers 4xx JSON errors for arbitrary JSON bodies on every write endpoint', async () => {
    await fc.assert(fc.asyncProperty(
      fc.constantFrom(...PATHS), fc.integer({ min: 0, max: 2 }),
      fc.oneof(fc.jsonValue(), fc.record({ title: fc.jsonValue(), files: fc.array(fc.jsonValue(), { maxLength: 3 }), to: fc.jsonValue(), proposalIds: fc.jsonValue(), providers: fc.jsonValue() }, { requiredKeys: [] })),
      async ([method, path], who, body) => {
        const u = users[who];
        const r = await u.agent[method](path).set('X-CSRF-Token', u.csrf).set('Content-Type', 'application/json').send(JSON.stringify(body));
        expect(r.status, `${method} ${path} ${JSON.stringify(body)} -> ${JSON.stringify(r.body)}`).toBeLessThan(500);
        if (r.status >= 400) expect(typeof r.body.error.code).toBe('string');
      }), { numRuns: 150, seed: 20261122 });
  });
});

describe('text that cannot be stored faithfully', () => {
  it.each([
    ['a NUL in the title', '{"title":"Ti\\u0000tel","rationale":"r","category":"wijzigen","protocol":"RTP","baseVersion":"2.0"}', '/title'],
    ['a lone surrogate in the rationale', '{"title":"Titel","rationale":"r\\ud800","category":"wijzigen","protocol":"RTP","baseVersion":"2.0"}', '/rationale'],
    ['a NUL in a file', '{"title":"Titel","rationale":"r","category":"wijzigen","protocol":"RTP","baseVersion":"2.0","files":[{"path":"rtp/2.0/tables/beroepen.yaml","text":"a\\u0000"}]}', '/files/0/text'],
  ])('refuses %s with 400 and its pointer, before anything is written (was a 500 and a row without branch)', async (_n, raw, pointer) => {
    const a = users[0];
    const before = (await a.agent.get('/api/v1/proposals')).body.proposals.length;
    const r = await a.agent.post('/api/v1/proposals').set('X-CSRF-Token', a.csrf).set('Content-Type', 'application/json').send(raw);
    expect([r.status, r.body.error.code]).toEqual([400, 'invalid_request']);
    expect(r.body.error.details.map((d: { pointer: string }) => d.pointer)).toContain(pointer);
    expect((await a.agent.get('/api/v1/proposals')).body.proposals.length).toBe(before);
  });

  it('refuses a NUL in a comment', async () => {
    const a = users[0];
    const r = await a.agent.post('/api/v1/proposals/1/comments').set('X-CSRF-Token', a.csrf).set('Content-Type', 'application/json').send('{"text":"x\\u0000"}');
    expect([r.status, r.body.error.details[0].pointer]).toEqual([400, '/text']);
  });

  it('treats a malformed session cookie as no session (was a 500 on every endpoint)', async () => {
    const r = await request(svc.app).get('/api/v1/proposals').set('Cookie', 'pr_session=%');
    expect([r.status, r.body.error.code]).toEqual([401, 'unauthenticated']);
  });
});

describe('a malformed cookie on evaluate in API-key mode', () => {
  it('is no session: 401 unauthenticated, never a 500', async () => {
    const strict = await startService({ requireApiKey: true });
    try {
      const r = await request(strict.app).post('/api/v1/evaluate').set('Cookie', 'pr_session=%E0%A4%A').send({ protocol: 'RTP', decision: 'tariefgroep', facts: {} });
      expect([r.status, r.body.error.code]).toEqual([401, 'unauthenticated']);
    } finally {
      strict.close();
    }
  });
});
