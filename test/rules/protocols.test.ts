import { describe, expect, it } from 'vitest';
import { evaluate, type EvaluateRequest } from '../../src/evaluate/evaluate.js';
import { loadProject } from '../../src/evaluate/project.js';

// The shipped rules, through the library, with the version chosen by date.
const project = loadProject();
const ask = (req: EvaluateRequest) => evaluate(project.registry, req);
const codes = (r: { events: { code?: string }[] }) => r.events.map((e) => e.code).filter(Boolean).sort();

describe('the shipped rule sets', () => {
  it('load without problems: RTP and RAP 1.0 and 2.0', () => {
    expect(project.diagnostics).toEqual([]);
    expect(project.registry.versions.map((v) => `${v.meta.protocol} ${v.meta.version} ${v.meta.validFrom}..${v.meta.validTo ?? ''}`)).toEqual([
      'RAP 1.0 2023-01-01..2024-12-31', 'RAP 2.0 2025-01-01..', 'RTP 1.0 2023-01-01..2024-12-31', 'RTP 2.0 2025-01-01..',
    ]);
  });

  it('every figure not in the letters is marked illustrative in the tables that carry amounts', () => {
    for (const v of project.versions) {
      for (const t of v.tables.filter((x) => ['tarieven', 'uurtarieven', 'standaardbudgetten', 'beroepentabel', 'producten'].includes(x.id))) {
        expect(t.illustrative, `${v.dir} ${t.id}`).toBe(true);
        expect(t.illustrativeNote, `${v.dir} ${t.id}`).toBeTruthy();
      }
    }
  });
});

describe('RTP tariefgroep', () => {
  const therapeut = (datum: string) => ask({ protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'kinder- en jeugdtherapeut', caoSchaal: 9, datum } });
  it('a kinder- en jeugdtherapeut bills TG4 on 2024-12-31 and TG3 on 2025-01-01', async () => {
    expect(await therapeut('2024-12-31')).toMatchObject({ version: '1.0', outcome: 'TG4' });
    expect(await therapeut('2025-01-01')).toMatchObject({ version: '2.0', outcome: 'TG3' });
  });
  it('the regiebehandelaar dyslexie leaves the table in 2025', async () => {
    const r = (datum: string) => ask({ protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'regiebehandelaar dyslexie', caoSchaal: 11, datum } });
    expect((await r('2024-06-01')).outcome).toBe('TG6');
    expect((await r('2025-06-01')).outcome).toBe('niet_in_beroepentabel');
  });
});

describe('RTP toewijzing', () => {
  const toewijzing = (verwijzer: string, t: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    ask({ protocol: 'RTP', decision: 'toewijzing', facts: { verwijzer: { type: verwijzer }, toewijzing: t, ...extra } });

  it("refuses a GI's keuzebudget and allows its offerte", async () => {
    const budget = await toewijzing('04', { vorm: 'keuzebudget', budget: 250000, ingangsdatum: '2025-02-01', einddatum: '2025-12-31', productCategorie: '45' });
    expect(budget.outcome).toBe('afgewezen');
    expect(budget.events.map((e) => e.rule)).toContain('rtp.toewijzing.gi-altijd-offerte');
    const offerte = await toewijzing('04', { vorm: 'offerte', ingangsdatum: '2025-02-01', einddatum: '2025-12-31', productCategorie: '45' });
    expect(offerte.outcome).toBe('toegestaan');
  });

  it('refuses a EUR 25,000 budget for an allocation starting 2024-06-01 and allows it from 2025-01-01', async () => {
    const old = await toewijzing('01', { vorm: 'keuzebudget', budgetType: 'herstel', budget: 2500000, ingangsdatum: '2024-06-01', einddatum: '2025-05-31', productCategorie: '45' });
    expect(old).toMatchObject({ version: '1.0', outcome: 'afgewezen' });
    const running = await evaluate(project.registry, { protocol: 'RTP', decision: 'toewijzing', date: '2025-02-01', facts: { verwijzer: { type: '01' }, toewijzing: { vorm: 'keuzebudget', budget: 2500000, ingangsdatum: '2024-06-01', einddatum: '2025-05-31', productCategorie: '45' } } });
    expect(running).toMatchObject({ version: '2.0', outcome: 'afgewezen' });
    expect(running.events.map((e) => e.rule)).toContain('rtp.toewijzing.nieuwe-budgetten-niet-voor-lopende');
    const fresh = await toewijzing('01', { vorm: 'keuzebudget', budget: 2500000, ingangsdatum: '2025-01-01', einddatum: '2025-12-31', productCategorie: '45' });
    expect(fresh).toMatchObject({ version: '2.0', outcome: 'toegestaan' });
  });

  it('refuses a 4-month temporary one-to-one allocation and allows 3 months', async () => {
    const lopend = { lopendeToewijzingen: [{ productCode: '41G01', ingangsdatum: '2025-01-01', einddatum: '2025-12-31' }] };
    const t = (einddatum: string) => toewijzing('01', { vorm: 'specifiek', productCode: '41T01', productCategorie: '41', ingangsdatum: '2025-02-01', einddatum, omvang: { volume: 60, eenheid: '04', frequentie: '6' } }, lopend);
    const four = await t('2025-05-31');
    expect(four.outcome).toBe('afgewezen');
    expect(four.events.map((e) => e.rule)).toEqual(['rtp.toewijzing.tijdelijke-inzet-max-3-maanden']);
    expect((await t('2025-04-30')).outcome).toBe('toegestaan');
  });
});

describe('RAP declaratie', () => {
  const example = () => ({
    toewijzing: { toewijzingNummer: 1201, productCategorie: '45', productCode: null, ingangsdatum: '2024-09-01', einddatum: '2025-08-31', budget: 750000, omvang: null, redenWijziging: null },
    prestatie: { toewijzingNummer: 1201, productCategorie: '45', productCode: '45A03', productPeriode: { begindatum: '2025-02-01', einddatum: '2025-02-28' }, geleverdVolume: 90, eenheid: '01', productTarief: 132, ingediendBedrag: 11856 },
    eerderGedeclareerd: 120000,
    professional: { functie: 'kinder- en jeugdtherapeut', caoSchaal: 9 },
  });
  const declaratie = (facts: ReturnType<typeof example>) => ask({ protocol: 'RAP', decision: 'declaratie', facts });

  it('approves the worked declaration example (90 minutes of TG3 in February 2025) with 8001', async () => {
    const r = await declaratie(example());
    expect(r).toMatchObject({ protocol: 'RAP', version: '2.0', date: '2025-02-01', outcome: 'goedgekeurd' });
    expect(codes(r)).toEqual(['8001']);
  });

  it('refuses an amount that is not volume x tariff with 9346', async () => {
    const f = example();
    f.prestatie.ingediendBedrag = 90 * 132;
    const r = await declaratie(f);
    expect(r.outcome).toBe('afgekeurd');
    expect(codes(r)).toEqual(['9346']);
    expect(r.events[0]).toMatchObject({ rule: 'rap.declaratie.bedrag-volume-maal-tarief', source: 'iJw 3.2 TR346 en IV081', params: { verwacht: 11856 } });
  });

  it('refuses a declaration past the budget with 9369', async () => {
    const f = example();
    f.eerderGedeclareerd = 745000;
    expect(codes(await declaratie(f))).toEqual(['9369']);
  });

  it('refuses a declaration on a deleted allocation (reden 13) with 9384', async () => {
    const f = example();
    f.toewijzing.redenWijziging = '13' as never;
    f.toewijzing.einddatum = f.toewijzing.ingangsdatum;
    const r = await declaratie(f);
    expect(r.outcome).toBe('afgekeurd');
    expect(codes(r)).toContain('9384');
  });

  it('bills the therapist TG3 from 2025 also on an allocation that started in 2024', async () => {
    const f = example();
    f.prestatie = { ...f.prestatie, productCode: '45A04', productTarief: 146, ingediendBedrag: 13104 };
    const r = await declaratie(f);
    expect(r.outcome).toBe('afgekeurd');
    expect(r.events.map((e) => e.rule)).toEqual(['rap.declaratie.tariefgroep-professional']);
  });
});

// The turn of 2024/2025, one day either side, with the version chosen by date.
describe('the boundary 2024-12-31 / 2025-01-01', () => {
  const allocation = (ingangsdatum: string, budget: number, einddatum = '2025-12-31') =>
    ask({ protocol: 'RTP', decision: 'toewijzing', facts: { verwijzer: { type: '01' }, toewijzing: { vorm: 'keuzebudget', budget, ingangsdatum, einddatum, productCategorie: '45' } } });

  it('a EUR 25,000 budget starting 2024-12-31 is refused (1.0), starting 2025-01-01 allowed (2.0)', async () => {
    expect(await allocation('2024-12-31', 2500000)).toMatchObject({ version: '1.0', outcome: 'afgewezen' });
    expect(await allocation('2025-01-01', 2500000)).toMatchObject({ version: '2.0', outcome: 'toegestaan' });
  });

  it('a EUR 10,000 budget is one of the new amounts: not before 2025, and not for an allocation running into 2025', async () => {
    expect((await allocation('2025-01-01', 1000000)).outcome).toBe('toegestaan');
    const running = await evaluate(project.registry, { protocol: 'RTP', decision: 'toewijzing', date: '2025-01-01', facts: { verwijzer: { type: '01' }, toewijzing: { vorm: 'keuzebudget', budget: 1000000, ingangsdatum: '2024-12-31', einddatum: '2025-12-30', productCategorie: '45' } } });
    expect(running.outcome).toBe('afgewezen');
    expect(running.events.map((e) => e.rule)).toContain('rtp.toewijzing.nieuwe-budgetten-niet-voor-lopende');
  });

  const dyslexie = (ingangsdatum: string, productCode: string, eenheid: string, volume: number) =>
    ask({ protocol: 'RTP', decision: 'toewijzing', facts: { verwijzer: { type: '01' }, toewijzing: { vorm: 'specifiek', productCode, productCategorie: '54', ingangsdatum, einddatum: '2025-12-30', omvang: { volume, eenheid, frequentie: '6' } } } });

  it('dyslexia in pieces may be allocated on 2024-12-31 but not on 2025-01-01, when minutes are the rule', async () => {
    expect(await dyslexie('2024-12-31', '54D02', '82', 1)).toMatchObject({ version: '1.0', outcome: 'toegestaan' });
    expect(await dyslexie('2025-01-01', '54D02', '82', 1)).toMatchObject({ version: '2.0', outcome: 'afgewezen' });
    expect(await dyslexie('2025-01-01', '54D01', '01', 2400)).toMatchObject({ version: '2.0', outcome: 'toegestaan' });
  });

  const stuks = (ingangsdatum: string) => ({
    toewijzing: { toewijzingNummer: 77, productCategorie: '54', productCode: '54D02', ingangsdatum, einddatum: '2025-12-30', budget: null, omvang: { volume: 1, eenheid: '82', frequentie: '6' }, redenWijziging: null },
    prestatie: { toewijzingNummer: 77, productCategorie: '54', productCode: '54D02', productPeriode: { begindatum: '2025-03-01', einddatum: '2025-03-31' }, geleverdVolume: 1, eenheid: '82', productTarief: 500000, ingediendBedrag: 500000 },
    eerderGedeclareerd: 0,
  });

  it('a running dyslexia allocation in pieces (made 2024-12-31) finishes on the piece tariff in 2025; one made 2025-01-01 may not', async () => {
    const running = await ask({ protocol: 'RAP', decision: 'declaratie', facts: stuks('2024-12-31') });
    expect(running).toMatchObject({ version: '2.0', outcome: 'goedgekeurd' });
    const fresh = await ask({ protocol: 'RAP', decision: 'declaratie', facts: stuks('2025-01-01') });
    expect(fresh.outcome).toBe('afgekeurd');
    expect(fresh.events.map((e) => e.rule)).toEqual(['rap.declaratie.dyslexie-stuks-alleen-lopend']);
  });

  const therapeut = (maand: string, productCode: string, uurtarief: number) => ({
    toewijzing: { toewijzingNummer: 1201, productCategorie: '45', productCode: null, ingangsdatum: '2024-09-01', einddatum: '2025-08-31', budget: 750000, omvang: null, redenWijziging: null },
    prestatie: { toewijzingNummer: 1201, productCategorie: '45', productCode, productPeriode: { begindatum: `${maand}-01`, einddatum: `${maand}-28` }, geleverdVolume: 60, eenheid: '01', productTarief: Math.round(uurtarief / 60), ingediendBedrag: uurtarief },
    eerderGedeclareerd: 0,
    professional: { functie: 'kinder- en jeugdtherapeut', caoSchaal: 9 },
  });

  it('on one running allocation the therapist declares TG4 for December 2024 and TG3 for January 2025', async () => {
    expect(await ask({ protocol: 'RAP', decision: 'declaratie', facts: therapeut('2024-12', '45A04', 8400) })).toMatchObject({ version: '1.0', outcome: 'goedgekeurd' });
    const tg3in2024 = await ask({ protocol: 'RAP', decision: 'declaratie', facts: therapeut('2024-12', '45A03', 7600) });
    expect(tg3in2024.events.map((e) => e.rule)).toEqual(['rap.declaratie.tariefgroep-professional']);
    expect(await ask({ protocol: 'RAP', decision: 'declaratie', facts: therapeut('2025-01', '45A03', 7904) })).toMatchObject({ version: '2.0', outcome: 'goedgekeurd' });
    const tg4in2025 = await ask({ protocol: 'RAP', decision: 'declaratie', facts: therapeut('2025-01', '45A04', 8736) });
    expect(tg4in2025.outcome).toBe('afgekeurd');
    expect(tg4in2025.events.map((e) => e.rule)).toEqual(['rap.declaratie.tariefgroep-professional']);
  });

  it('the budget calculator: a calculation of 2024-12-31 is viewable in 2025 with 2024 tariffs, but not made anew', async () => {
    const calc = (berekendOp: string, modus: string) =>
      evaluate(project.registry, { protocol: 'RTP', decision: 'budgetberekening', facts: { berekendOp, modus, uren: [{ tariefgroep: 'TG3', uren: 20 }] } }, { today: '2025-01-02' });
    const view = await calc('2024-12-31', 'inzien');
    expect(view).toMatchObject({ version: '1.0', outcome: 'berekend' });
    expect(view.events[0].params).toMatchObject({ bedrag: 20 * 7600 });
    expect(await calc('2024-12-31', 'nieuw')).toMatchObject({ version: '1.0', outcome: 'geweigerd' });
    const now = await calc('2025-01-01', 'nieuw');
    expect(now).toMatchObject({ version: '2.0', outcome: 'berekend' });
    expect(now.events[0].params).toMatchObject({ bedrag: 20 * 7904, standaardbudget: 250000 });
  });

  it('extra-heavy group care exists from 2025: a converted decision of 8 hours a day from 2025-01-01 is allowed', async () => {
    const groep = (ingangsdatum: string) => ask({ protocol: 'RTP', decision: 'toewijzing', facts: {
      verwijzer: { type: '01' },
      toewijzing: { vorm: 'specifiek', productCode: '41G02', productCategorie: '41', ingangsdatum, einddatum: '2025-12-31', omvang: { volume: 8, eenheid: '04', frequentie: '1' } },
      aanbod: { kdcOdc: true, paramedischIntegraal: true },
    } });
    expect(await groep('2025-01-01')).toMatchObject({ version: '2.0', outcome: 'toegestaan' });
    expect(await groep('2024-12-31')).toMatchObject({ version: '1.0', outcome: 'afgewezen' });
  });
});
