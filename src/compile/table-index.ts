import type { Cell, Table } from '../load/model.js';

interface IndexedRow {
  keys: Cell[];
  values: Record<string, Cell>;
  from: string;
  until: string;
}

/** A table ready for lookups: rows grouped by their first exact key, newest `from` first. */
export interface TableIndex {
  lookup(column: string, keys: unknown[], date: string): unknown;
  column(column: string, date: string): unknown[];
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
    .map((r) => ({ keys: t.keys.map((k) => r.values[k] ?? null), values: r.values, from: r.from ?? '0000-01-01', until: r.until ?? '9999-12-31' }))
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
  const inFileOrder = t.rows.map((r) => ({ values: r.values, from: r.from ?? '0000-01-01', until: r.until ?? '9999-12-31' }));
  return {
    column(column, date) {
      return inFileOrder.filter((r) => r.from <= date && date <= r.until).map((r) => r.values[column] ?? null);
    },
    lookup(column, keys, date) {
      const candidates = firstIsExact ? byFirst.get(keys[0]) ?? [] : rows;
      for (const r of candidates) {
        if (r.from > date || r.until < date) continue;
        if (r.keys.every((cell, i) => matches(cell, keys[i], isRange[i]))) return r.values[column] ?? null;
      }
      return null;
    },
  };
}
