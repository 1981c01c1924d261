/**
 * Issue 22, second round: a draft body at DRAFT_BODY_LIMIT (20 MB) was parsed, validated and copied on
 * the main thread (a 126-131 ms stall of every other client per request, measured by npm run fuzz).
 * Now its bytes go to the check worker: the main thread never parses it, and answers /healthz while
 * the worker reads it, with the same answer and JSON pointers as before.
 */
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sharedCheckPool } from '../../src/offload/check-pool.js';
import { loadProject } from '../../src/evaluate/project.js';
import { createApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';
import { impactRouter } from '../../src/server/routes/impact.js';
import { miniRules } from '../helpers/rule-tree.js';
import { nextJobPosted } from '../helpers/next-job.js';

process.env.CHECK_TIME_BUDGET_MS ??= '120000';
const project = loadProject(miniRules());
const holder = createRegistryHolder(project.registry);
const app = createApp({ holder, logger: createLogger('silent'), today: () => '2025-06-01', routers: [{ path: '/api/v1/impact', router: impactRouter({ holder }) }] });

/** Ten tables of 1.9 MB each (under the schema's 2,000,000 characters, over YAML_MAX_BYTES): a 19 MB body. */
const bigDraft = (extra: object = {}) => JSON.stringify({
  protocol: 'RTP',
  baseVersion: '2.0',
  files: Array.from({ length: 10 }, (_, i) => ({ path: `rtp/2.0/tables/groot${i}.yaml`, text: `# ${'x'.repeat(1_900_000)}\n` })),
  ...extra,
});

const parse = JSON.parse;
afterEach(() => { JSON.parse = parse; });

/** From now until JSON.parse is restored: the longest text this thread parses as JSON (read it with the function returned). */
function watchJsonParse(): () => number {
  let longest = 0;
  JSON.parse = ((text: string, reviver?: never) => {
    longest = Math.max(longest, String(text).length);
    return parse(text, reviver);
  }) as typeof JSON.parse;
  return () => longest;
}

describe('a draft body at the body limit', () => {
  it('is parsed in the check worker, not on the main thread, while /healthz answers; the answer names each file by its pointer', async () => {
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const [route, extra] of [['check', {}], ['diff', {}], ['evaluate', { request: { decision: 'tariefgroep', facts: { functie: 'spv', caoSchaal: 9, datum: '2025-02-03' } } }]] as const) {
        const body = bigDraft(extra);
        expect(body.length, route).toBeGreaterThan(19_000_000);
        const longest = watchJsonParse();
        const order: string[] = [];
        const jobPosted = nextJobPosted(sharedCheckPool());
        const draft = fetch(`${url}/api/v1/drafts/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
          .then(async (r) => { order.push('draft'); return { status: r.status, body: await r.json() as { error: { code: string; details: { pointer: string; message: string }[] } } }; });
        await jobPosted;
        const health = await fetch(`${url}/healthz`);
        order.push('healthz');
        expect(health.status, route).toBe(200);
        const answer = await draft;
        JSON.parse = parse;
        expect(answer.status, route).toBe(422);
        expect(answer.body.error.code, route).toBe('limit_exceeded');
        expect(answer.body.error.details.map((d) => d.pointer), route).toEqual(Array.from({ length: 10 }, (_, i) => `/files/${i}/text`));
        expect(answer.body.error.details[0].message, route).toMatch(/^rtp\/2\.0\/tables\/groot0\.yaml:1:1 .*YAML_MAX_BYTES/);
        expect(order, route).toEqual(['healthz', 'draft']);
        // Only small texts (the answers read here) were parsed on this thread, never the 19 MB body.
        expect(longest(), route).toBeLessThan(100_000);
      }
    } finally {
      server.close();
    }
  }, 300_000);

  it('answers a body that is not JSON, a wrong shape and an unknown base version as before, from the worker', async () => {
    const post = (body: string, type = 'application/json') => fetch(`${'http://127.0.0.1:' + port}/api/v1/drafts/check`, { method: 'POST', headers: { 'content-type': type }, body });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const notJson = await post('{"protocol": ');
      expect(notJson.status).toBe(400);
      expect(await notJson.json()).toMatchObject({ error: { code: 'invalid_request', details: [{ pointer: '', message: 'geen geldige JSON' }] } });
      const shape = await post(JSON.stringify({ protocol: 'RTP', baseVersion: '2.0', files: [{ path: 'rtp/2.0/tables/a.yaml' }] }));
      expect(shape.status).toBe(400);
      expect((await shape.json() as { error: { details: { pointer: string }[] } }).error.details.map((d) => d.pointer)).toEqual(['/files/0/text']);
      const unknown = await post(JSON.stringify({ protocol: 'RTP', baseVersion: '9.9', files: [] }));
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_version', details: [{ pointer: '/baseVersion' }] } });
      const latin = await post('{}', 'application/json; charset=latin1');
      expect(latin.status).toBe(415);
    } finally {
      server.close();
    }
  }, 120_000);
});

describe('an impact request with a draft at IMPACT_BODY_LIMIT', () => {
  it('is parsed and checked against its schema in a check worker: the same 400 at /size, the body never parsed here', async () => {
    const files = Array.from({ length: 3 }, (_, i) => ({ path: `rtp/2.0/tables/groot${i}.yaml`, text: `# ${'x'.repeat(1_500_000)}\n` }));
    const body = JSON.stringify({ protocol: 'RTP', from: '2.0', to: { files }, size: 0 });
    expect(body.length).toBeGreaterThan(4_500_000);
    const longest = watchJsonParse();
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const r = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/impact`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(r.status).toBe(400);
      expect(await r.json()).toMatchObject({ error: { code: 'invalid_request', details: [{ pointer: '/size' }] } });
      expect(longest()).toBeLessThan(100_000);
    } finally {
      JSON.parse = parse;
      server.close();
    }
  }, 120_000);
});
