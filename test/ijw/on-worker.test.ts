/**
 * Large iJw messages are answered on a batch worker (issue 22): parsing, the structure check,
 * judging and writing the answer of a 2,000-line JW323 or a JW301 against hundreds of running
 * allocations no longer run on the event loop. The worker runs the main thread's own code, so the
 * answers are byte for byte the same (XML and JSON), a refused message gets the same 400, and every
 * judged line still reaches the decision log.
 */
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { createBatchPool } from '../../src/server/batch/pool.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';
import type { DecisionLog } from '../../src/decision-log/decision-log.js';
import { allocation, BSN, jw301, jw323, line, registry } from './fixtures.js';

const pool = createBatchPool({ workers: 1 });
afterAll(() => pool.close());
let onWorker = 0;
const answerIjw = pool.answerIjw!.bind(pool);
pool.answerIjw = async (...a) => { const out = await answerIjw(...a); if (out) onWorker++; return out; };

/** What the iJw hook hands the log (decision-log/hooks.ts). */
interface Logged { source: string; facts: unknown; bsn?: string; answer: { outcome: string; version: string | null; events: { rule: string; code?: string; params?: { bedrag?: number } }[] } }

/** A decision log that only keeps what it is handed. */
function keeper() {
  const kept: unknown[] = [];
  const log = { record: (d: unknown) => void kept.push(d), now: () => 0 } as unknown as DecisionLog;
  return { kept, log };
}
const logs = { worker: keeper(), main: keeper() };
const holder = createRegistryHolder(registry);
const common = { holder, logger: createLogger('silent'), today: () => '2025-03-10' };
const worker = createApp({ ...common, batchPool: pool, decisionLog: logs.worker.log });
const main = createApp({ ...common, decisionLog: logs.main.log });

// 2,000 distinct lines (five allocations, every period within February), a tenth on an unknown
// allocation (refused), over the 256 Ki characters that go to a worker.
const periods = Array.from({ length: 28 }, (_, b) => Array.from({ length: 28 - b }, (_, e) => [b + 1, b + 1 + e])).flat();
const day = (d: number) => `2025-02-${String(d).padStart(2, '0')}`;
const lines = Array.from({ length: 2000 }, (_, i) => {
  const [b, e] = periods[i % periods.length];
  const nummer = i % 10 === 3 ? 999 : 1201 + Math.floor(i / periods.length);
  return line({ referentieNummer: `R${i}`, toewijzingNummer: nummer, begindatum: day(b), einddatum: day(e), geleverdVolume: 1, ingediend: { bedrag: 132, debetCredit: 'D' } });
});
const allocations = Array.from({ length: 5 }, (_, k) => allocation({ toewijzingNummer: 1201 + k }));
const declaratie = { jw323: jw323([{ bsn: BSN, lines }]), jw301: [jw301(allocations)] };

const send = (app: typeof main, path: string, body: unknown, json = false) => {
  const r = request(app).post(path).set('content-type', 'application/json');
  if (json) r.set('accept', 'application/json');
  return r.send(JSON.stringify(body));
};

describe('large iJw messages on a batch worker', () => {
  it('a 2,000-line JW323 gets the same JW325 (XML and JSON with explain) as on the main thread, and its lines reach the decision log', async () => {
    expect(declaratie.jw323.length).toBeGreaterThan(256 * 1024);
    const before = onWorker;
    const [w, m] = [await send(worker, '/api/v1/ijw/declaratie', declaratie), await send(main, '/api/v1/ijw/declaratie', declaratie)];
    expect(onWorker).toBe(before + 1);
    expect(w.status).toBe(200);
    expect(w.headers['content-type']).toBe(m.headers['content-type']);
    expect(w.text).toBe(m.text);
    expect(w.text).toContain('<RetourCode>');
    expect(w.text).not.toContain('<RetourCode>0001</RetourCode>');
    const [wj, mj] = [await send(worker, '/api/v1/ijw/declaratie', { ...declaratie, explain: true }, true), await send(main, '/api/v1/ijw/declaratie', { ...declaratie, explain: true }, true)];
    expect(onWorker).toBe(before + 2);
    expect(wj.status).toBe(200);
    expect(wj.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(wj.text).toBe(mj.text);
    // Both paths hand the log one decision per line, with the same facts, outcome and codes.
    const shown = (kept: unknown[]) => (kept as Logged[]).map((d) => JSON.stringify([d.source, d.facts, d.bsn, d.answer.outcome, d.answer.version, d.answer.events.map((e) => [e.rule, e.code, e.params?.bedrag])]));
    expect(logs.worker.kept).toHaveLength(4000);
    expect(shown(logs.worker.kept)).toEqual(shown(logs.main.kept));
  }, 180_000); // four 2,000-line messages, two on the main thread: about 10 s on a quiet machine, 30 s at load 20

  it('a JW301 against 300 running allocations gets the same answer', async () => {
    const lopend = Array.from({ length: 300 }, (_, i) => jw301([allocation({ toewijzingNummer: 5000 + i, productCode: '45A04', ingangsdatum: '2025-01-01', einddatum: '2025-12-31', budget: null })]));
    const body = { jw301: jw301(Array.from({ length: 50 }, (_, i) => allocation({ toewijzingNummer: 100 + i, productCode: '45A03', budget: null, ingangsdatum: '2025-02-01' }))), lopend };
    const before = onWorker;
    const [w, m] = [await send(worker, '/api/v1/ijw/toewijzing', body), await send(main, '/api/v1/ijw/toewijzing', body)];
    expect(onWorker).toBe(before + 1);
    expect(w.status).toBe(200);
    expect(w.body.producten).toHaveLength(50);
    expect(w.body.producten[0].facts.lopendeToewijzingenAantal).toBeGreaterThanOrEqual(300);
    expect(w.text).toBe(m.text);
  });

  it('a large message that is not valid gets the same 400 from the worker', async () => {
    const broken = { ...declaratie, jw323: declaratie.jw323.replace('</Bericht>', '</Berichtje>') };
    const [w, m] = [await send(worker, '/api/v1/ijw/declaratie', broken), await send(main, '/api/v1/ijw/declaratie', broken)];
    expect(w.status).toBe(400);
    expect(w.body.error.code).toBe('invalid_message');
    expect(w.body).toEqual(m.body);
    const envelope = { jw323: declaratie.jw323, onbekend: 1 };
    const [we, me] = [await send(worker, '/api/v1/ijw/declaratie', envelope), await send(main, '/api/v1/ijw/declaratie', envelope)];
    expect(we.status).toBe(400);
    expect(we.body).toEqual(me.body);
  });
});
