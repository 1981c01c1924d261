/**
 * Single evaluations of one event-loop turn run back to back (src/server/routes/turn-queue.ts,
 * issue 15): every request must still get its own answer, exactly evaluate()'s, and a bad request
 * its own 400, whatever else is in flight.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { declaratieCases } from '../../bench/declaratie-cases.js';
import { evaluate, type EvaluateRequest } from '../../src/evaluate/evaluate.js';
import { loadProject } from '../../src/evaluate/project.js';
import { createApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';
import { createTurnQueue } from '../../src/server/routes/turn-queue.js';

const registry = loadProject().registry;
const TODAY = '2025-06-01';
const server = createApp({ holder: createRegistryHolder(registry), logger: createLogger('silent'), today: () => TODAY }).listen(0, '127.0.0.1');
afterAll(() => new Promise((r) => server.close(r)));
const url = async () => {
  if (!server.listening) await new Promise((r) => server.once('listening', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/evaluate`;
};

describe('POST /api/v1/evaluate with many requests in flight', () => {
  it('answers each request with its own answer, exactly as evaluate() does, and each bad one with its own 400', async () => {
    const at = await url();
    const requests: EvaluateRequest[] = declaratieCases(150).map((facts, i) => ({ protocol: 'RAP', decision: 'declaratie', facts, explain: i % 7 === 0 }));
    // Every tenth request has a reference date that is no date.
    const bad = (i: number) => i % 10 === 9;
    const bodies = requests.map((r, i) => (bad(i) ? { ...r, facts: { ...r.facts, prestatie: { ...r.facts.prestatie as object, productPeriode: { begindatum: 'gisteren', einddatum: '2025-02-28' } } } } : r));
    const replies = await Promise.all(bodies.map(async (b) => {
      const res = await fetch(at, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) });
      return { status: res.status, body: await res.json() };
    }));
    for (const [i, reply] of replies.entries()) {
      if (bad(i)) {
        expect(reply.status, `request ${i}`).toBe(400);
        expect(reply.body.error.details.map((d: { pointer: string }) => d.pointer)).toContain('/facts/prestatie/productPeriode/begindatum');
      } else {
        expect(reply.status, `request ${i}`).toBe(200);
        expect(reply.body, `request ${i}`).toEqual(JSON.parse(JSON.stringify(await evaluate(registry, requests[i], { today: TODAY }))));
      }
    }
    expect(new Set(replies.filter((_, i) => !bad(i)).map((r) => r.body.outcome))).toEqual(new Set(['goedgekeurd', 'afgekeurd']));
  });
});

describe('the turn queue', () => {
  it('passes on each answer and each failure to its own caller, also past the per-turn cap', async () => {
    const q = createTurnQueue();
    const got = await Promise.all(Array.from({ length: 200 }, (_, i) =>
      q.add(async () => {
        if (i % 50 === 3) throw new Error(`fout ${i}`);
        return i * 2;
      }).catch((e: Error) => e.message)));
    expect(got).toEqual(Array.from({ length: 200 }, (_, i) => (i % 50 === 3 ? `fout ${i}` : i * 2)));
  });

  it('starts the work only after the current turn, in the order it was added', async () => {
    const q = createTurnQueue();
    const order: string[] = [];
    const a = q.add(async () => { order.push('a'); return 1; });
    const b = q.add(async () => { order.push('b'); return 2; });
    order.push('same turn');
    expect(await Promise.all([a, b])).toEqual([1, 2]);
    expect(order).toEqual(['same turn', 'a', 'b']);
  });
});
