/** BATCH_MAX_ITEMS is the largest batch answered, not the first one refused. */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/evaluate/project.js';
import { createApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';

const app = createApp({ holder: createRegistryHolder(loadProject().registry), logger: createLogger('silent'), today: () => '2025-06-01' });
const batch = (n: number) => ({ requests: Array.from({ length: n }, () => ({ protocol: 'RTP', decision: 'tariefgroep', date: '2025-06-01', facts: { functie: 'kinder- en jeugdtherapeut' } })) });

describe('the batch item limit (default 10,000)', () => {
  it('answers a batch of exactly 10,000 items, one answer per item', async () => {
    const r = await request(app).post('/api/v1/evaluate/batch').send(batch(10_000));
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    expect(r.body.results).toHaveLength(10_000);
  });

  it('refuses 10,001 items with a pointer at the list', async () => {
    const r = await request(app).post('/api/v1/evaluate/batch').send(batch(10_001));
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'invalid_request', message: 'hoogstens 10000 verzoeken per batch', details: [{ pointer: '/requests', message: '10001 verzoeken' }] });
  });
});
