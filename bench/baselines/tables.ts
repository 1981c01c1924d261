/**
 * The RAP 2.0 tables as plain JavaScript, read once from the rule files, with
 * the dated lookup a hand-writer would write. Shared by the hand-written
 * baselines so they use the same figures as the compiled rules.
 */
import { loadProject } from '../../src/evaluate/project.js';

type Row = Record<string, any> & { from?: string; until?: string };

export interface Tables {
  tarief(code: string, date: string): number | null;
  productEenheid(code: string, date: string): string | null;
  productTariefgroep(code: string, date: string): string | null;
  beroepTariefgroep(functie: string, schaal: number | undefined, date: string): string | null;
  /** Why a function is no longer in the beroepentabel, or null. */
  uitgesloten(functie: string, date: string): string | null;
}

export function rap20Tables(): Tables {
  const v = loadProject().versions.find((x) => x.meta.protocol === 'RAP' && x.meta.version === '2.0')!;
  const rows = (id: string): Row[] => v.tables.find((t) => t.id === id)!.rows.map((r) => ({ ...r.values, from: r.from, until: r.until }));
  const valid = (r: Row, d: string) => (!r.from || r.from <= d) && (!r.until || d <= r.until);
  const newest = (list: Row[]) => list.sort((a, b) => (b.from ?? '').localeCompare(a.from ?? ''))[0];
  const tarieven = rows('tarieven');
  const producten = rows('producten');
  const beroepen = rows('beroepentabel');
  const uitgesloten = rows('uitgeslotenFuncties');
  return {
    tarief: (code, d) => newest(tarieven.filter((r) => r.productCode === code && valid(r, d)))?.tarief ?? null,
    productEenheid: (code, d) => newest(producten.filter((r) => r.productCode === code && valid(r, d)))?.eenheid ?? null,
    productTariefgroep: (code, d) => newest(producten.filter((r) => r.productCode === code && valid(r, d)))?.tariefgroep ?? null,
    uitgesloten: (functie, d) => newest(uitgesloten.filter((r) => r.functie === functie && valid(r, d)))?.reden ?? null,
    beroepTariefgroep: (functie, schaal, d) => {
      const hit = beroepen.find((r) => {
        if (r.functie !== functie || !valid(r, d)) return false;
        const range = r.caoSchaal as { min?: number; max?: number } | undefined;
        if (!range) return true;
        return schaal !== undefined && (range.min === undefined || schaal >= range.min) && (range.max === undefined || schaal <= range.max);
      });
      return hit?.tariefgroep ?? null;
    },
  };
}
