/**
 * A slice of `npm run fuzz`'s worst cases (issue 22) in the default suite: the
 * real service in its own process; every operation of its served OpenAPI
 * document gets a largest-allowed input (a route without one fails here), and
 * a fixed handful of them run at a small scale, alone and as two concurrent
 * copies, without a 5xx, a crash or a hang.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFuzzService, type FuzzService } from '../../bench/fuzz/service.js';
import { worstCases, type OpenApiDoc } from '../../bench/fuzz/worst-inputs.js';
import { runWorst } from '../../bench/fuzz/worst-run.js';

const SLICE = ['POST /api/v1/proposals/overlaps', 'GET /api/v1/proposals/{id}', 'POST /api/v1/evaluate', 'POST /api/v1/evaluate/batch', 'POST /api/v1/ijw/toewijzing', 'GET /healthz'];
const session = { cookie: 'pr_session=x', csrf: 'y' };
const ctx = { sessions: { indiener: session, beoordelaar: session, beheerder: session, spare: session }, proposalId: 1, scale: 0.01 };

let svc: FuzzService;
let doc: OpenApiDoc;
beforeAll(async () => {
  svc = await startFuzzService();
  doc = (await (await fetch(`${svc.url()}/api/openapi.json`)).json()) as OpenApiDoc;
}, 60_000);
afterAll(() => svc?.stop());

describe('worst cases of every operation', () => {
  it('has a largest-allowed input for every operation of the served OpenAPI document', () => {
    const { cases, uncovered } = worstCases(doc, ctx);
    const ops = Object.entries(doc.paths).flatMap(([p, o]) => Object.keys(o).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((m) => `${m.toUpperCase()} ${p}`));
    expect(uncovered).toEqual([]);
    expect(cases.map((c) => c.op).sort()).toEqual(ops.sort());
    expect(ops.length).toBeGreaterThan(30);
  });

  it('reports an operation it cannot build an input for as uncovered (a new route is never skipped silently)', () => {
    const extra: OpenApiDoc = { ...doc, paths: { ...doc.paths, '/api/v1/nieuw/{ding}': { post: { parameters: [{ in: 'path', name: 'ding', required: true }] } }, '/api/v1/xml': { post: { requestBody: { content: { 'application/xml': {} } } } } } };
    expect(worstCases(extra, ctx).uncovered.map((u) => u.op)).toEqual(['POST /api/v1/nieuw/{ding}', 'POST /api/v1/xml']);
  });

  it('runs a fixed slice alone and in pairs without a 5xx, a crash or a hang', async () => {
    const r = await runWorst(svc, { scale: 0.01, only: SLICE, timeoutMs: 60_000 });
    expect(r.results.map((x) => x.op).sort()).toEqual([...SLICE].sort());
    expect(r.uncovered).toEqual([]);
    expect({ serverErrors: r.serverErrors, crashes: r.crashes, hangs: r.hangs }).toEqual({ serverErrors: 0, crashes: 0, hangs: 0 });
    for (const x of r.results) expect(x.pair.statuses, x.op).toHaveLength(2);
  }, 120_000);
});
