/**
 * Issue 22, `POST /api/v1/impact`: loading both rule trees and generating the
 * corpus ran on the event loop (10 draft files of 250 KB stalled everyone for
 * 12.3 s), and any number ran at once (8 small requests: 48 threads, 1.76 GB).
 * Now each run is a job of the check pool, within one process-wide budget
 * shared with a proposal's impact: one more gets 429 with Retry-After.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/evaluate/project.js';
import { IMPACT_LIMITS } from '../../src/offload/impact-off-thread.js';
import { impactOpenApi, impactRouter } from '../../src/server/routes/impact.js';
import { createApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';
import { whileResponsive } from '../helpers/responsiveness.js';

const project = loadProject();
const holder = createRegistryHolder(project.registry);
const app = createApp({ holder, logger: createLogger('silent'), routers: [{ path: '/api/v1/impact', router: impactRouter({ holder }) }], openapi: [impactOpenApi] });

/** A valid test file of RAP 2.0 just under the 256 KiB YAML limit: the shipped first case, many times. */
function largeTests(tag: string): string {
  const shipped = project.files.get('rap/2.0/tests/declaratie.yaml')!;
  const start = shipped.indexOf('  - name:');
  const first = shipped.slice(start, shipped.indexOf('\n  - name:', start + 1) + 1).replace(/^ {2}- name: .*$/m, '');
  let text = 'decision: declaratie\ncases:\n';
  for (let i = 0; text.length + first.length < 250_000; i++) text += `  - name: geval ${tag}-${i}${first}`;
  return text;
}

describe('POST /api/v1/impact off the event loop, within one budget', () => {
  it('a draft of large valid files: answered 200 while /healthz keeps answering and the event loop never stalls a second', async () => {
    const files = Array.from({ length: 3 }, (_, i) => ({ path: `rap/2.0/tests/groot${i}.yaml`, text: largeTests(String(i)) }));
    expect(files.every((f) => Buffer.byteLength(f.text) < 262_144 && Buffer.byteLength(f.text) > 240_000)).toBe(true);
    const { result: r, seen } = await whileResponsive(
      () => request(app).post('/api/v1/impact').send({ protocol: 'RAP', from: '2.0', to: { files }, size: 20, seed: 1 }),
      () => request(app).get('/healthz'),
    );
    expect(r.status, JSON.stringify(r.body).slice(0, 400)).toBe(200);
    expect(r.body.cases).toBe(20);
    expect(seen.loopMaxMs, JSON.stringify(seen)).toBeLessThan(1_000); // the issue: 12,300 ms
    expect(seen.probeMaxMs, JSON.stringify(seen)).toBeLessThan(1_000);
  }, 180_000);

  it('runs one at a time per process: of three at once, one is answered, the others get 429 too_many_requests with Retry-After', async () => {
    const body = { protocol: 'RAP', from: '2.0', to: { version: '2.0' }, size: 30 };
    const answers = await Promise.all([0, 1, 2].map(() => request(app).post('/api/v1/impact').send(body)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 429, 429]);
    for (const a of answers.filter((x) => x.status === 429)) {
      expect(a.headers['retry-after']).toBe(String(IMPACT_LIMITS.retryAfterSeconds));
      expect(a.body.error.code).toBe('too_many_requests');
    }
    // Afterwards the budget is free again.
    expect((await request(app).post('/api/v1/impact').send(body)).status).toBe(200);
  }, 120_000);

  it('declares the 429 and its Retry-After header in the served OpenAPI document', async () => {
    const doc = (await request(app).get('/api/openapi.json')).body;
    const refused = doc.paths['/api/v1/impact'].post.responses['429'];
    expect(refused.description).toMatch(/IMPACT_MAX_CONCURRENT/);
    expect(refused.headers['Retry-After'].schema.type).toBe('integer');
  });
});
