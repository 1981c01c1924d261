/**
 * A synthetic but plausible year-spanning corpus for IJsselland: evaluate
 * requests for declarations (most), allocations, tariff groups and budget
 * calculations, 2023-2026, all 11 municipalities, every catalogue product;
 * mostly valid, with a realistic share of each failure (about 84% of declarations
 * approved; 9346, 9369, 9384, 9307, 9308, 0611 and a wrong tariff group), about 4% of
 * declarations sent after the SAP deadline and 6% of allocations made with retroactive
 * effect (both signals, not refusals). Deterministic per seed.
 * Amounts come from the rule sets' own (illustrative) tariff tables.
 */
import { addDays, addMonths, endOfMonth } from '../expr/dates.js';
import type { Registry } from '../evaluate/registry.js';
import { createRng, type Rng } from './prng.js';

export const GEMEENTEN = ['0148', '0150', '0160', '0166', '0175', '0177', '0180', '0193', '1708', '1773', '1896'] as const;

export interface CorpusLine {
  protocol: 'RTP' | 'RAP';
  decision: string;
  facts: Record<string, unknown>;
  date?: string;
  meta: { id: string; gemeente: string; kind: string };
}

const AMBULANT = ['45A01', '45A02', '45A03', '45A04', '45A05', '45A06', '45A07'];
const PROFESSIONALS: [string, number, string][] = [
  ['ervaringsdeskundige', 6, '45A01'], ['pedagogisch medewerker', 7, '45A02'], ["SPV'er", 9, '45A03'], ["SPV'er", 10, '45A04'],
  ['kinder- en jeugdtherapeut', 9, 'TG'], ['systeemtherapeut', 11, '45A05'], ['GZ-psycholoog', 11, '45A05'], ['psychotherapeut', 12, '45A06'], ['psychiater', 14, '45A07'],
];

function day(rng: Rng, from: string, toDays: number): string {
  return addDays(from, rng.int(0, toDays));
}

function monthStart(d: string): string {
  return d.slice(0, 8) + '01';
}

function monthEnd(d: string): string {
  return addDays(addMonths(monthStart(d), 1), -1);
}

export function* generateCorpus(registry: Registry, seed: number, size: number): Generator<CorpusLine> {
  const rng = createRng(seed);
  const tariff = (code: string, date: string): number | null => {
    const v = registry.inForce('RAP', date);
    const t = v?.tables.get('tarieven')?.lookup('tarief', [code], date);
    return typeof t === 'number' ? t : null;
  };
  for (let i = 0; i < size; i++) {
    const id = `c${String(i + 1).padStart(7, '0')}`;
    const gemeente = rng.pick(GEMEENTEN);
    const roll = rng.next();
    if (roll < 0.62) yield declaratie(rng, id, gemeente, tariff);
    else if (roll < 0.82) yield toewijzing(rng, id, gemeente);
    else if (roll < 0.95) yield tariefgroep(rng, id, gemeente);
    else yield budget(rng, id, gemeente);
  }
}

function declaratie(rng: Rng, id: string, gemeente: string, tariff: (code: string, date: string) => number | null): CorpusLine {
  // Care is delivered in the years the illustrative catalogue gives tariffs for (2024, 2025): in any other
  // year every line would be refused for the tariff gap the rules name, which tells an impact analysis nothing.
  const begin = monthStart(day(rng, '2024-01-01', 365 * 2));
  const ingang = addDays(begin, -rng.int(0, 200));
  const eind = addDays(addMonths(ingang, 12), -1);
  const kind = rng.next();
  let productCode: string;
  let productCategorie = '45';
  let eenheid = '04';
  let volume: number;
  let professional: { functie: string; caoSchaal: number } | undefined;
  let omvang: { volume: number; eenheid: string; frequentie: string } | null = null;
  let budget: number | null = null;
  let toewijzingCode: string | null = null;
  const year = +begin.slice(0, 4);
  if (kind < 0.7) {
    const [functie, schaal, code] = rng.pick(PROFESSIONALS);
    professional = { functie, caoSchaal: schaal };
    // Wrong tariff group: some therapists keep declaring TG4 after the move to TG3
    // (letter 22 §1a), and a few lines of any professional are one group too high.
    productCode = code === 'TG' ? (year >= 2025 && !rng.chance(0.12) ? '45A03' : '45A04') : code;
    if (rng.chance(0.02) && productCode !== '45A07') productCode = `45A0${Number(productCode[4]) + 1}`;
    eenheid = rng.chance(0.6) ? '01' : '04';
    volume = eenheid === '01' ? rng.int(2, 40) * 15 : rng.int(1, 12);
    budget = rng.pick([250000, 500000, 750000]);
  } else if (kind < 0.82) {
    productCode = '41G01';
    productCategorie = '41';
    volume = rng.int(4, 60);
    omvang = { volume: 80, eenheid: '04', frequentie: '6' };
    toewijzingCode = productCode;
  } else if (kind < 0.94) {
    productCode = rng.pick(['44W01', '44W02', '44W03']);
    productCategorie = '44';
    eenheid = '14';
    volume = rng.int(5, 28);
    omvang = { volume: 365, eenheid: '14', frequentie: '6' };
    toewijzingCode = productCode;
  } else {
    const running = year < 2025 || rng.chance(0.3);
    productCode = year >= 2025 && !running ? '54D01' : '54D02';
    productCategorie = '54';
    eenheid = productCode === '54D01' ? '01' : '82';
    volume = productCode === '54D01' ? rng.int(4, 20) * 15 : 1;
    omvang = productCode === '54D01' ? { volume: 3000, eenheid: '01', frequentie: '6' } : { volume: 1, eenheid: '82', frequentie: '6' };
    toewijzingCode = productCode;
  }
  const uur = tariff(productCode, begin) ?? 0;
  const minutes = eenheid === '01' && productCode.startsWith('45');
  let productTarief = minutes ? Math.round(uur / 60) : uur;
  let ingediendBedrag = minutes ? Math.round((uur * volume) / 60) : volume * productTarief;
  const toewijzing: Record<string, unknown> = {
    toewijzingNummer: 100000 + Number(id.slice(1)), productCategorie, productCode: toewijzingCode,
    ingangsdatum: productCode === '54D02' && year >= 2025 ? '2024-10-01' : ingang, einddatum: eind, budget, omvang, redenWijziging: null,
  };
  let eerderGedeclareerd = budget ? rng.int(0, Math.floor(budget * 0.6)) : 0;
  let periodeEind = monthEnd(begin);
  // A realistic share of each failure.
  const fault = rng.next();
  if (fault < 0.05) ingediendBedrag += rng.int(1, 150); // 9346
  else if (fault < 0.08 && budget) eerderGedeclareerd = budget - rng.int(0, Math.max(1, ingediendBedrag - 1)); // 9369
  else if (fault < 0.1) Object.assign(toewijzing, { redenWijziging: '13', einddatum: toewijzing.ingangsdatum }); // 9384
  else if (fault < 0.12) toewijzing.ingangsdatum = addDays(begin, 10); // 9307
  else if (fault < 0.14) periodeEind = addDays(monthEnd(begin), 3); // 9308-ish / month
  else if (fault < 0.16 && professional) {
    productTarief += 1; // 0611
    ingediendBedrag = volume * productTarief;
  }
  // Sent within a few weeks of the month's end; some after the SAP deadline (the last day of the next month).
  const ingediendOp = rng.chance(0.04) ? addDays(endOfMonth(addMonths(periodeEind, 1)), rng.int(1, 60)) : addDays(periodeEind, rng.int(1, 25));
  return {
    protocol: 'RAP',
    decision: 'declaratie',
    facts: {
      toewijzing,
      prestatie: {
        toewijzingNummer: toewijzing.toewijzingNummer, productCategorie, productCode,
        productPeriode: { begindatum: begin, einddatum: periodeEind }, geleverdVolume: volume, eenheid, productTarief, ingediendBedrag,
      },
      eerderGedeclareerd,
      ...(professional ? { professional } : {}),
      ingediendOp,
    },
    meta: { id, gemeente, kind: 'declaratie' },
  };
}

function toewijzing(rng: Rng, id: string, gemeente: string): CorpusLine {
  const ingang = day(rng, '2023-01-01', 365 * 4 - 1);
  const year = +ingang.slice(0, 4);
  const verwijzer = rng.pick(['01', '01', '01', '01', '02', '02', '04', '03']);
  const vorm = verwijzer === '04' ? (rng.chance(0.9) ? 'offerte' : 'keuzebudget') : rng.pick(['keuzebudget', 'keuzebudget', 'keuzebudget', 'offerte', 'specifiek']);
  const t: Record<string, unknown> = { vorm, ingangsdatum: ingang, einddatum: addDays(addMonths(ingang, 12), -1), productCategorie: '45' };
  const facts: Record<string, unknown> = { verwijzer: { type: verwijzer }, toewijzing: t };
  if (vorm === 'keuzebudget') {
    const budgets = year >= 2025 ? [100000, 250000, 500000, 750000, 1000000, 2500000] : [100000, 250000, 500000, 750000];
    t.budget = verwijzer === '02' ? rng.pick([100000, 250000, 250000, 500000]) : rng.pick(budgets);
    if (year < 2025) t.budgetType = rng.chance(0.6) ? 'herstel' : 'duurzaam';
    if (rng.chance(0.03)) t.budget = 300000;
  } else if (vorm === 'specifiek') {
    const code = rng.pick(year >= 2025 ? ['41G01', '41G02', '41T01', '43T01', '44W01', '44W02', '44W03', '54D01'] : ['41G01', '44W01', '44W02', '44W03', '54D02']);
    t.productCode = code;
    t.productCategorie = code.slice(0, 2);
    t.omvang = code === '41G02' ? { volume: rng.chance(0.9) ? 8 : 6, eenheid: '04', frequentie: '1' } : { volume: 100, eenheid: code.startsWith('44') ? '14' : '04', frequentie: '6' };
    if (code === '41T01' || code === '43T01') {
      t.einddatum = addDays(addMonths(ingang, rng.chance(0.85) ? 3 : 4), -1);
      facts.lopendeToewijzingen = rng.chance(0.9) ? [{ productCode: code === '41T01' ? '41G01' : '44W02', ingangsdatum: addDays(ingang, -60), einddatum: addDays(ingang, 300) }] : [];
    }
    if (code === '41G02') facts.aanbod = { kdcOdc: rng.chance(0.92), paramedischIntegraal: true };
    if (code.startsWith('44')) facts.aanbod = { intensiteiten: rng.chance(0.9) ? ['W1', 'W2', 'W3'] : ['W1'] };
  }
  // Decided before it starts; a few with retroactive effect.
  t.besluitdatum = rng.chance(0.06) ? addDays(ingang, rng.int(1, 45)) : addDays(ingang, -rng.int(0, 20));
  return { protocol: 'RTP', decision: 'toewijzing', facts, meta: { id, gemeente, kind: 'toewijzing' } };
}

function tariefgroep(rng: Rng, id: string, gemeente: string): CorpusLine {
  const [functie, schaal] = rng.chance(0.05) ? ['regiebehandelaar dyslexie', 11] as const : rng.pick(PROFESSIONALS);
  return { protocol: 'RTP', decision: 'tariefgroep', facts: { functie, caoSchaal: schaal, datum: day(rng, '2023-01-01', 365 * 4 - 1) }, meta: { id, gemeente, kind: 'tariefgroep' } };
}

function budget(rng: Rng, id: string, gemeente: string): CorpusLine {
  const berekendOp = day(rng, '2024-01-01', 365 * 3 - 1);
  const uren = Array.from({ length: rng.int(1, 3) }, () => ({ tariefgroep: `TG${rng.int(1, 7)}`, uren: rng.int(5, 80) }));
  return { protocol: 'RTP', decision: 'budgetberekening', facts: { berekendOp, modus: 'inzien', uren }, meta: { id, gemeente, kind: 'budgetberekening' } };
}
