/**
 * Round trips through POST /api/v1/ijw/declaratie: a JW323 and its JW301s in,
 * the JW325 out, with the return codes of each in-message check and each
 * declaration rule of RAP 2.0 (the version in force on the delivery dates).
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { allocation, app, BAD_BSN, BSN, BSN2, codesOf, jw301, jw323, line, postJson } from './fixtures.js';

const a = app();
const xml = async (body: object) => {
  const r = await request(a).post('/api/v1/ijw/declaratie').send(body);
  expect(r.status).toBe(200);
  expect(r.headers['content-type']).toMatch(/application\/xml/);
  return codesOf(r.text);
};

describe('an approved message', () => {
  it('gets 0200 in the header, 8001 on the answer, no clients, and TotaalToegekend = TotaalIngediend', async () => {
    const c = await xml({ jw323: jw323([{ bsn: BSN, lines: [line(), line({ referentieNummer: 'R2', begindatum: '2025-02-01', einddatum: '2025-02-14', geleverdVolume: 60, ingediend: { bedrag: 7904, debetCredit: 'D' } })] }]), jw301: [jw301()] });
    expect(c.header).toEqual(['0200']);
    expect(c.antwoord).toEqual(['8001']);
    expect(c.lines).toEqual({});
    expect(c.ingediend).toBe(11856 + 7904);
    expect(c.toegekend).toBe(c.ingediend);
  });

  it('answers the JSON twin on Accept: application/json, with per line outcome, events and derived facts', async () => {
    const r = await postJson(a, '/api/v1/ijw/declaratie', { jw323: jw323(), jw301: [jw301()] });
    expect(r.status).toBe(200);
    expect(r.body.header.retourCodes).toEqual(['0200']);
    expect(r.body.declaratieAntwoord).toEqual({ declaratieNummer: 'D2025021', totaalIngediendBedrag: 11856, totaalToegekendBedrag: 11856, retourCodes: ['8001'] });
    const [p] = r.body.prestaties;
    expect(p).toMatchObject({ referentieNummer: 'R1', outcome: 'goedgekeurd', toegekend: true, retourCodes: ['8001'], version: '2.0' });
    expect(p.events.map((e: { code?: string }) => e.code)).toContain('8001');
    expect(p.facts.prestatie).toEqual({ toewijzingNummer: 1201, productCategorie: '45', productCode: '45A03', productPeriode: { begindatum: '2025-02-01', einddatum: '2025-02-28' }, geleverdVolume: 90, eenheid: '01', productTarief: 132, ingediendBedrag: 11856 });
    expect(p.facts.eerderGedeclareerd).toBe(0);
    expect(typeof p.illustrative).toBe('boolean');
    expect(Array.isArray(p.missing)).toBe(true);
  });

  it('keeps leading zeros of codes: the answer goes back from municipality 0148 to the provider', async () => {
    const msg = jw323().replace('<Ontvanger>0193</Ontvanger>', '<Ontvanger>0148</Ontvanger>');
    const r = await request(a).post('/api/v1/ijw/declaratie').send({ jw323: msg, jw301: [jw301()] });
    expect(r.text).toContain('<Afzender>0148</Afzender>');
    expect(r.text).toContain('<BerichtCode>491</BerichtCode>');
    expect(r.text).toContain('xmlns="http://www.istandaarden.nl/ijw/3_2/jw325/schema"');
  });

  it('keeps a BSN with a leading zero as text, in the JW325 and the JSON twin', async () => {
    const zero = '010000008';
    const body = { jw323: jw323([{ bsn: zero, lines: [line({ toewijzingNummer: 77 })] }]), jw301: [jw301([allocation()], zero)] };
    const r = await request(a).post('/api/v1/ijw/declaratie').send(body);
    expect(r.text).toContain(`<Bsn>${zero}</Bsn>`);
    expect(codesOf(r.text).lines.R1).toContain('9338');
    const j = await postJson(a, '/api/v1/ijw/declaratie', body);
    expect(j.body.prestaties[0].client).toBe(zero);
  });

  it('takes allocations as facts instead of JW301 messages', async () => {
    const c = await xml({ jw323: jw323(), toewijzingen: [{ ...allocation(), bsn: BSN }] });
    expect(c.antwoord).toEqual(['8001']);
  });

  it('grants a credit line: TotaalToegekend is credit too', async () => {
    const credit = line({ referentieNummer: 'R9', vorigReferentieNummer: 'R0', ingediend: { bedrag: 11856, debetCredit: 'C' } });
    const r = await request(a).post('/api/v1/ijw/declaratie').send({ jw323: jw323([{ bsn: BSN, lines: [credit] }]), jw301: [jw301()] });
    const c = codesOf(r.text);
    expect(c.antwoord).toEqual(['8001']);
    expect(r.text).toMatch(/<TotaalToegekendBedrag>\s*<ijw:TotaalBedrag>11856<\/ijw:TotaalBedrag>\s*<ijw:DebetCredit>C<\/ijw:DebetCredit>/);
  });
});

describe('in-message checks: a JW325 with only the Header and 0001', () => {
  const cases: [string, object, string[]?][] = [
    ['TR358', { jw323: jw323(undefined, { totaalIngediend: { bedrag: 11857, debetCredit: 'D' } }) }],
    ['TR314', { jw323: jw323([{ bsn: BSN, lines: [line(), line({ begindatum: '2025-02-02' })] }]) }, ['0001', '8021']],
    ['TR416', { jw323: jw323([{ bsn: BSN, lines: [line(), line({ referentieNummer: 'R2' })] }]) }],
    ['TR319', { jw323: jw323([{ bsn: BSN, lines: [line({ begindatum: '2025-03-01', einddatum: '2025-03-04' })] }]) }],
    ['TR134', { jw323: jw323(undefined, { dagtekening: '2025-02-20' }) }],
    ['TR137', { jw323: jw323([{ bsn: BSN, lines: [line({ begindatum: '2025-03-06', einddatum: '2025-03-07' })] }]) }],
    ['CS002', { jw323: jw323([{ bsn: BAD_BSN, lines: [line()] }]) }],
    ['CS337', { jw323: jw323([{ bsn: BSN, lines: [line({ begindatum: '2025-01-20', einddatum: '2025-02-10' })] }]) }],
    ['CS339', { jw323: jw323([{ bsn: BSN, lines: [line({ eenheid: '83', productTarief: undefined, geleverdVolume: 4000, ingediend: { bedrag: 5000, debetCredit: 'D' } })] }]) }],
    ['CS340', { jw323: jw323(undefined, { periode: { begindatum: '2025-02-01', einddatum: '2025-02-27' } }) }],
    ['CD087', { jw323: jw323([{ bsn: BSN, lines: [line({ productTarief: undefined })] }]) }],
    ['CD087', { jw323: jw323([{ bsn: BSN, lines: [line({ eenheid: '83', geleverdVolume: 11856 })] }]) }],
    ['CD060', { jw323: jw323([{ bsn: BSN, lines: [line({ ingediend: { bedrag: 11856, debetCredit: 'C' } })] }]) }],
  ];
  it.each(cases)('%s', async (rule, body, header = ['0001']) => {
    const r = await request(a).post('/api/v1/ijw/declaratie').send({ jw301: [jw301()], ...body });
    expect(r.status).toBe(200);
    const c = codesOf(r.text);
    expect(c.header).toEqual(header);
    expect(r.text).not.toContain('<DeclaratieAntwoord>');
    const j = await postJson(a, '/api/v1/ijw/declaratie', { jw301: [jw301()], ...body });
    expect(j.body.inBerichtControles.map((f: { rule: string }) => f.rule)).toContain(rule);
    expect(j.body.declaratieAntwoord).toBeNull();
    expect(j.body.prestaties).toEqual([]);
  });
});

describe('declaration rules: only the rejected lines, each with its code', () => {
  const other = line({ referentieNummer: 'OK', begindatum: '2025-02-01', einddatum: '2025-02-07', geleverdVolume: 60, ingediend: { bedrag: 7904, debetCredit: 'D' } });
  const cases: [string, { line: Partial<ReturnType<typeof line>>; alloc?: Partial<ReturnType<typeof allocation>>[]; extra?: object }][] = [
    ['9338', { line: { toewijzingNummer: 4242 } }],
    ['9384', { line: {}, alloc: [{ redenWijziging: '13' }] }],
    ['9307', { line: {}, alloc: [{ ingangsdatum: '2025-02-10' }] }],
    ['9308', { line: {}, alloc: [{ einddatum: '2025-02-15' }] }],
    ['9339', { line: { productCategorie: '41' } }],
    ['9340', { line: {}, alloc: [{ productCode: '45A04' }] }],
    ['9341', { line: {}, alloc: [{ omvang: { volume: 100, eenheid: '14', frequentie: '6' } }] }],
    ['9346', { line: { ingediend: { bedrag: 11857, debetCredit: 'D' } } }],
    ['9369', { line: {}, extra: { eerderGedeclareerd: { 1201: 745000 } } }],
    ['0611', { line: { productTarief: 133 } }],
    ['0611', { line: { productCode: 'ZZ999' } }],
  ];
  it.each(cases)('%s', async (code, c) => {
    const bad = line({ referentieNummer: 'BAD', ...c.line });
    const allocs = [allocation(c.alloc?.[0] ?? {})];
    const okAlloc = allocation({ toewijzingNummer: 1301 });
    const body = { jw323: jw323([{ bsn: BSN, lines: [bad] }, { bsn: BSN2, lines: [{ ...other, toewijzingNummer: 1301 }] }]), jw301: [jw301(allocs), jw301([okAlloc], BSN2)], ...c.extra };
    const r = await request(a).post('/api/v1/ijw/declaratie').send(body);
    const got = codesOf(r.text);
    expect(got.header).toEqual(['0200']);
    expect(got.antwoord).toEqual(['0200']);
    expect(Object.keys(got.lines)).toEqual(['BAD']);
    expect(got.lines.BAD).toContain(code);
    expect(got.ingediend).toBe(bad.ingediend.bedrag + 7904);
    expect(got.toegekend).toBe(7904);
    // The client of the rejected line is listed with 0200; the other client is not listed at all.
    expect(r.text).toContain(`<Bsn>${BSN}</Bsn>`);
    expect(r.text).not.toContain(`<Bsn>${BSN2}</Bsn>`);
  });

  it('9338 also when the allocation belongs to another client', async () => {
    const r = await request(a).post('/api/v1/ijw/declaratie').send({ jw323: jw323(), jw301: [jw301([allocation()], BSN2)] });
    expect(codesOf(r.text).lines.R1).toContain('9338');
  });

  it('9369 from the same message: earlier approved lines on the allocation count towards its budget', async () => {
    const first = line({ begindatum: '2025-02-01', einddatum: '2025-02-14' });
    const second = line({ referentieNummer: 'R2', begindatum: '2025-02-15', einddatum: '2025-02-28' });
    const r = await postJson(a, '/api/v1/ijw/declaratie', { jw323: jw323([{ bsn: BSN, lines: [first, second] }]), jw301: [jw301([allocation({ budget: 20000 })])] });
    expect(r.body.prestaties.map((p: { retourCodes: string[] }) => p.retourCodes)).toEqual([['8001'], ['9369']]);
    expect(r.body.prestaties[1].facts.eerderGedeclareerd).toBe(11856);
    expect(r.body.declaratieAntwoord.totaalToegekendBedrag).toBe(11856);
  });

  it('9321 and 9322: volumes beyond the allocated Omvang', async () => {
    const groep = (over: object) => line({ productCategorie: '41', productCode: '41G01', eenheid: '04', productTarief: 4680, ...over });
    const tot = allocation({ toewijzingNummer: 1201, productCategorie: '41', productCode: '41G01', budget: null, omvang: { volume: 10, eenheid: '04', frequentie: '6' } });
    const r1 = await request(a).post('/api/v1/ijw/declaratie').send({ jw323: jw323([{ bsn: BSN, lines: [groep({ geleverdVolume: 12, ingediend: { bedrag: 56160, debetCredit: 'D' } })] }]), jw301: [jw301([tot])] });
    expect(codesOf(r1.text).lines.R1).toContain('9321');
    const perDag = { ...tot, omvang: { volume: 2, eenheid: '04', frequentie: '1' } };
    const r2 = await request(a).post('/api/v1/ijw/declaratie').send({ jw323: jw323([{ bsn: BSN, lines: [groep({ begindatum: '2025-02-01', einddatum: '2025-02-03', geleverdVolume: 7, ingediend: { bedrag: 32760, debetCredit: 'D' } })] }]), jw301: [jw301([perDag])] });
    expect(codesOf(r2.text).lines.R1).toContain('9322');
  });

  it('a regional rule (dyslexie in stuks on a 2025 allocation) rejects with the national code its rule file names (9340)', async () => {
    const dys = line({ productCategorie: '54', productCode: '54D02', eenheid: '82', geleverdVolume: 1, productTarief: 500000, ingediend: { bedrag: 500000, debetCredit: 'D' } });
    const alloc = allocation({ productCategorie: '54', productCode: '54D02', ingangsdatum: '2025-01-15', einddatum: '2025-12-31', budget: null, omvang: { volume: 1, eenheid: '82', frequentie: '6' } });
    const r = await postJson(a, '/api/v1/ijw/declaratie', { jw323: jw323([{ bsn: BSN, lines: [dys] }]), jw301: [jw301([alloc])] });
    expect(r.body.prestaties[0]).toMatchObject({ outcome: 'afgekeurd', retourCodes: ['9340'] });
    expect(r.body.prestaties[0].events.map((e: { rule: string }) => e.rule)).toContain('rap.declaratie.dyslexie-stuks-alleen-lopend');
  });

  it('judges each line by the version in force on its delivery date (2024 line: RAP 1.0 tariffs)', async () => {
    const l24 = line({ begindatum: '2024-12-01', einddatum: '2024-12-31', productTarief: 127, ingediend: { bedrag: 11400, debetCredit: 'D' } });
    const r = await postJson(a, '/api/v1/ijw/declaratie', { jw323: jw323([{ bsn: BSN, lines: [l24] }], { periode: { begindatum: '2024-12-01', einddatum: '2024-12-31' } }), jw301: [jw301()] });
    expect(r.body.prestaties[0]).toMatchObject({ version: '1.0', outcome: 'goedgekeurd' });
  });
});
