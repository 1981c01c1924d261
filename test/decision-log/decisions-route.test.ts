/**
 * GET /api/v1/decisions: administrators and reviewers find the cases behind a
 * change; nobody else, and never a system with an API key.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY, startService, type TestService } from '../amend/helpers.js';

let svc: TestService;
const tg = (functie: string, datum = '2025-05-01') => ({ protocol: 'RTP', decision: 'tariefgroep', facts: { functie, caoSchaal: 8, datum } });

beforeAll(async () => {
  svc = await startService({ decisionLog: true, now: '2026-02-10T09:00:00Z' });
  for (const f of ['therapeut', 'spv', 'kok', 'therapeut', 'kok']) expect((await request(svc.app).post('/api/v1/evaluate').send(tg(f))).status).toBe(200);
  svc.clock.set('2026-02-12T09:00:00Z');
  expect((await request(svc.app).post('/api/v1/evaluate').send(tg('spv'))).status).toBe(200);
  await svc.decisionLog!.flush();
});

afterAll(async () => {
  await svc?.close();
});

describe('GET /api/v1/decisions', () => {
  it('is for a logged-in administrator or reviewer only: 401 without login or with an API key, 403 for a proposer', async () => {
    expect((await request(svc.app).get('/api/v1/decisions')).status).toBe(401);
    const key = await request(svc.app).get('/api/v1/decisions').set('Authorization', `Bearer ${API_KEY}`);
    expect(key.status).toBe(401);
    expect((await request(svc.app).get('/api/v1/decisions').set('X-API-Key', API_KEY)).status).toBe(401);
    const { agent } = await svc.login('indiener');
    const r = await agent.get('/api/v1/decisions');
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    for (const who of ['beoordelaar', 'beheerder']) expect((await (await svc.login(who)).agent.get('/api/v1/decisions')).status).toBe(200);
  });

  it('filters by outcome, rule and day, newest first, a page at a time', async () => {
    const { agent } = await svc.login('beoordelaar');
    const all = await agent.get('/api/v1/decisions');
    expect(all.body.decisions).toHaveLength(6);
    expect(all.body.next).toBeNull();
    expect(all.body.decisions[0]).toMatchObject({ source: 'evaluate', protocol: 'RTP', decision: 'tariefgroep', version: '2.0', outcome: 'TG3', facts: { functie: 'spv' } });
    const overleg = await agent.get('/api/v1/decisions?outcome=overleg_contractbeheer');
    expect(overleg.body.decisions.map((d: { facts: { functie: string } }) => d.facts.functie)).toEqual(['kok', 'kok']);
    const byRule = await agent.get('/api/v1/decisions?rule=rtp.tariefgroep.overleg&decision=tariefgroep');
    expect(byRule.body.decisions).toHaveLength(2);
    const day = await agent.get('/api/v1/decisions?since=2026-02-11&until=2026-02-12');
    expect(day.body.decisions).toHaveLength(1);
    const p1 = await agent.get('/api/v1/decisions?limit=4');
    expect(p1.body.decisions).toHaveLength(4);
    const p2 = await agent.get(`/api/v1/decisions?limit=4&before=${p1.body.next}`);
    expect(p2.body.decisions).toHaveLength(2);
    expect(p2.body.next).toBeNull();
    expect([...p1.body.decisions, ...p2.body.decisions].map((d: { id: number }) => d.id)).toEqual(all.body.decisions.map((d: { id: number }) => d.id));
  });

  it('names a wrong query field with a pointer (400), never a 500', async () => {
    const { agent } = await svc.login('beheerder');
    for (const [q, pointer] of [['limit=501', '/query/limit'], ['limit=0', '/query/limit'], ['since=2026-02-30', '/query/since'], ['until=gisteren', '/query/until'], ['since=2026-02-12&until=2026-02-01', '/query/until'], ['bsn=123456782', '/query/bsn'], ['rule=%00x', '/query/rule']]) {
      const r = await agent.get(`/api/v1/decisions?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.error.details[0].pointer, q).toBe(pointer);
    }
  });

  it('the decision log as impact corpus is refused to an API key (403)', async () => {
    const r = await request(svc.app).post('/api/v1/impact').set('X-API-Key', API_KEY).send({ protocol: 'RTP', from: '2.0', to: { version: '2.0' }, corpus: 'decision-log' });
    expect(r.status).toBe(403);
  });

  it('is declared in the OpenAPI: login only, with its query and page schemas', async () => {
    const doc = (await request(svc.app).get('/api/openapi.json')).body;
    const op = doc.paths['/api/v1/decisions'].get;
    expect(op.security).toEqual([{ session: [] }]);
    expect(op.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/DecisionLogPage');
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['DecisionLogPage', 'DecisionsQuery']));
  });
});
