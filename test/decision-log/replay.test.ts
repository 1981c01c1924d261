/**
 * The test: 100 evaluations (40 therapists, 60 others) through the
 * service with the decision log on, then a draft moving the therapist to
 * another tariff group, replayed on the log: exactly the 40 therapists change,
 * by the proposal's impact (the editor's button), the API's impact and the CLI.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { impactCommand } from '../../src/cli/impact.js';
import { FIXTURE_RULES, startService, therapeutToTg4, type TestService } from '../amend/helpers.js';

let svc: TestService;

const therapist = (i: number) => ({ protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'therapeut', caoSchaal: 7 + (i % 4), datum: `2025-${String(1 + (i % 12)).padStart(2, '0')}-15` } });
const other = (i: number) => ({
  protocol: 'RTP', decision: 'tariefgroep',
  facts: i % 3 === 0 ? { functie: 'spv', caoSchaal: 8, datum: '2025-06-01' } : i % 3 === 1 ? { functie: 'spv', caoSchaal: 11, datum: '2026-01-10' } : { functie: 'kok', datum: '2025-09-09' },
});

beforeAll(async () => {
  svc = await startService({ decisionLog: true, now: '2026-02-10T09:00:00Z' });
  // 20 therapists and 30 others one by one, the other 50 in one batch.
  for (let i = 0; i < 20; i++) expect((await request(svc.app).post('/api/v1/evaluate').send(therapist(i))).status).toBe(200);
  for (let i = 0; i < 30; i++) expect((await request(svc.app).post('/api/v1/evaluate').send(other(i))).status).toBe(200);
  const batch = await request(svc.app).post('/api/v1/evaluate/batch').send({ requests: [...Array.from({ length: 20 }, (_, i) => therapist(20 + i)), ...Array.from({ length: 30 }, (_, i) => other(30 + i))] });
  expect(batch.status).toBe(200);
  await svc.decisionLog!.flush();
});

afterAll(async () => {
  await svc?.close();
});

describe('replaying the decision log', () => {
  it('keeps all 100 answers, each with version, content hash, outcome and rules', async () => {
    const page = await svc.amend.store.decisions.list({ limit: 500 });
    expect(page).toHaveLength(100);
    expect(page.filter((d) => d.source === 'batch')).toHaveLength(50);
    expect(page.every((d) => d.version === '2.0' && /^sha256:[0-9a-f]{64}$/.test(d.contentHash ?? '') && d.rules.length > 0)).toBe(true);
    expect(page.filter((d) => d.facts.functie === 'therapeut').every((d) => d.outcome === 'TG3')).toBe(true);
  });

  it('a proposal moving the therapist to TG4, on the decisions of the last 30 days: exactly the 40 therapists change', async () => {
    const { agent, csrf } = await svc.login('indiener');
    const created = await agent.post('/api/v1/proposals').set('x-csrf-token', csrf)
      .send({ title: 'Therapeut naar TG4', category: 'wijzigen', protocol: 'RTP', baseVersion: '2.0', rationale: 'test', files: therapeutToTg4() });
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    const r = await agent.post(`/api/v1/proposals/${id}/impact`).set('x-csrf-token', csrf).send({ corpus: 'decision-log', days: 30 });
    expect(r.status).toBe(201);
    expect(r.body.corpus).toBe('beslissingslog, 2026-01-12 t/m 2026-02-10 (100 beslissingen)');
    expect(r.body.report.evaluated).toBe(100);
    expect(r.body.report.changed).toBe(40);
    expect(r.body.report.transitions).toEqual([expect.objectContaining({ from: 'tariefgroep: TG3', to: 'TG4', count: 40 })]);

    // The same through the API's impact and the CLI, with dates.
    const api = await agent.post('/api/v1/impact').set('x-csrf-token', csrf).send({ protocol: 'RTP', from: '2.0', to: { proposalId: id }, corpus: 'decision-log', since: '2026-02-01', until: '2026-02-10' });
    expect(api.status).toBe(200);
    expect([api.body.evaluated, api.body.changed]).toEqual([100, 40]);
    const before = await agent.post('/api/v1/impact').set('x-csrf-token', csrf).send({ protocol: 'RTP', from: '2.0', to: { proposalId: id }, corpus: 'decision-log', until: '2026-02-09' });
    expect([before.body.evaluated, before.body.changed]).toEqual([0, 0]);

    const out: string[] = [];
    const err: string[] = [];
    const env = process.env.DATA_DIR;
    process.env.DATA_DIR = svc.dataDir;
    try {
      const code = await impactCommand(['--from', 'rtp-2.0', '--to', `proposal:${id}`, '--corpus', 'decision-log', '--since', '2026-02-10', '--json'], { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } as never, FIXTURE_RULES);
      expect(err).toEqual([]);
      expect(code).toBe(0);
    } finally {
      if (env === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = env;
    }
    const cli = JSON.parse(out.join(''));
    expect([cli.evaluated, cli.changed]).toEqual([100, 40]);
  }, 120_000); // four impact analyses, each starting worker threads, on a shared 2-core machine

  it('refuses bad dates with the field named', async () => {
    const { agent, csrf } = await svc.login('beoordelaar');
    const r = await agent.post('/api/v1/impact').set('x-csrf-token', csrf).send({ protocol: 'RTP', from: '2.0', to: { version: '2.0' }, corpus: 'decision-log', since: '2026-02-10', until: '2026-02-01' });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].pointer).toBe('/until');
    const s = await agent.post('/api/v1/impact').set('x-csrf-token', csrf).send({ protocol: 'RTP', from: '2.0', to: { version: '2.0' }, since: '2026-02-10' });
    expect(s.status).toBe(400);
    expect(s.body.error.details[0].pointer).toBe('/since');
  });
});
