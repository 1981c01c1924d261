/**
 * Issue 22: a large batch or iJw message waits for a batch worker at most BATCH_QUEUE_WAIT_MS; past it the
 * client hears 429 too_many_requests with Retry-After at once, rather than hanging behind a queue of large
 * messages (the fuzz's hangs), and the next request after the queue drains is answered.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/evaluate/project.js';
import { createApp } from '../../src/server/app.js';
import { createBatchPool } from '../../src/server/batch/pool.js';
import { httpStatus } from '../../src/server/errors.js';
import type { ApiError } from '../../src/base/errors.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';
import { miniRules } from '../helpers/rule-tree.js';

const project = loadProject(miniRules());
// One worker, and a wait bound far shorter than any large body takes on it.
const pool = createBatchPool({ workers: 1, maxWaitMs: 1 });
afterAll(() => pool.close());
const app = createApp({ holder: createRegistryHolder(project.registry), logger: createLogger('silent'), today: () => '2025-06-01', batchPool: pool });

const item = { protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'spv', caoSchaal: 9, datum: '2025-03-01' } };
/** A batch body over the bytes that are parsed on a worker (256 KiB). */
const batch = (n: number) => new TextEncoder().encode(JSON.stringify({ requests: Array.from({ length: n }, () => item) }));
const bounds = { items: 10_000, explain: 100 };

describe('the batch pool\'s queue', () => {
  it('refuses a large body that waited longer than its bound with 429 and Retry-After; the next one is answered', async () => {
    const big = batch(10_000);
    expect(big.byteLength).toBeGreaterThan(256 * 1024);
    // The only worker takes the first body (a worker start and 10,000 evaluations: far over 1 ms).
    const first = pool.evaluateRaw(project.registry, big, '2025-06-01', bounds);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const waited = await fetch(`${url}/api/v1/evaluate/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: batch(3_000) });
      expect(waited.status).toBe(429);
      expect(waited.headers.get('retry-after')).toBe('2');
      expect(await waited.json()).toMatchObject({ error: { code: 'too_many_requests', message: expect.stringMatching(/^alle rekenprocessen zijn bezig/) } });
      const answered = await first;
      expect(answered && 'json' in answered && JSON.parse(new TextDecoder().decode(answered.json)).results).toHaveLength(10_000);
      const next = await fetch(`${url}/api/v1/evaluate/batch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: batch(3_000) });
      expect(next.status).toBe(200);
      expect(((await next.json()) as { results: { outcome: string }[] }).results.map((r) => r.outcome)).toEqual(Array.from({ length: 3_000 }, () => 'TG3'));
    } finally {
      server.close();
    }
  }, 120_000);

  it('bounds an iJw message\'s wait the same way', async () => {
    const first = pool.evaluateRaw(project.registry, batch(10_000), '2025-06-01', bounds);
    const refused = await pool.answerIjw!(project.registry, { route: 'toewijzing', body: {}, today: '2025-06-01', json: false, decisions: false } as never).catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'too_many_requests', code: 'too_many_requests', retryAfter: 2 });
    expect(httpStatus(refused as ApiError)).toBe(429);
    await first;
  }, 120_000);
});
