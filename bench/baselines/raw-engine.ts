/**
 * The baseline: RAP 2.0 declaratie written by hand for json-rules-engine, the
 * way its documentation teaches: nested facts read with `path`, derived values
 * as dynamic facts, one engine created once and reused (runs awaited one at a
 * time, so the shared-engine hazard does not apply).
 */
import { Engine, type RuleProperties } from 'json-rules-engine';
import { addMonths } from '../../src/expr/dates.js';
import type { Answer, Facts } from '../declaratie-cases.js';
import type { Tables } from './tables.js';

type Almanac = { factValue(id: string, params?: object, path?: string): Promise<any> };

const linked = { fact: 'gekoppeld', operator: 'equal', value: true };
const rule = (name: string, code: string | undefined, all: object[]): RuleProperties => ({
  name,
  conditions: { all } as RuleProperties['conditions'],
  event: { type: 'afkeur', params: { code } },
});

export function rawEngine(t: Tables, plainPaths: boolean): { run(f: Facts): Promise<Answer> } {
  const opts = plainPaths
    ? { allowUndefinedFacts: true, pathResolver: (o: any, path: string) => path.split('.').slice(1).reduce((x, k) => (x == null ? undefined : x[k]), o) }
    : { allowUndefinedFacts: true };
  const engine = new Engine([], opts);
  engine.addOperator('dateBefore', (a: unknown, b: unknown) => typeof a === 'string' && typeof b === 'string' && a < b);
  engine.addOperator('dateAfter', (a: unknown, b: unknown) => typeof a === 'string' && typeof b === 'string' && a > b);
  engine.addOperator('isSet', (a: unknown) => a != null);
  engine.addOperator('dateOnOrAfter', (a: unknown, b: unknown) => typeof a === 'string' && typeof b === 'string' && a >= b);

  const get = (a: Almanac, fact: string, path: string) => a.factValue(fact, {}, path).catch(() => undefined);
  engine.addFact('gekoppeld', async (_p, a: Almanac) => {
    const tw = await a.factValue('toewijzing');
    const nr = await get(a, 'prestatie', '$.toewijzingNummer');
    return tw != null && tw.toewijzingNummer != null && tw.toewijzingNummer === nr;
  });
  const tariffs = async (a: Almanac) => {
    const p = await a.factValue('prestatie');
    const uur = t.tarief(p.productCode, p.productPeriode.begindatum);
    const minuten = p.eenheid === '01' && t.productEenheid(p.productCode, p.productPeriode.begindatum) === '04';
    return { p, uur, minuten };
  };
  engine.addFact('uurtarief', async (_p, a: Almanac) => (await tariffs(a)).uur);
  engine.addFact('contractTarief', async (_p, a: Almanac) => {
    const { uur, minuten } = await tariffs(a);
    return uur == null ? null : minuten ? Math.round(uur / 60) : uur;
  });
  engine.addFact('verwachtBedrag', async (_p, a: Almanac) => {
    const { p, uur, minuten } = await tariffs(a);
    return minuten ? (uur == null ? null : Math.round((uur * p.geleverdVolume) / 60)) : p.geleverdVolume * p.productTarief;
  });
  engine.addFact('totaal', async (_p, a: Almanac) => ((await a.factValue('eerderGedeclareerd')) ?? 0) + (await get(a, 'prestatie', '$.ingediendBedrag')));
  engine.addFact('volume', async (_p, a: Almanac) => {
    const p = await a.factValue('prestatie');
    const tw = await a.factValue('toewijzing');
    return p.eenheid === '01' && tw?.omvang?.eenheid === '04' ? p.geleverdVolume / 60 : p.geleverdVolume;
  });
  engine.addFact('dagen', async (_p, a: Almanac) => {
    const p = await a.factValue('prestatie');
    return (Date.parse(p.productPeriode.einddatum) - Date.parse(p.productPeriode.begindatum)) / 86_400_000 + 1;
  });
  engine.addFact('maxPerDag', async (_p, a: Almanac) => {
    const tw = await a.factValue('toewijzing');
    return tw?.omvang ? tw.omvang.volume * (await a.factValue('dagen')) : null;
  });
  engine.addFact('maxPerWeek', async (_p, a: Almanac) => {
    const tw = await a.factValue('toewijzing');
    const begin = await get(a, 'prestatie', '$.productPeriode.begindatum');
    const weekday = ((new Date(begin + 'T00:00:00Z').getUTCDay() + 6) % 7) + 1;
    return tw?.omvang ? tw.omvang.volume * (Math.floor((weekday - 1 + (await a.factValue('dagen')) - 1) / 7) + 1) : null;
  });
  engine.addFact('maxPerMaand', async (_p, a: Almanac) => {
    const tw = await a.factValue('toewijzing');
    return tw?.omvang ? tw.omvang.volume * ((await a.factValue('maandEind')) - (await a.factValue('maandBegin')) + 1) : null;
  });
  engine.addFact('uitgesloten', async (_p, a: Almanac) => {
    const pr = await a.factValue('professional');
    return pr ? t.uitgesloten(pr.functie, await get(a, 'prestatie', '$.productPeriode.begindatum')) : null;
  });
  engine.addFact('maandBegin', async (_p, a: Almanac) => { const d = await get(a, 'prestatie', '$.productPeriode.begindatum'); return +d.slice(0, 4) * 12 + +d.slice(5, 7); });
  engine.addFact('maandEind', async (_p, a: Almanac) => { const d = await get(a, 'prestatie', '$.productPeriode.einddatum'); return +d.slice(0, 4) * 12 + +d.slice(5, 7); });
  engine.addFact('tijdelijkTot', async (_p, a: Almanac) => { const d = await get(a, 'toewijzing', '$.ingangsdatum'); return typeof d === 'string' ? addMonths(d, 3) : null; });
  engine.addFact('productTg', async (_p, a: Almanac) => { const p = await a.factValue('prestatie'); return t.productTariefgroep(p.productCode, p.productPeriode.begindatum); });
  engine.addFact('professionalTg', async (_p, a: Almanac) => {
    const pr = await a.factValue('professional');
    const d = await get(a, 'prestatie', '$.productPeriode.begindatum');
    return pr ? t.beroepTariefgroep(pr.functie, pr.caoSchaal, d) : null;
  });

  const rules: RuleProperties[] = [
    rule('bestaat', '9338', [{ fact: 'gekoppeld', operator: 'notEqual', value: true }]),
    rule('verwijderd', '9384', [linked, { fact: 'toewijzing', path: '$.redenWijziging', operator: 'equal', value: '13' }]),
    rule('begin', '9307', [linked, { fact: 'prestatie', path: '$.productPeriode.begindatum', operator: 'dateBefore', value: { fact: 'toewijzing', path: '$.ingangsdatum' } }]),
    rule('eind', '9308', [linked, { fact: 'toewijzing', path: '$.einddatum', operator: 'isSet', value: true }, { fact: 'prestatie', path: '$.productPeriode.einddatum', operator: 'dateAfter', value: { fact: 'toewijzing', path: '$.einddatum' } }]),
    { name: 'maand', conditions: { any: [{ fact: 'maandBegin', operator: 'notEqual', value: { fact: 'maandEind' } }, { fact: 'prestatie', path: '$.productPeriode.einddatum', operator: 'dateBefore', value: { fact: 'prestatie', path: '$.productPeriode.begindatum' } }] }, event: { type: 'afkeur', params: {} } },
    rule('categorie', '9339', [linked, { fact: 'prestatie', path: '$.productCategorie', operator: 'notEqual', value: { fact: 'toewijzing', path: '$.productCategorie' } }]),
    rule('code', '9340', [linked, { fact: 'toewijzing', path: '$.productCode', operator: 'isSet', value: true }, { fact: 'prestatie', path: '$.productCode', operator: 'notEqual', value: { fact: 'toewijzing', path: '$.productCode' } }]),
    rule('eenheid', '9341', [linked, { fact: 'toewijzing', path: '$.omvang.eenheid', operator: 'isSet', value: true }, { fact: 'prestatie', path: '$.eenheid', operator: 'notEqual', value: { fact: 'toewijzing', path: '$.omvang.eenheid' } },
      { not: { all: [{ fact: 'toewijzing', path: '$.omvang.eenheid', operator: 'equal', value: '04' }, { fact: 'prestatie', path: '$.eenheid', operator: 'equal', value: '01' }] } }]),
    rule('bedrag', '9346', [{ fact: 'prestatie', path: '$.eenheid', operator: 'notEqual', value: '83' }, { fact: 'verwachtBedrag', operator: 'isSet', value: true }, { fact: 'prestatie', path: '$.ingediendBedrag', operator: 'notEqual', value: { fact: 'verwachtBedrag' } }]),
    rule('budget', '9369', [linked, { fact: 'toewijzing', path: '$.budget', operator: 'isSet', value: true }, { fact: 'totaal', operator: 'greaterThan', value: { fact: 'toewijzing', path: '$.budget' } }]),
    rule('omvang', '9321', [linked, { fact: 'toewijzing', path: '$.omvang.frequentie', operator: 'equal', value: '6' }, { fact: 'volume', operator: 'greaterThan', value: { fact: 'toewijzing', path: '$.omvang.volume' } }]),
    rule('perDag', '9322', [linked, { fact: 'toewijzing', path: '$.omvang.frequentie', operator: 'equal', value: '1' }, { fact: 'volume', operator: 'greaterThan', value: { fact: 'maxPerDag' } }]),
    rule('perWeek', '9322', [linked, { fact: 'toewijzing', path: '$.omvang.frequentie', operator: 'equal', value: '2' }, { fact: 'volume', operator: 'greaterThan', value: { fact: 'maxPerWeek' } }]),
    rule('perMaand', '9322', [linked, { fact: 'toewijzing', path: '$.omvang.frequentie', operator: 'equal', value: '4' }, { fact: 'volume', operator: 'greaterThan', value: { fact: 'maxPerMaand' } }]),
    rule('etmalen', undefined, [{ fact: 'prestatie', path: '$.eenheid', operator: 'equal', value: '14' }, { fact: 'prestatie', path: '$.geleverdVolume', operator: 'greaterThan', value: { fact: 'dagen' } }]),
    rule('uitgesloten', undefined, [{ fact: 'uitgesloten', operator: 'isSet', value: true }]),
    rule('tarief', '0611', [{ fact: 'uurtarief', operator: 'isSet', value: true }, { fact: 'prestatie', path: '$.eenheid', operator: 'notEqual', value: '83' }, { fact: 'prestatie', path: '$.productTarief', operator: 'notEqual', value: { fact: 'contractTarief' } }]),
    rule('zonderTarief', '0611', [{ fact: 'uurtarief', operator: 'equal', value: null }]),
    rule('tariefgroep', undefined, [{ fact: 'productTg', operator: 'isSet', value: true }, { fact: 'professionalTg', operator: 'isSet', value: true }, { fact: 'productTg', operator: 'notEqual', value: { fact: 'professionalTg' } }]),
    rule('dyslexie', undefined, [{ fact: 'prestatie', path: '$.productCode', operator: 'equal', value: '54D02' }, linked, { fact: 'toewijzing', path: '$.ingangsdatum', operator: 'dateOnOrAfter', value: '2025-01-01' }]),
    rule('extraZwaar', undefined, [{ fact: 'prestatie', path: '$.productCode', operator: 'equal', value: '41G02' }, linked, { any: [
      { fact: 'toewijzing', path: '$.omvang.volume', operator: 'notEqual', value: 8 },
      { fact: 'toewijzing', path: '$.omvang.eenheid', operator: 'notEqual', value: '04' },
      { fact: 'toewijzing', path: '$.omvang.frequentie', operator: 'notEqual', value: '1' },
    ] }]),
    rule('tijdelijk', undefined, [{ fact: 'prestatie', path: '$.productCode', operator: 'in', value: ['41T01', '43T01'] }, linked, { fact: 'prestatie', path: '$.productPeriode.einddatum', operator: 'dateOnOrAfter', value: { fact: 'tijdelijkTot' } }]),
  ];
  for (const r of rules) engine.addRule(r);

  return {
    async run(f) {
      const { events } = await engine.run({ toewijzing: f.toewijzing ?? null, prestatie: f.prestatie, eerderGedeclareerd: f.eerderGedeclareerd ?? 0, professional: f.professional ?? null });
      if (events.length === 0) return { outcome: 'goedgekeurd', codes: ['8001'], refusals: 0 };
      return { outcome: 'afgekeurd', codes: events.map((e) => e.params?.code as string | undefined).filter((c): c is string => !!c).sort(), refusals: events.length };
    },
  };
}
