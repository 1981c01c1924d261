import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/evaluate/project.js';
import { createApp } from '../../src/server/app.js';
import { createBatchPool } from '../../src/server/batch/pool.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';
import { miniRules, withFile } from '../helpers/rule-tree.js';

const project = loadProject(miniRules());
const pool = createBatchPool({ workers: 2, minItems: 10 });
const sequential = createBatchPool({ workers: 0 });
afterAll(() => pool.close());

// A mix across versions, with bad items scattered over every slice.
const functies = ['spv', 'therapeut', 'kok', 'regiebehandelaar dyslexie'];
const items: unknown[] = Array.from({ length: 301 }, (_, i) => {
  if (i % 37 === 5) return { protocol: 'RTP', decision: 'tariefgroep', facts: { functie: i } };
  if (i % 53 === 7) return { protocol: 'RTP' };
  if (i % 61 === 11) return { protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'spv', caoSchaal: 9, datum: '2020-01-01' } };
  return {
    protocol: 'RTP', decision: 'tariefgroep', explain: i % 2 === 0,
    facts: { functie: functies[i % functies.length], caoSchaal: 8 + (i % 4), datum: i % 3 === 0 ? '2024-05-01' : '2025-03-01' },
  };
});

describe('the batch pool', () => {
  it('gives the same answers, in the same order, as the main thread alone', async () => {
    const expected = await sequential.evaluate(project.registry, items, '2025-06-01');
    const got = await pool.evaluate(project.registry, items, '2025-06-01');
    expect(got).toEqual(expected);
    expect(got[5]).toMatchObject({ status: 400, error: { code: 'invalid_facts' } });
    // Pointers name the item's place in the whole batch, also in a worker's slice.
    const late = got.findLastIndex((r) => (r as { error?: unknown }).error);
    expect(late).toBeGreaterThan(150); // past the first worker's slice
    expect((got[late] as { error: { details: { pointer: string }[] } }).error.details[0].pointer).toMatch(new RegExp(`^/requests/${late}(/|$)`));
  });

  it('answers on the registry it is given, also after a swap and back', async () => {
    const changed = loadProject(withFile(miniRules(), 'rtp/2.0/tables/beroepen.yaml', (t) => t.replace('{ functie: therapeut, tariefgroep: TG3 }', '{ functie: therapeut, tariefgroep: TG4 }'))).registry;
    const one = [{ protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'therapeut', caoSchaal: 9, datum: '2025-03-01' } }];
    const batch = Array.from({ length: 40 }, () => one[0]);
    const before = (await pool.evaluate(project.registry, batch, '2025-06-01')) as { outcome: string; contentHash: string }[];
    const after = (await pool.evaluate(changed, batch, '2025-06-01')) as { outcome: string; contentHash: string }[];
    const again = (await pool.evaluate(project.registry, batch, '2025-06-01')) as { outcome: string }[];
    expect(new Set(before.map((r) => r.outcome))).toEqual(new Set(['TG3']));
    expect(new Set(after.map((r) => r.outcome))).toEqual(new Set(['TG4']));
    expect(new Set(after.map((r) => r.contentHash))).toEqual(new Set([changed.get('RTP', '2.0')!.contentHash]));
    expect(new Set(again.map((r) => r.outcome))).toEqual(new Set(['TG3']));
  });

  it('keeps a fault in the rules in its own slot, on the main thread and in a worker', async () => {
    // A table cell outside the decision's outcomes: a fault of the rules, not of the request.
    const faulty = loadProject(withFile(miniRules(), 'rtp/2.0/tables/beroepen.yaml', (t) => t.replace('{ functie: therapeut, tariefgroep: TG3 }', '{ functie: therapeut, tariefgroep: TG9 }'))).registry;
    const ok = { protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'spv', caoSchaal: 10, datum: '2025-03-01' } };
    const bad = { ...ok, facts: { ...ok.facts, functie: 'therapeut' } };
    const batch = Array.from({ length: 30 }, (_, i) => (i % 7 === 3 ? bad : ok));
    const errors: number[] = [];
    const logging = createBatchPool({ workers: 1, minItems: 1, logger: { warn: () => {}, error: (o: { index: number }) => errors.push(o.index) } as never });
    const got = (await logging.evaluate(faulty, batch, '2025-06-01')) as { outcome?: string; status?: number; error?: { code: string } }[];
    await logging.close();
    got.forEach((r, i) => (i % 7 === 3 ? expect(r).toMatchObject({ status: 500, error: { code: 'internal_error' } }) : expect(r.outcome).toBe('TG4')));
    expect(errors.sort((a, b) => a - b)).toEqual([3, 10, 17, 24]);
  });

  it('redoes a slice on the main thread when a worker cannot take it', async () => {
    // A function cannot be posted to a worker; JSON bodies never hold one, but the fallback must hold.
    const odd = [...items.slice(0, 20), () => 1, ...items.slice(0, 20)];
    const got = await pool.evaluate(project.registry, odd, '2025-06-01');
    expect(got).toEqual(await sequential.evaluate(project.registry, odd, '2025-06-01'));
    expect(got[20]).toMatchObject({ status: 400, error: { code: 'invalid_request', details: [{ pointer: '/requests/20' }] } });
  });

  it('answers on the main thread after it is closed', async () => {
    const closing = createBatchPool({ workers: 1, minItems: 1 });
    expect(await closing.evaluate(project.registry, items.slice(0, 4), '2025-06-01')).toHaveLength(4);
    await closing.close();
    expect(await closing.evaluate(project.registry, items.slice(0, 4), '2025-06-01')).toEqual(await sequential.evaluate(project.registry, items.slice(0, 4), '2025-06-01'));
  });

  // Half of these ask for explain (more than the default BATCH_EXPLAIN_MAX_ITEMS): the pool, not that bound, is under test.
  it('serves /api/v1/evaluate/batch through the pool with the answers of single evaluations', async () => {
    const app = createApp({ holder: createRegistryHolder(project.registry), logger: createLogger('silent'), today: () => '2025-06-01', batchPool: pool, limits: { batchExplainItems: 1000 } });
    const r = await request(app).post('/api/v1/evaluate/batch').send({ requests: items });
    expect(r.status).toBe(200);
    for (const i of [0, 1, 150, 299, 300]) {
      const single = await request(app).post('/api/v1/evaluate').send(items[i] as object);
      expect(r.body.results[i], `item ${i}`).toMatchObject(single.status === 200 ? single.body : { status: single.status, error: { code: single.body.error.code } });
    }
  });

  it('parses a large batch body on a worker and answers exactly as the main thread does, errors included', async () => {
    const holder = createRegistryHolder(project.registry);
    const onWorker = createApp({ holder, logger: createLogger('silent'), today: () => '2025-06-01', batchPool: pool, limits: { batchExplainItems: 1000 } });
    const onMain = createApp({ holder, logger: createLogger('silent'), today: () => '2025-06-01', batchPool: sequential, limits: { batchExplainItems: 1000 } });
    // Over the 256 KiB threshold: 301 items padded with a long (unread) field of the envelope's facts.
    const big = { requests: items.map((x, i) => (i % 7 === 0 && typeof x === 'object' && x && 'facts' in x ? { ...x, facts: { ...(x as { facts: object }).facts, pad: 'x'.repeat(8000) } } : x)) };
    const bodies: [string, string][] = [
      ['a large valid batch', JSON.stringify(big)],
      ['a large body that is no JSON', JSON.stringify(big).slice(0, -3)],
      ['a large body without requests', JSON.stringify({ verzoeken: big.requests })],
      ['too many items', JSON.stringify({ requests: Array.from({ length: 10_001 }, () => ({ protocol: 'RTP', decision: 'tariefgroep', facts: {} })) })],
    ];
    for (const [what, text] of bodies) {
      expect(text.length, what).toBeGreaterThan(256 * 1024);
      const [a, b] = await Promise.all([onWorker, onMain].map((app) => request(app).post('/api/v1/evaluate/batch').set('content-type', 'application/json').send(text)));
      expect([a.status, a.body], what).toEqual([b.status, b.body]);
    }
    const refused = await request(onWorker).post('/api/v1/evaluate/batch').set('content-type', 'application/json; charset=latin1').send(JSON.stringify(big));
    expect([refused.status, refused.body.error.code]).toEqual([415, 'unsupported_media_type']);
  });
});
