/**
 * Explain in a batch is bounded (issue 22): at most BATCH_EXPLAIN_MAX_ITEMS (default 100) requests of
 * one batch may ask for a trace or the why-not search, so a batch's answer grows with what was sent by a
 * small factor, not by the size of 10,000 traces. One more is refused as a whole with 400, naming the
 * limit and pointing at the first request over it; on the main thread and on a batch worker alike.
 */
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/evaluate/project.js';
import { createApp } from '../../src/server/app.js';
import { createBatchPool } from '../../src/server/batch/pool.js';
import { createLogger } from '../../src/server/logger.js';
import { DEFAULT_LIMITS, limitsFromEnv } from '../../src/base/limits.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';

const holder = createRegistryHolder(loadProject().registry);
const logger = createLogger('silent');
const today = () => '2025-06-01';
const onMain = createApp({ holder, logger, today });
const pool = createBatchPool({ workers: 1 });
const onWorker = createApp({ holder, logger, today, batchPool: pool });
afterAll(() => pool.close());

const WHY_NOT = { protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'kok', caoSchaal: 3, datum: '2025-05-01' }, explain: 'waarom-niet' };
const PLAIN = { protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'kok', caoSchaal: 3, datum: '2025-05-01' } };
/** `n` requests, the first `explained` with the why-not search; padded so the body goes to a worker (>= 256 KiB). */
const batch = (n: number, explained: number) => ({ requests: Array.from({ length: n }, (_, i) => (i < explained ? WHY_NOT : PLAIN)) });

describe('BATCH_EXPLAIN_MAX_ITEMS', () => {
  it('is 100 by default and read from the environment', () => {
    expect(DEFAULT_LIMITS.batchExplainItems).toBe(100);
    expect(limitsFromEnv({ BATCH_EXPLAIN_MAX_ITEMS: '5' }).batchExplainItems).toBe(5);
    expect(limitsFromEnv({ BATCH_EXPLAIN_MAX_ITEMS: 'veel' }).batchExplainItems).toBe(100);
  });

  for (const [where, app] of [['main thread', onMain], ['batch worker', onWorker]] as const) {
    it(`${where}: one request with explain over the limit refuses the batch with 400 naming the limit and the request`, async () => {
      const body = batch(3000, 101);
      expect(JSON.stringify(body).length).toBeGreaterThan(256 * 1024);
      const r = await request(app).post('/api/v1/evaluate/batch').send(body);
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_request');
      expect(r.body.error.message).toContain('BATCH_EXPLAIN_MAX_ITEMS');
      expect(r.body.error.message).toContain('hoogstens 100 verzoeken met explain');
      expect(r.body.error.details).toEqual([{ pointer: '/requests/100/explain', message: 'verzoek 101 is het 101e met explain' }]);
    });

    it(`${where}: 100 with explain among 3,000 are answered; explain adds a bounded share to the answer`, async () => {
      const r = await request(app).post('/api/v1/evaluate/batch').send(batch(3000, 100));
      expect(r.status).toBe(200);
      expect(r.body.results).toHaveLength(3000);
      expect(r.body.results[99].waaromNiet).toBeDefined();
      expect(r.body.results[100].waaromNiet).toBeUndefined();
      const plain = await request(app).post('/api/v1/evaluate/batch').send(batch(3000, 0));
      expect(plain.status).toBe(200);
      // Twice the batch, twice the answer: the explained part does not grow with it.
      const twice = await request(app).post('/api/v1/evaluate/batch').send(batch(6000, 100));
      expect(twice.text.length - r.text.length).toBeLessThan(1.05 * plain.text.length);
      expect(r.text.length).toBeLessThan(1.5 * plain.text.length);
    });
  }

  it('explain: false does not count, and a lower limit from the app options is the one applied', async () => {
    const app = createApp({ holder, logger, today, limits: { batchExplainItems: 2 } });
    const ok = await request(app).post('/api/v1/evaluate/batch').send({ requests: [WHY_NOT, { ...PLAIN, explain: false }, { ...PLAIN, explain: true }] });
    expect(ok.status).toBe(200);
    const over = await request(app).post('/api/v1/evaluate/batch').send({ requests: [WHY_NOT, { ...PLAIN, explain: true }, PLAIN, WHY_NOT] });
    expect(over.status).toBe(400);
    expect(over.body.error.details[0].pointer).toBe('/requests/3/explain');
  });
});
