/**
 * The fair baseline: RAP 2.0 declaratie written for json-rules-engine as a competent user of it would:
 * one engine built once and reused (runs awaited one at a time, so its shared run state is safe),
 * every derived value computed once per case in plain code (no async facts through the almanac, no
 * lookup repeated), and the engine handed flat facts (no `path`, no JSONPath). The rules are named by
 * the rule file's ids, and their events name the amounts they report.
 */
import { Engine, type RuleProperties } from 'json-rules-engine';
import { addMonths } from '../../src/expr/dates.js';
import { answerOfHits, type Answer, type Facts, type Hit } from '../declaratie-cases.js';
import type { Tables } from './tables.js';

const ym = (d: string) => +d.slice(0, 4) * 12 + +d.slice(5, 7);
const isoDay = 86_400_000;

/** Every fact the rules read, flat, computed once. */
function flatFacts(f: Facts, t: Tables): Record<string, unknown> {
  const tw = f.toewijzing ?? null;
  const p = f.prestatie;
  const omvang = tw?.omvang ?? null;
  const begin: string = p.productPeriode.begindatum;
  const eind: string = p.productPeriode.einddatum;
  const uurtarief = t.tarief(p.productCode, begin);
  const minuten = p.eenheid === '01' && t.productEenheid(p.productCode, begin) === '04';
  const dagen = (Date.parse(eind) - Date.parse(begin)) / isoDay + 1;
  const weekday = ((new Date(begin + 'T00:00:00Z').getUTCDay() + 6) % 7) + 1;
  const pr = f.professional ?? null;
  return {
    gekoppeld: tw != null && tw.toewijzingNummer != null && tw.toewijzingNummer === p.toewijzingNummer,
    redenWijziging: tw?.redenWijziging ?? null,
    ingangsdatum: tw?.ingangsdatum ?? null,
    einddatum: tw?.einddatum ?? null,
    toegewezenCategorie: tw?.productCategorie ?? null,
    toegewezenCode: tw?.productCode ?? null,
    toegewezenEenheid: omvang?.eenheid ?? null,
    omvangVolume: omvang?.volume ?? null,
    frequentie: omvang?.frequentie ?? null,
    budget: tw?.budget ?? null,
    begin,
    eind,
    productCategorie: p.productCategorie,
    productCode: p.productCode,
    eenheid: p.eenheid,
    geleverdVolume: p.geleverdVolume,
    productTarief: p.productTarief,
    ingediendBedrag: p.ingediendBedrag,
    maandBegin: ym(begin),
    maandEind: ym(eind),
    uurtarief,
    contractTarief: uurtarief == null ? null : minuten ? Math.round(uurtarief / 60) : uurtarief,
    verwachtBedrag: minuten ? (uurtarief == null ? null : Math.round((uurtarief * p.geleverdVolume) / 60)) : p.geleverdVolume * p.productTarief,
    totaal: (f.eerderGedeclareerd ?? 0) + p.ingediendBedrag,
    volume: p.eenheid === '01' && omvang?.eenheid === '04' ? p.geleverdVolume / 60 : p.geleverdVolume,
    dagen,
    maxPerDag: omvang ? omvang.volume * dagen : null,
    maxPerWeek: omvang ? omvang.volume * (Math.floor((weekday - 1 + dagen - 1) / 7) + 1) : null,
    maxPerMaand: omvang ? omvang.volume * (ym(eind) - ym(begin) + 1) : null,
    uitgesloten: pr ? t.uitgesloten(pr.functie, begin) : null,
    tijdelijkTot: typeof tw?.ingangsdatum === 'string' ? addMonths(tw.ingangsdatum, 3) : null,
    productTg: t.productTariefgroep(p.productCode, begin),
    professionalTg: pr ? t.beroepTariefgroep(pr.functie, pr.caoSchaal, begin) : null,
  };
}

const linked = { fact: 'gekoppeld', operator: 'equal', value: true };
const fact = (name: string) => ({ fact: name });
/** A rule over flat facts; `amounts` maps an amount's name in the answer to the fact holding it. */
const rule = (id: string, code: string | undefined, conditions: object, amounts: Record<string, string> = {}): RuleProperties => ({
  name: `rap.declaratie.${id}`,
  conditions: ('any' in conditions ? conditions : { all: conditions }) as RuleProperties['conditions'],
  event: { type: 'afkeur', params: { rule: `rap.declaratie.${id}`, code, amounts } },
});

const RULES: RuleProperties[] = [
  rule('toewijzing-bestaat', '9338', [{ fact: 'gekoppeld', operator: 'notEqual', value: true }]),
  rule('toewijzing-verwijderd', '9384', [linked, { fact: 'redenWijziging', operator: 'equal', value: '13' }]),
  rule('begin-na-ingangsdatum', '9307', [linked, { fact: 'begin', operator: 'dateBefore', value: fact('ingangsdatum') }]),
  rule('eind-voor-einddatum', '9308', [linked, { fact: 'einddatum', operator: 'isSet', value: true }, { fact: 'eind', operator: 'dateAfter', value: fact('einddatum') }]),
  rule('periode-binnen-een-maand', '9319', { any: [{ fact: 'maandBegin', operator: 'notEqual', value: fact('maandEind') }, { fact: 'eind', operator: 'dateBefore', value: fact('begin') }] }),
  rule('categorie-gelijk', '9339', [linked, { fact: 'productCategorie', operator: 'notEqual', value: fact('toegewezenCategorie') }]),
  rule('productcode-gelijk', '9340', [linked, { fact: 'toegewezenCode', operator: 'isSet', value: true }, { fact: 'productCode', operator: 'notEqual', value: fact('toegewezenCode') }]),
  rule('eenheid-gelijk', '9341', [linked, { fact: 'toegewezenEenheid', operator: 'isSet', value: true }, { fact: 'eenheid', operator: 'notEqual', value: fact('toegewezenEenheid') },
    { not: { all: [{ fact: 'toegewezenEenheid', operator: 'equal', value: '04' }, { fact: 'eenheid', operator: 'equal', value: '01' }] } }]),
  rule('bedrag-volume-maal-tarief', '9346', [{ fact: 'eenheid', operator: 'notEqual', value: '83' }, { fact: 'verwachtBedrag', operator: 'isSet', value: true }, { fact: 'ingediendBedrag', operator: 'notEqual', value: fact('verwachtBedrag') }],
    { ingediend: 'ingediendBedrag', verwacht: 'verwachtBedrag' }),
  rule('binnen-budget', '9369', [linked, { fact: 'budget', operator: 'isSet', value: true }, { fact: 'totaal', operator: 'greaterThan', value: fact('budget') }], { totaal: 'totaal', budget: 'budget' }),
  rule('volume-binnen-totale-omvang', '9321', [linked, { fact: 'frequentie', operator: 'equal', value: '6' }, { fact: 'volume', operator: 'greaterThan', value: fact('omvangVolume') }]),
  rule('volume-binnen-omvang-per-dag', '9322', [linked, { fact: 'frequentie', operator: 'equal', value: '1' }, { fact: 'volume', operator: 'greaterThan', value: fact('maxPerDag') }]),
  rule('volume-binnen-omvang-per-week', '9322', [linked, { fact: 'frequentie', operator: 'equal', value: '2' }, { fact: 'volume', operator: 'greaterThan', value: fact('maxPerWeek') }]),
  rule('volume-binnen-omvang-per-maand', '9322', [linked, { fact: 'frequentie', operator: 'equal', value: '4' }, { fact: 'volume', operator: 'greaterThan', value: fact('maxPerMaand') }]),
  rule('etmalen-niet-meer-dan-dagen', '9321', [{ fact: 'eenheid', operator: 'equal', value: '14' }, { fact: 'geleverdVolume', operator: 'greaterThan', value: fact('dagen') }]),
  rule('producttarief-gecontracteerd', '0611', [{ fact: 'uurtarief', operator: 'isSet', value: true }, { fact: 'eenheid', operator: 'notEqual', value: '83' }, { fact: 'productTarief', operator: 'notEqual', value: fact('contractTarief') }],
    { tarief: 'productTarief', contract: 'contractTarief' }),
  rule('product-zonder-tarief', '0611', [{ fact: 'uurtarief', operator: 'equal', value: null }]),
  rule('tariefgroep-professional', '0611', [{ fact: 'productTg', operator: 'isSet', value: true }, { fact: 'professionalTg', operator: 'isSet', value: true }, { fact: 'productTg', operator: 'notEqual', value: fact('professionalTg') }]),
  rule('functie-niet-in-beroepentabel', '0611', [{ fact: 'uitgesloten', operator: 'isSet', value: true }]),
  rule('dyslexie-stuks-alleen-lopend', '9340', [{ fact: 'productCode', operator: 'equal', value: '54D02' }, linked, { fact: 'ingangsdatum', operator: 'dateOnOrAfter', value: '2025-01-01' }]),
  rule('extra-zwaar-omgezette-beschikking', '9340', [{ fact: 'productCode', operator: 'equal', value: '41G02' }, linked, { any: [
    { fact: 'omvangVolume', operator: 'notEqual', value: 8 }, { fact: 'toegewezenEenheid', operator: 'notEqual', value: '04' }, { fact: 'frequentie', operator: 'notEqual', value: '1' },
  ] }]),
  rule('tijdelijke-inzet-binnen-3-maanden', '9308', [{ fact: 'productCode', operator: 'in', value: ['41T01', '43T01'] }, linked, { fact: 'eind', operator: 'dateOnOrAfter', value: fact('tijdelijkTot') }]),
];

export function competentEngine(t: Tables): { run(f: Facts): Promise<Answer> } {
  const engine = new Engine(RULES, { allowUndefinedFacts: true });
  // ISO dates as strings: compared as strings, only when both are strings.
  const dates = (name: string, ok: (a: string, b: string) => boolean) =>
    engine.addOperator(name, (a: unknown, b: unknown) => typeof a === 'string' && typeof b === 'string' && ok(a, b));
  dates('dateBefore', (a, b) => a < b);
  dates('dateAfter', (a, b) => a > b);
  dates('dateOnOrAfter', (a, b) => a >= b);
  engine.addOperator('isSet', (a: unknown) => a != null);
  return {
    async run(f) {
      const facts = flatFacts(f, t);
      const { events } = await engine.run(facts);
      const hits: Hit[] = events.map((e) => {
        const { rule: id, code, amounts } = e.params as { rule: string; code?: string; amounts: Record<string, string> };
        const hit: Hit = { rule: id, code };
        if (Object.keys(amounts).length) hit.amounts = Object.fromEntries(Object.entries(amounts).map(([k, name]) => [k, facts[name] as number]));
        return hit;
      });
      return answerOfHits(hits);
    },
  };
}
