import fc from 'fast-check';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/evaluate/project.js';
import { createApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';

const app = createApp({ holder: createRegistryHolder(loadProject().registry), logger: createLogger('silent') });

function expectJsonError(r: request.Response) {
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
  if (r.status >= 400) {
    expect(r.headers['content-type']).toMatch(/application\/json/);
    expect(typeof r.body.error.code).toBe('string');
    expect(Array.isArray(r.body.error.details)).toBe(true);
    for (const d of r.body.error.details) expect(typeof d.pointer).toBe('string');
  }
}

const protocolish = fc.oneof(fc.constantFrom('RTP', 'RAP', 'rtp', ''), fc.string());
const decisionish = fc.oneof(fc.constantFrom('declaratie', 'tariefgroep', 'toewijzing', 'budgetberekening', 'routekaart'), fc.string());
const factsish = fc.oneof(
  fc.anything({ maxDepth: 4 }),
  fc.record({
    prestatie: fc.anything({ maxDepth: 3 }),
    toewijzing: fc.oneof(fc.constant(null), fc.anything({ maxDepth: 3 })),
    functie: fc.string(),
    datum: fc.oneof(fc.constant('2025-01-01'), fc.string()),
    caoSchaal: fc.oneof(fc.integer(), fc.double(), fc.constant(1e308)),
  }, { requiredKeys: [] }),
);

describe('evaluate never answers 5xx to anything a client sends', () => {
  it('random envelopes and facts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ protocol: protocolish, decision: decisionish, facts: factsish, date: fc.oneof(fc.constant('2025-02-01'), fc.string()), version: fc.string(), explain: fc.anything() }, { requiredKeys: [] }),
        async (body) => {
          expectJsonError(await request(app).post('/api/v1/evaluate').set('content-type', 'application/json').send(JSON.stringify(body)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('random bytes as the body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (raw) => {
        expectJsonError(await request(app).post('/api/v1/evaluate').set('content-type', 'application/json').send(raw));
      }),
      { numRuns: 150 },
    );
  });

  it('random batches', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything({ maxDepth: 3 }), fc.record({ requests: fc.array(fc.anything({ maxDepth: 3 }), { maxLength: 20 }) })), async (body) => {
        const r = await request(app).post('/api/v1/evaluate/batch').set('content-type', 'application/json').send(JSON.stringify(body) ?? 'null');
        expectJsonError(r);
        if (r.status === 200) for (const item of r.body.results) if (item.error) expect(item.error.details.every((d: { pointer: string }) => d.pointer.startsWith('/requests/'))).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it('deep nesting, huge numbers, unknown fields and odd content types', async () => {
    const deep = '{"protocol":"RAP","decision":"declaratie","facts":' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5000) + '}';
    expectJsonError(await request(app).post('/api/v1/evaluate').set('content-type', 'application/json').send(deep));
    const arrays = '[' .repeat(100000) + ']'.repeat(100000);
    expectJsonError(await request(app).post('/api/v1/evaluate').set('content-type', 'application/json').send(arrays));
    const huge = { protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'x', caoSchaal: 1e308, datum: '2025-01-01' } };
    const r = await request(app).post('/api/v1/evaluate').send(huge);
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].pointer).toBe('/facts/caoSchaal');
    expectJsonError(await request(app).post('/api/v1/evaluate').set('content-type', 'text/plain').send('hallo'));
    expectJsonError(await request(app).post('/api/v1/evaluate').set('content-type', 'application/json').send('"just a string"'));
  });
});
