/**
 * Answers grow at most linearly with what was sent (issue 22, iJw items):
 * - a JW315 against running JW301s lists the running allocations once, not once per product;
 * - half a million-ish unknown elements keep at most a hundred findings and count the rest;
 * - explain on a large JW323 gives the trace of the first lines only, and says so.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { Findings, MAX_FINDINGS } from '../../src/ijw/check-structure.js';
import { jw325Json } from '../../src/ijw/jw325.js';
import { answerDeclaratie } from '../../src/ijw/service.js';
import { aangevraagd, allocation, app, BSN, jw301, jw315, jw323, line, LIMITS, registry } from './fixtures.js';

const a = app();

describe('POST /api/v1/ijw/toewijzing: the answer grows linearly with products and running allocations', () => {
  const body = (products: number, running: number) => ({
    jw315: jw315(Array.from({ length: products }, (_, i) => aangevraagd({ referentie: `P${i}`, productCategorie: '45', productCode: '45A03', budget: null, omvang: { volume: 10, eenheid: '04', frequentie: '4' } }))),
    lopend: [jw301(Array.from({ length: running }, (_, i) => allocation({ toewijzingNummer: 5000 + i, productCode: '45A04', ingangsdatum: '2025-01-01', einddatum: '2025-12-31', budget: null })))],
  });

  it('doubling both products and running allocations doubles the answer (not four times), and lists the running ones once', async () => {
    const small = await request(a).post('/api/v1/ijw/toewijzing').send(body(20, 40));
    const large = await request(a).post('/api/v1/ijw/toewijzing').send(body(40, 80));
    expect(small.status).toBe(200);
    expect(large.status).toBe(200);
    expect(large.body.lopend).toHaveLength(80);
    expect(large.body.producten).toHaveLength(40);
    expect(large.body.producten[0].facts.lopendeToewijzingenAantal).toBe(80);
    const ratio = large.text.length / small.text.length;
    expect(ratio).toBeLessThan(2.6);
    // The answer is no bigger than a small multiple of what was sent.
    expect(large.text.length).toBeLessThan(4 * JSON.stringify(body(40, 80)).length);
  });
});

describe('findings are capped while they are collected', () => {
  it('keeps at most the cap and counts the rest', () => {
    const f = new Findings();
    for (let i = 0; i < 10_000; i++) f.add({ path: '/x', line: i, column: 1 }, 'fout');
    expect(f.list).toHaveLength(MAX_FINDINGS);
    expect(f.count).toBe(10_000);
    expect(f.all().at(-1)!.message).toBe(`en nog ${10_000 - MAX_FINDINGS} fout(en), niet afzonderlijk genoemd`);
  });

  it('a JW323 with 50,000 unknown elements: 400 with a hundred details, the last one counting the rest', async () => {
    const junk = '<Extra>1</Extra>'.repeat(50_000);
    const r = await request(a).post('/api/v1/ijw/declaratie').send({ jw323: jw323().replace('<DeclaratieNummer>', `${junk}<DeclaratieNummer>`) });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid_message');
    expect(r.body.error.details).toHaveLength(MAX_FINDINGS + 1);
    expect(r.body.error.details[0].message).toMatch(/onbekend element Extra in Declaratie/);
    expect(r.body.error.details.at(-1).message).toMatch(/en nog \d{5} fout\(en\)/);
  });
});

describe('explain on a large JW323 is bounded', () => {
  it('only the first explainMaxLines lines carry their trace, and the answer says how many', async () => {
    const lines = Array.from({ length: 28 }, (_, i) => line({ referentieNummer: `R${i}`, begindatum: `2025-02-${String(i % 28 + 1).padStart(2, '0')}`, einddatum: `2025-02-${String(i % 28 + 1).padStart(2, '0')}`, geleverdVolume: 1, productTarief: 132, ingediend: { bedrag: 132, debetCredit: 'D' } }));
    const r = await answerDeclaratie({ jw323: jw323([{ bsn: BSN, lines }]), jw301: [jw301()], explain: true }, { registry, today: '2025-03-10', limits: { ...LIMITS, explainMaxLines: 10 } });
    const j = jw325Json(r, '2025-03-10');
    expect(r.inMessage).toEqual([]);
    expect(j.explain).toEqual({ metTrace: 10, zonderTrace: 18, maxRegels: 10 });
    expect(j.prestaties.filter((p) => 'trace' in p)).toHaveLength(10);
    expect('trace' in j.prestaties[9]).toBe(true);
    expect('trace' in j.prestaties[10]).toBe(false);
  });
});
