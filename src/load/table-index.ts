import type { Cell, Table } from './model.js';

/** A placeholder an answer rests on: a table row or a rule marked `illustrative` in the rule files. */
export interface IllustrativeBasis {
  kind: 'row' | 'rule';
  /** Stable, readable reference: `<table>:<key values>@<from>` for a row, the rule id for a rule. */
  ref: string;
  table?: string;
  rule?: string;
  /** What would replace it (the table's or rule's note). */
  note?: string;
}

interface IndexedRow {
  keys: Cell[];
  values: Record<string, Cell>;
  from: string;
  until: string;
  /** Set when the row (or its whole table) is a placeholder. */
  basis?: IllustrativeBasis;
}

/** Called with the basis of every illustrative row a lookup returned. */
export type SeenRow = (basis: IllustrativeBasis) => void;

/** A table ready for lookups: rows grouped by their first exact key, newest `from` first. */
export interface TableIndex {
  lookup(column: string, keys: unknown[], date: string, seen?: SeenRow): unknown;
  column(column: string, date: string, seen?: SeenRow): unknown[];
  /**
   * The rows valid on `date` whose key cells match `keys`, where an `undefined` key is unknown and
   * matches every cell (the range reading of a lookup with a missing key: src/evaluate/value-range.ts).
   */
  matching(keys: unknown[], date: string): { keys: Cell[]; values: Record<string, Cell>; basis?: IllustrativeBasis }[];
  /** Per key: whether its cells are ranges `{ min, max }`. */
  rangeKeys: readonly boolean[];
}

function cellText(c: Cell): string {
  if (c !== null && typeof c === 'object') return `${c.min ?? ''}..${c.max ?? ''}`;
  return String(c);
}

function basisOf(t: Table, r: Table['rows'][number]): IllustrativeBasis | undefined {
  if (!(r.illustrative ?? t.illustrative)) return undefined;
  const keys = t.keys.map((k) => cellText(r.values[k] ?? null)).join(',');
  const basis: IllustrativeBasis = { kind: 'row', ref: `${t.id}:${keys}${r.from ? '@' + r.from : ''}`, table: t.id };
  if (t.illustrativeNote) basis.note = t.illustrativeNote;
  return Object.freeze(basis);
}

function matches(cell: Cell, value: unknown, range: boolean): boolean {
  if (range && cell === null) return true; // an empty range cell matches any value
  if (cell !== null && typeof cell === 'object') {
    if (value === null || value === undefined) return false;
    const { min, max } = cell;
    return (min === undefined || (value as number) >= (min as number)) && (max === undefined || (value as number) <= (max as number));
  }
  return cell === value;
}

export function indexTable(t: Table): TableIndex {
  const rows: IndexedRow[] = t.rows
    .map((r) => ({ keys: t.keys.map((k) => r.values[k] ?? null), values: r.values, from: r.from ?? '0000-01-01', until: r.until ?? '9999-12-31', basis: basisOf(t, r) }))
    .sort((a, b) => b.from.localeCompare(a.from));
  const isRange = t.keys.map((k) => t.columns.find((c) => c.name === k)?.range === true);
  const firstIsExact = !isRange[0];
  const byFirst = new Map<unknown, IndexedRow[]>();
  if (firstIsExact) {
    for (const r of rows) {
      const list = byFirst.get(r.keys[0]) ?? [];
      list.push(r);
      byFirst.set(r.keys[0], list);
    }
  }
  const inFileOrder = t.rows.map((r) => ({ values: r.values, from: r.from ?? '0000-01-01', until: r.until ?? '9999-12-31', basis: basisOf(t, r) }));
  return {
    rangeKeys: isRange,
    matching(keys, date) {
      return rows.filter((r) => r.from <= date && date <= r.until && r.keys.every((cell, i) => keys[i] === undefined || matches(cell, keys[i], isRange[i])));
    },
    column(column, date, seen) {
      const valid = inFileOrder.filter((r) => r.from <= date && date <= r.until);
      if (seen) for (const r of valid) if (r.basis) seen(r.basis);
      return valid.map((r) => r.values[column] ?? null);
    },
    lookup(column, keys, date, seen) {
      const candidates = firstIsExact ? byFirst.get(keys[0]) ?? [] : rows;
      for (const r of candidates) {
        if (r.from > date || r.until < date) continue;
        if (r.keys.every((cell, i) => matches(cell, keys[i], isRange[i]))) {
          if (seen && r.basis) seen(r.basis);
          return r.values[column] ?? null;
        }
      }
      return null;
    },
  };
}
