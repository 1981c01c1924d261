/** GET /metrics: what a Prometheus scrape sees after real requests (route templates, evaluations, token). */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { createMetrics } from '../../src/server/metrics.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';
import { loadProject } from '../../src/evaluate/project.js';
import { miniRules } from '../helpers/rule-tree.js';
import { addPsycholoog, startService } from '../amend/helpers.js';

const project = loadProject(miniRules());
const build = (o: { metricsToken?: string } = {}) => {
  const holder = createRegistryHolder(project.registry);
  const app = createApp({ holder, logger: createLogger('silent'), today: () => '2025-06-01', metrics: createMetrics(), ...o });
  return { app, holder };
};
const ask = (functie: string, caoSchaal = 9) => ({ protocol: 'RTP', decision: 'tariefgroep', facts: { functie, caoSchaal, datum: '2025-02-03' } });

/** The value of one sample line, e.g. sample(text, 'x_total{a="b"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('counts requests by route template (not the raw path) and status, with their latency', async () => {
    const { app } = build();
    for (let i = 0; i < 3; i++) expect((await request(app).post('/api/v1/evaluate').send(ask('spv', 10))).status).toBe(200);
    expect((await request(app).post('/api/v1/evaluate').send({ protocol: 'RTP' })).status).toBe(400);
    expect((await request(app).get('/api/v1/rulesets/RTP/2.0')).status).toBe(200);
    expect((await request(app).get('/api/v1/rulesets/RTP/9.9')).status).toBe(404);
    expect((await request(app).get('/nowhere/12345')).status).toBe(404);

    const r = await request(app).get('/metrics');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const m = r.text;
    const count = (method: string, route: string, status: number) => sample(m, `protocolregels_http_request_duration_seconds_count{method="${method}",route="${route}",status="${status}"}`);
    expect(count('POST', '/api/v1/evaluate', 200)).toBe(3);
    // The 400 is thrown inside the route: still labelled with its template, not as unmatched.
    expect(count('POST', '/api/v1/evaluate', 400)).toBe(1);
    expect(count('GET', '/api/v1/rulesets/:protocol/:version', 200)).toBe(1);
    expect(count('GET', '/api/v1/rulesets/:protocol/:version', 404)).toBe(1);
    expect(count('GET', '(unmatched)', 404)).toBe(1);
    expect(m).not.toContain('12345');
    expect(m).not.toContain('/RTP/2.0');
    expect(sample(m, 'protocolregels_http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/api/v1/evaluate",status="200"}')).toBe(3);
  });

  it('keeps the route labels bounded: case variants of a path count under its one template', async () => {
    const { app } = build();
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    // Every case variant of "rulesets" (256) and of "api" (8), on a list and a templated path, as the client typed them.
    const variants = (word: string) => Array.from({ length: 2 ** word.length }, (_, n) => [...word].map((c, i) => ((n >> i) & 1 ? c.toUpperCase() : c)).join(''));
    const paths = [
      ...variants('rulesets').map((w) => `/api/v1/${w}`),
      ...variants('api').map((w) => `/${w}/v1/rulesets/RTP/2.0`),
      ...variants('api').map((w) => `/${w}/v1/nergens`),
    ];
    try {
      for (let i = 0; i < paths.length; i += 16) {
        const statuses = await Promise.all(paths.slice(i, i + 16).map(async (p) => (await fetch(base + p)).status));
        expect(statuses.every((st) => st === 200 || st === 404), statuses.join()).toBe(true);
      }
      const m = await (await fetch(`${base}/metrics`)).text();
      const routes = new Set([...m.matchAll(/protocolregels_http_request_duration_seconds_count\{method="[A-Z]+",route="([^"]*)"/g)].map((x) => x[1]));
      expect([...routes].sort()).toEqual(['(unmatched)', '/api/v1/rulesets', '/api/v1/rulesets/:protocol/:version']);
      const count = (route: string, status: number) => sample(m, `protocolregels_http_request_duration_seconds_count{method="GET",route="${route}",status="${status}"}`);
      expect(count('/api/v1/rulesets', 200)).toBe(256);
      expect(count('/api/v1/rulesets/:protocol/:version', 200)).toBe(8);
      expect(count('(unmatched)', 404)).toBe(8);
    } finally {
      server.close();
    }
  });

  it('counts evaluations by protocol, decision and outcome, singles and batch items alike', async () => {
    const { app } = build();
    await request(app).post('/api/v1/evaluate').send(ask('spv', 10));
    await request(app).post('/api/v1/evaluate').send(ask('kok'));
    await request(app).post('/api/v1/evaluate/batch').send({ requests: [ask('spv', 10), ask('spv', 10), ask('kok'), { protocol: 'RTP' }] });
    const m = (await request(app).get('/metrics')).text;
    expect(sample(m, 'protocolregels_evaluations_total{protocol="RTP",decision="tariefgroep",outcome="TG4"}')).toBe(3);
    expect(sample(m, 'protocolregels_evaluations_total{protocol="RTP",decision="tariefgroep",outcome="overleg_contractbeheer"}')).toBe(2);
  });

  it('reports the rule-set generation served at scrape time', async () => {
    const { app, holder } = build();
    expect(sample((await request(app).get('/metrics')).text, 'protocolregels_rules_generation')).toBe(1);
    holder.swap(project.registry);
    holder.swap(project.registry);
    expect(sample((await request(app).get('/metrics')).text, 'protocolregels_rules_generation')).toBe(3);
  });

  it('with METRICS_TOKEN: 401 unauthenticated without the bearer token or with a wrong one, 200 with it', async () => {
    const { app } = build({ metricsToken: 's3cret-token' });
    const none = await request(app).get('/metrics');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthenticated');
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect(none.text).not.toContain('protocolregels_');
    expect((await request(app).get('/metrics').set('Authorization', 'Bearer wrong-token!')).status).toBe(401);
    expect((await request(app).get('/metrics').set('Authorization', 'Basic czNjcmV0LXRva2Vu')).status).toBe(401);
    const ok = await request(app).get('/metrics').set('Authorization', 'Bearer s3cret-token');
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('protocolregels_http_request_duration_seconds');
  });

  it('includes the default process metrics when the service asks for them', async () => {
    const holder = createRegistryHolder(project.registry);
    const app = createApp({ holder, logger: createLogger('silent'), metrics: createMetrics({ processMetrics: true }) });
    const m = (await request(app).get('/metrics')).text;
    expect(m).toContain('process_cpu_user_seconds_total');
    expect(m).toContain('nodejs_eventloop_lag_seconds');
  });

  it('counts an adoption made through this process (and not a refused one), with the generation it brought', async () => {
    const svc = await startService();
    try {
      const [a, r, admin] = [await svc.login('indiener'), await svc.login('beoordelaar'), await svc.login('beheerder')];
      const p = await a.agent.post('/api/v1/proposals').set('X-CSRF-Token', a.csrf).send({ title: 'Psycholoog', rationale: 'r', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', files: addPsycholoog() });
      await a.agent.post(`/api/v1/proposals/${p.body.id}/submit`).set('X-CSRF-Token', a.csrf).expect(200);
      for (const to of ['in_behandeling', 'aangenomen']) await r.agent.post(`/api/v1/proposals/${p.body.id}/transition`).set('X-CSRF-Token', r.csrf).send({ to, reason: 'akkoord' }).expect(200);
      const adopt = () => admin.agent.post('/api/v1/adoptions').set('X-CSRF-Token', admin.csrf).send({ protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: [p.body.id] });
      expect((await adopt()).status).toBe(201);
      const again = await adopt();
      expect(again.status).toBeGreaterThanOrEqual(400);

      const m = (await request(svc.app).get('/metrics')).text;
      expect(sample(m, 'protocolregels_adoptions_total')).toBe(1);
      expect(sample(m, 'protocolregels_rules_generation')).toBe(2);
      expect(sample(m, 'protocolregels_http_request_duration_seconds_count{method="POST",route="/api/v1/adoptions",status="201"}')).toBe(1);
      expect(sample(m, `protocolregels_http_request_duration_seconds_count{method="POST",route="/api/v1/proposals/:id/submit",status="200"}`)).toBe(1);
    } finally {
      await svc.close();
    }
  });
});
