import { afterAll, describe, expect, it } from 'vitest';
import { declaratieCases } from '../../bench/declaratie-cases.js';
import { evaluate, type EvaluateRequest } from '../../src/evaluate/evaluate.js';
import { loadProject } from '../../src/evaluate/project.js';
import { createBatchPool } from '../../src/server/batch/pool.js';

// A single evaluate may be answered on a worker while the main thread is busy; busyShare 0 sends
// every request a worker can take. Answers and errors must be exactly those of the main thread.
const registry = loadProject().registry;
const pool = createBatchPool({ workers: 1, busyShare: 0 });
afterAll(() => pool.close());

const requests: EvaluateRequest[] = declaratieCases(120).map((facts, i) => ({ protocol: 'RAP', decision: 'declaratie', facts, explain: i % 3 === 0 }));

describe('a single evaluate through the pool', () => {
  it('answers as the main thread does, also with many in flight', async () => {
    const expected = await Promise.all(requests.map((r) => evaluate(registry, r, { today: '2025-06-01' })));
    const got = await Promise.all(requests.map((r) => pool.evaluateOne(registry, r, '2025-06-01')));
    expect(got).toEqual(expected);
    expect(new Set(got.map((r) => r.outcome))).toEqual(new Set(['goedgekeurd', 'afgekeurd']));
  });

  it('throws the error evaluate throws, with its code and pointers', async () => {
    const bad = { protocol: 'RAP', decision: 'declaratie', facts: { prestatie: { productPeriode: { begindatum: 'gisteren' } } } } as EvaluateRequest;
    const expected = await evaluate(registry, bad, { today: '2025-06-01' }).catch((e: unknown) => e);
    const got = await Promise.all(Array.from({ length: 6 }, () => pool.evaluateOne(registry, bad, '2025-06-01').catch((e: unknown) => e)));
    expect(expected).toBeInstanceOf(Error);
    for (const e of got) {
      expect(e).toBeInstanceOf(Error);
      expect(e).toMatchObject({ code: (expected as { code: string }).code, details: (expected as { details: unknown }).details });
    }
  });
});
