/** A deterministic mix of RAP declaratie fact sets for the benchmarks: mostly approved, each failure present. */
export type Facts = Record<string, any>;

function base(i: number): Facts {
  const minutes = 30 + (i % 8) * 15;
  return {
    toewijzing: { toewijzingNummer: 1000 + i, productCategorie: '45', productCode: null, ingangsdatum: '2024-09-01', einddatum: '2025-08-31', budget: 750000, omvang: null, redenWijziging: null },
    prestatie: {
      toewijzingNummer: 1000 + i, productCategorie: '45', productCode: '45A03',
      productPeriode: { begindatum: '2025-02-01', einddatum: '2025-02-28' },
      geleverdVolume: minutes, eenheid: '01', productTarief: 132, ingediendBedrag: Math.round((7904 * minutes) / 60),
    },
    eerderGedeclareerd: (i % 10) * 50000,
    professional: { functie: 'kinder- en jeugdtherapeut', caoSchaal: 9 },
  };
}

/** The late 2.0 rules (41G02, 41T01, 54D02 in stuks, volume per week and month, etmalen, excluded function) and the omvang checks, on their own allocations. */
function specific(i: number, variant: number): Facts {
  const f = base(i);
  const tw = f.toewijzing;
  const p = f.prestatie;
  const product = (code: string, categorie: string, eenheid: string, volume: number, tarief: number) => {
    Object.assign(p, { productCode: code, productCategorie: categorie, eenheid, geleverdVolume: volume, productTarief: tarief, ingediendBedrag: volume * tarief });
    Object.assign(tw, { productCode: code, productCategorie: categorie, budget: null });
  };
  switch (variant) {
    case 0: // 9341: minutes declared on an allocation in etmalen (and over its volume: 9321); an allocation with omvang is specific, so it names its product
      tw.productCode = '45A03';
      tw.omvang = { volume: 5, eenheid: '14', frequentie: '6' };
      break;
    case 1: // 9321: 11 hours in minutes on an allocation of 10 hours
      tw.productCode = '45A03';
      tw.omvang = { volume: 10, eenheid: '04', frequentie: '6' };
      Object.assign(p, { geleverdVolume: 660, ingediendBedrag: Math.round((7904 * 660) / 60) });
      break;
    case 2: // extra zwaar on a decision not yet converted to 8 hours a day
      product('41G02', '41', '04', 100, 7200);
      Object.assign(tw, { ingangsdatum: '2025-01-01', einddatum: '2025-12-31', omvang: { volume: 6, eenheid: '04', frequentie: '1' } });
      break;
    case 3: // 9322: converted, but more than 8 hours a day over February
      product('41G02', '41', '04', 8 * 28 + 1, 7200);
      Object.assign(tw, { ingangsdatum: '2025-01-01', einddatum: '2025-12-31', omvang: { volume: 8, eenheid: '04', frequentie: '1' } });
      break;
    case 4: // tijdelijke inzet past its 3 months
      product('41T01', '41', '04', 10, 7904);
      Object.assign(tw, { ingangsdatum: '2025-01-02', einddatum: '2025-06-30', omvang: { volume: 40, eenheid: '04', frequentie: '6' } });
      Object.assign(p.productPeriode, { begindatum: '2025-04-01', einddatum: '2025-04-30' });
      break;
    case 5: // dyslexia in stuks on an allocation made in 2025
      product('54D02', '54', '82', 1, 500000);
      Object.assign(tw, { ingangsdatum: '2025-01-15', einddatum: '2025-12-31', omvang: { volume: 1, eenheid: '82', frequentie: '6' } });
      break;
    case 6: // 9322 per week: 11 hours on 2 hours a week over the 5 (partly) touched weeks of February 2025
      tw.productCode = '45A03';
      tw.omvang = { volume: 2, eenheid: '04', frequentie: '2' };
      Object.assign(p, { geleverdVolume: 660, ingediendBedrag: Math.round((7904 * 660) / 60) });
      break;
    case 7: // per week, exactly at the limit: approved
      tw.productCode = '45A03';
      tw.omvang = { volume: 2, eenheid: '04', frequentie: '2' };
      Object.assign(p, { geleverdVolume: 600, ingediendBedrag: Math.round((7904 * 600) / 60) });
      break;
    case 8: // 9322 per month: 9 hours on 8 hours a month
      tw.productCode = '45A03';
      tw.omvang = { volume: 8, eenheid: '04', frequentie: '4' };
      Object.assign(p, { geleverdVolume: 540, ingediendBedrag: Math.round((7904 * 540) / 60) });
      break;
    case 9: // 29 etmalen in the 28 days of February
      product('44W01', '44', '14', 29, 9880);
      Object.assign(tw, { ingangsdatum: '2025-01-01', einddatum: '2025-12-31', omvang: { volume: 300, eenheid: '14', frequentie: '6' } });
      break;
    case 10: // 28 etmalen in February: approved
      product('44W01', '44', '14', 28, 9880);
      Object.assign(tw, { ingangsdatum: '2025-01-01', einddatum: '2025-12-31', omvang: { volume: 300, eenheid: '14', frequentie: '6' } });
      break;
    default: // 11: a function no longer in the beroepentabel
      f.professional = { functie: 'regiebehandelaar dyslexie' };
      break;
  }
  return f;
}

/** Of every 50 cases, the last SPECIFIC are the variants of specific(). */
const SPECIFIC = 12;

export function declaratieCases(n: number): Facts[] {
  const out: Facts[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 50 >= 50 - SPECIFIC) { out.push(specific(i, (i % 50) - (50 - SPECIFIC))); continue; }
    const f = base(i);
    switch (i % 10) {
      case 1: f.prestatie.ingediendBedrag += 1; break; // 9346
      case 2: f.eerderGedeclareerd = 749000; break; // 9369
      case 3: f.toewijzing.redenWijziging = '13'; break; // 9384
      case 4: f.toewijzing.ingangsdatum = '2025-02-15'; break; // 9307
      case 5: f.prestatie.productCode = '45A04'; f.prestatie.productTarief = 146; f.prestatie.ingediendBedrag = Math.round((8736 * f.prestatie.geleverdVolume) / 60); break; // tariefgroep
      default: break; // approved
    }
    out.push(f);
  }
  return out;
}

/**
 * What the benchmarks compare for every contender and mode: the outcome, the iJw return codes, the ids
 * of the rules whose events the answer holds, and the money amounts in those events (integer cents).
 */
export interface Answer {
  outcome: string;
  codes: string[];
  rules: string[];
  /** `rule.param=cents`, sorted. */
  amounts: string[];
}

/** The money parameters of the declaratie events (in cents). */
export const AMOUNT_PARAMS = ['ingediend', 'verwacht', 'totaal', 'budget', 'tarief', 'contract'] as const;

/** One rule that fired in a baseline: its rule id (as in the rule file), its return code, its amounts. */
export interface Hit {
  rule: string;
  code?: string;
  amounts?: Partial<Record<(typeof AMOUNT_PARAMS)[number], number | null>>;
}

export const APPROVED_RULE = 'rap.declaratie.goedgekeurd';

/** A baseline's answer from the refusing rules it found (none: approved, code 8001). */
export function answerOfHits(hits: Hit[]): Answer {
  if (hits.length === 0) return { outcome: 'goedgekeurd', codes: ['8001'], rules: [APPROVED_RULE], amounts: [] };
  const amounts: string[] = [];
  for (const h of hits) for (const [k, v] of Object.entries(h.amounts ?? {})) amounts.push(`${h.rule}.${k}=${v}`);
  return { outcome: 'afgekeurd', codes: hits.map((h) => h.code).filter((c): c is string => !!c).sort(), rules: hits.map((h) => h.rule).sort(), amounts: amounts.sort() };
}

/** Our evaluate's answer in the benchmark's terms. */
export function answerOf(r: { outcome: string; events: { type: string; rule: string; code?: string; params: Record<string, unknown> }[] }): Answer {
  const amounts: string[] = [];
  for (const e of r.events) for (const k of AMOUNT_PARAMS) if (k in e.params) amounts.push(`${e.rule}.${k}=${e.params[k]}`);
  return { outcome: r.outcome, codes: r.events.map((e) => e.code).filter((c): c is string => !!c).sort(), rules: r.events.map((e) => e.rule).sort(), amounts: amounts.sort() };
}
