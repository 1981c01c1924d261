/**
 * Dated table rows: two rows with the same keys valid on one day, and calendar years without a row
 * in a `perKalenderjaar` table.
 *
 * A row without `until` that a newer row with the same keys follows is indexation as the format
 * intends it (the lookup takes the latest `from`), so it is not reported. Reported are:
 * - two rows with the same keys and the same `from` that overlap (fout: which one a lookup returns
 *   depends on their order in the file);
 * - a row whose own `until` runs past the `from` of a newer row with the same keys (waarschuwing: the
 *   newer row answers, so the stated end date is not what happens);
 * - in a `perKalenderjaar` table, a key without a row in a year between the table's first and last
 *   year (fout: that year has no tariff for it, while the years around it do);
 * - a calendar year in which the version is in force (up to today's year for an open-ended version)
 *   outside the years the table covers (waarschuwing: the answer names the gap at run time, e.g. a
 *   year whose tariffs the letters do not give; whether to add rows is a decision, not a slip).
 */
import type { Cell, RuleSetMeta, RuleSetVersion, Table, TableRow } from '../load/model.js';
import type { Finding } from './finding.js';
import { findingAt } from './rule-checks.js';

const text = (c: Cell): string => (c !== null && typeof c === 'object' ? `${c.min ?? ''}..${c.max ?? ''}` : String(c));

/** Whether two key cells can match one value (an empty range cell matches any value). */
function cellsMeet(a: Cell, b: Cell, range: boolean): boolean {
  if (!range) return a === b;
  if (a === null || b === null) return true;
  const lo = (c: Cell) => (typeof c === 'object' && c !== null ? c.min : c);
  const hi = (c: Cell) => (typeof c === 'object' && c !== null ? c.max : c);
  const [al, ah, bl, bh] = [lo(a), hi(a), lo(b), hi(b)] as (number | string | undefined)[];
  return (al === undefined || bh === undefined || al <= bh) && (bl === undefined || ah === undefined || bl <= ah);
}

function keysText(t: Table, row: TableRow): string {
  return t.keys.map((k) => `${k} ${text(row.values[k] ?? null)}`).join(', ');
}

function checkOverlaps(t: Table, out: Finding[]) {
  const range = t.keys.map((k) => t.columns.find((c) => c.name === k)?.range === true);
  const rows = t.rows.map((r) => ({ r, from: r.from ?? '0000-01-01', until: r.until ?? '9999-12-31' }));
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const a = rows[i];
      const b = rows[j];
      if (!t.keys.every((k, n) => cellsMeet(a.r.values[k] ?? null, b.r.values[k] ?? null, range[n]))) continue;
      if (a.from > b.until || b.from > a.until) continue;
      const day = a.from > b.from ? a.from : b.from;
      if (a.from === b.from) {
        out.push(findingAt('fout', 'overlapping_rows',
          `tabel '${t.id}': de rijen op regel ${a.r.loc.line} en ${b.r.loc.line} (${keysText(t, b.r)}) gelden allebei vanaf ${day}; welke een lookup teruggeeft hangt af van de volgorde in het bestand`, b.r.loc));
        continue;
      }
      const [older, newer] = a.from < b.from ? [a, b] : [b, a];
      if (older.r.until !== undefined) {
        out.push(findingAt('waarschuwing', 'overlapping_rows',
          `tabel '${t.id}': de rij op regel ${older.r.loc.line} (${keysText(t, older.r)}) loopt tot ${older.r.until}, maar de rij op regel ${newer.r.loc.line} geldt al vanaf ${newer.from}; vanaf dan geldt de nieuwere rij, niet de genoemde einddatum`, older.r.loc));
      }
    }
  }
}

function checkCalendarGaps(t: Table, meta: Pick<RuleSetMeta, 'protocol' | 'version' | 'validFrom' | 'validTo'> | undefined, today: string, out: Finding[]) {
  const years = new Map<string, Map<number, TableRow>>();
  for (const r of t.rows) {
    if (!r.from || !r.until || r.from.slice(0, 4) !== r.until.slice(0, 4)) continue; // malformed rows: check-calendar-years.ts
    const key = t.keys.map((k) => text(r.values[k] ?? null)).join(', ');
    const m = years.get(key) ?? new Map<number, TableRow>();
    m.set(+r.from.slice(0, 4), r);
    years.set(key, m);
  }
  const all = [...years.values()].flatMap((m) => [...m.keys()]);
  if (!all.length) return;
  const first = Math.min(...all);
  const last = Math.max(...all);
  for (const [key, m] of years) {
    for (let y = first; y <= last; y++) {
      if (m.has(y)) continue;
      const before = [...m.keys()].filter((x) => x < y).sort((p, q) => q - p)[0];
      const at = (before !== undefined ? m.get(before) : m.get(Math.min(...m.keys())))!;
      out.push(findingAt('fout', 'calendar_gap',
        `tabel '${t.id}' (per kalenderjaar) heeft voor ${t.keys.join(', ')} ${key} geen rij in ${y}, terwijl de tabel ${first} t/m ${last} beslaat`, at.loc));
    }
  }
  if (!meta) return;
  const inForceFrom = +meta.validFrom.slice(0, 4);
  const inForceTo = +(meta.validTo ?? today).slice(0, 4);
  for (let y = inForceFrom; y <= inForceTo; y++) {
    if (y >= first && y <= last) continue;
    out.push(findingAt('waarschuwing', 'calendar_gap',
      `tabel '${t.id}' (per kalenderjaar) heeft geen rijen voor ${y}, terwijl ${meta.protocol} ${meta.version} dan in werking is (${meta.validFrom} t/m ${meta.validTo ?? 'open'}); een antwoord over ${y} noemt dat er geen tarief is`, t.loc));
  }
}

/** `today` (YYYY-MM-DD) ends the years in force of an open-ended version. */
export function checkTableRows(v: Pick<RuleSetVersion, 'tables'> & { meta?: RuleSetMeta }, today: string): Finding[] {
  const out: Finding[] = [];
  for (const t of v.tables) {
    checkOverlaps(t, out);
    if (t.perCalendarYear) checkCalendarGaps(t, v.meta, today, out);
  }
  return out;
}
