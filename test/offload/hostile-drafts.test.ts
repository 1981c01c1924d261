/**
 * Issue 12's draft attacks, through the HTTP API: each is a clear 4xx naming
 * file:line:col, checking runs off the main thread (health answers meanwhile),
 * and a check over its time budget is stopped with a Dutch 422.
 */
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createCheckPool, CheckRefused, sharedCheckPool } from '../../src/offload/check-pool.js';
import { loadProject } from '../../src/evaluate/project.js';
import { createApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';
import { miniRules } from '../helpers/rule-tree.js';
import { billionLaughs, yamlAnchors } from '../../bench/fuzz/attacks.js';
import { nextJobPosted } from '../helpers/next-job.js';

// The shared check pool reads its settings on first use: a roomy budget, since this machine may be busy.
process.env.CHECK_TIME_BUDGET_MS ??= '120000';
const project = loadProject(miniRules());
const app = createApp({ holder: createRegistryHolder(project.registry), logger: createLogger('silent'), today: () => '2025-06-01' });
const TABLE = 'rtp/2.0/tables/beroepen.yaml';
const DECISION = 'rtp/2.0/decisions/tariefgroep.yaml';
const draft = (files: { path: string; text: string }[]) => ({ protocol: 'RTP', baseVersion: '2.0', files });

const pools: { close(): Promise<void> }[] = [];
afterAll(async () => { await Promise.all(pools.map((p) => p.close())); });

describe('hostile drafts', () => {
  it('answers 30,000 anchors (about 600 KB) and 5,000 anchors (75 KB) with 422 limit_exceeded at file:line:col', async () => {
    const big = await request(app).post('/api/v1/drafts/check').send(draft([{ path: TABLE, text: yamlAnchors(30_000) }]));
    expect(big.status).toBe(422);
    expect(big.body.error.code).toBe('limit_exceeded');
    expect(big.body.error.details[0]).toMatchObject({ pointer: '/files/0/text', message: expect.stringMatching(/^rtp\/2\.0\/tables\/beroepen\.yaml:1:1 .*YAML_MAX_BYTES/) });
    const many = await request(app).post('/api/v1/drafts/check').send(draft([{ path: TABLE, text: yamlAnchors(5_000) }]));
    expect(many.status).toBe(422);
    expect(many.body.error.details[0]).toMatchObject({ pointer: '/files/0/text', message: expect.stringMatching(/^rtp\/2\.0\/tables\/beroepen\.yaml:\d+:5 .*YAML_MAX_ANCHORS/) });
  });

  it('answers billion laughs with 422 limit_exceeded on check, evaluate and diff', async () => {
    const files = [{ path: TABLE, text: billionLaughs() }];
    for (const [path, extra] of [['check', {}], ['diff', {}], ['evaluate', { request: { decision: 'tariefgroep', facts: { functie: 'spv', caoSchaal: 9, datum: '2025-02-03' } } }]] as const) {
      const r = await request(app).post(`/api/v1/drafts/${path}`).send({ ...draft(files), ...extra });
      expect(r.status, path).toBe(422);
      expect(r.body.error).toMatchObject({ code: 'limit_exceeded', details: [{ pointer: '/files/0/text', message: expect.stringContaining(`${TABLE}:3:`) }] });
    }
  });

  it('reports constructor(1), hasOwnProperty(x), __proto__ and 10,000 brackets as diagnostics, never a 500', async () => {
    const decision = project.files.get(DECISION)!;
    const cases = [['constructor(1)', 'bad_expression'], ['hasOwnProperty(functie)', 'unknown_function'], ['__proto__', 'bad_expression'], ['('.repeat(10_000) + '1' + ')'.repeat(10_000), 'bad_expression']] as const;
    for (const [expr, code] of cases) {
      const text = decision.replace('expr: lookup(beroepen, tariefgroep, functie, caoSchaal)', `expr: "${expr}"`);
      const r = await request(app).post('/api/v1/drafts/check').send(draft([{ path: DECISION, text }]));
      expect(r.status, expr.slice(0, 20)).toBe(200);
      expect(r.body.diagnostics.filter((d: { line: number }) => d.line === 8), expr.slice(0, 20)).toEqual([expect.objectContaining({ file: DECISION, code, line: 8 })]);
    }
  });

  it('keeps answering /healthz while a large draft is being checked', async () => {
    // Six tables of 4,000 rows each (each under YAML_MAX_BYTES): a second or more of loading, all of it in the check worker.
    const rows = Array.from({ length: 4_000 }, (_, i) => `  - { functie: f${i}, tariefgroep: TG3 }`).join('\n');
    const table = project.files.get(TABLE)!.replace(/rows:\n/, `rows:\n${rows}\n`);
    const files = [{ path: TABLE, text: table }, ...Array.from({ length: 5 }, (_, i) => ({ path: `rtp/2.0/tables/extra${i}.yaml`, text: table.replace('id: beroepen', `id: extra${i}`) }))];
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const order: string[] = [];
      // The check is posted to the pool once its body is read: wait for that, then ask /healthz.
      const jobPosted = nextJobPosted(sharedCheckPool());
      const check = fetch(`${url}/api/v1/drafts/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(draft(files)) })
        .then(async (r) => { order.push('check'); return r.status; });
      await jobPosted;
      const health = await fetch(`${url}/healthz`);
      order.push('healthz');
      expect(health.status).toBe(200);
      expect(await check).toBe(200);
      expect(order).toEqual(['healthz', 'check']);
    } finally {
      server.close();
    }
  }, 120_000);
});

describe('the check pool', () => {
  it('stops a job over its budget with a Dutch message, replaces the worker and runs the next job', async () => {
    const pool = createCheckPool({ workers: 1, budgetMs: 60_000, maxQueue: 4, memoryMb: 256 });
    pools.push(pool);
    const version = { dir: 'rtp/2.0', files: [...miniRules()].filter(([p]) => p.startsWith('rtp/2.0/')) };
    // Warm: the worker is started and has done one job.
    expect(await pool.run({ kind: 'check', version })).toMatchObject({ kind: 'check', loaded: true, diagnostics: [] });
    const rows = Array.from({ length: 40_000 }, (_, i) => `  - { functie: f${i}, tariefgroep: TG3 }`).join('\n');
    const big = { dir: version.dir, files: version.files.map(([p, t]) => [p, p.endsWith('tables/beroepen.yaml') ? t.replace(/rows:\n/, `rows:\n${rows}\n`) : t] as [string, string]) };
    const refused = await pool.run({ kind: 'check', version: big }, { budgetMs: 5 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CheckRefused);
    expect((refused as CheckRefused).reason).toBe('budget');
    expect((refused as CheckRefused).message).toMatch(/^de controle duurde langer dan 5 milliseconden en is afgebroken/);
    expect(await pool.run({ kind: 'check', version })).toMatchObject({ loaded: true, diagnostics: [] });
    expect(pool.started()).toBe(2);
  }, 120_000);

  it('refuses a job that waits longer than its bound for a worker as busy, and runs the next one', async () => {
    const pool = createCheckPool({ workers: 1, budgetMs: 60_000, maxQueue: 4, memoryMb: 256, maxWaitMs: 1 });
    pools.push(pool);
    const version = { dir: 'rtp/2.0', files: [...miniRules()].filter(([p]) => p.startsWith('rtp/2.0/')) };
    // The first job holds the only worker (its start alone takes longer than 1 ms); the second waits and is refused.
    const first = pool.run({ kind: 'check', version });
    const second = await pool.run({ kind: 'check', version }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(CheckRefused);
    expect((second as CheckRefused).reason).toBe('busy');
    expect((second as CheckRefused).message).toMatch(/^alle controles zijn bezig \(langer dan 1 milliseconden gewacht\)/);
    expect(await first).toMatchObject({ kind: 'check', loaded: true });
    expect(await pool.run({ kind: 'check', version })).toMatchObject({ kind: 'check', loaded: true });
  }, 120_000);

  it('refuses work beyond its queue as busy', async () => {
    const pool = createCheckPool({ workers: 1, budgetMs: 60_000, maxQueue: 1, memoryMb: 256 });
    pools.push(pool);
    const version = { dir: 'rtp/2.0', files: [...miniRules()].filter(([p]) => p.startsWith('rtp/2.0/')) };
    const runs = [pool.run({ kind: 'check', version }), pool.run({ kind: 'check', version }), pool.run({ kind: 'check', version })].map((p) => p.then(() => 'ok', (e: CheckRefused) => e.reason));
    expect((await Promise.all(runs)).sort()).toEqual(['busy', 'ok', 'ok']);
  });
});
