/**
 * One reading for both protocols: where an RTP and a RAP version are both in force on the same
 * days, the facts they both hold must agree:
 * - the professions table (`beroepentabel`): the tariff group of every function at every scale;
 * - RTP's hourly tariffs (`uurtarieven`) and RAP's tariffs (`tarieven`) of the products whose
 *   `producten` row names a tariff group (45A01..45A07 -> TG1..TG7).
 * Tables are compared through `indexTable`, the runtime's own lookup, on every day where a row
 * of either side starts or ends (and the first day of the shared period): between those days
 * nothing changes. A disagreement is reported once per run of consecutive sample days, at the
 * RAP row (or the RTP row when RAP has none). Tables that are absent, or not of the expected
 * shape, are skipped.
 */
import { indexTable, type TableIndex } from './table-index.js';
import { addDays } from '../expr/dates.js';
import { euroText } from '../base/money-text.js';
import type { Diagnostic } from './diagnostics.js';
import { IN_FORCE, type Cell, type RuleSetVersion, type Table } from './model.js';

const OPEN_END = '9999-12-31';
/** A column added to a copy of a table so a lookup returns the index of the row it matched. */
const ROW = '\u0000row';

interface Period {
  from: string;
  to: string;
}

type Version = Pick<RuleSetVersion, 'meta' | 'tables' | 'files'>;

export function checkProtocolAgreement(versions: Version[]): Diagnostic[] {
  const inForce = versions.filter((v) => IN_FORCE.has(v.meta.status));
  const out: Diagnostic[] = [];
  for (const rtp of inForce.filter((v) => v.meta.protocol === 'RTP')) {
    for (const rap of inForce.filter((v) => v.meta.protocol === 'RAP')) {
      const from = maxOf(rtp.meta.validFrom, rap.meta.validFrom);
      const to = minOf(rtp.meta.validTo ?? OPEN_END, rap.meta.validTo ?? OPEN_END);
      if (from > to) continue;
      const pair = new Pair(rtp, rap, { from, to });
      out.push(...pair.professions(), ...pair.tariffs());
    }
  }
  return out;
}

/** A table with the row index as an extra column: lookups by the runtime's rules that also say which row answered. */
class RowIndex {
  private readonly index: TableIndex;
  constructor(readonly table: Table) {
    this.index = indexTable({ ...table, rows: table.rows.map((r, i) => ({ ...r, values: { ...r.values, [ROW]: i } })) });
  }
  /** The matching row's index, or undefined when no row applies on `date`. */
  row(keys: unknown[], date: string): number | undefined {
    const i = this.index.lookup(ROW, keys, date);
    return typeof i === 'number' ? i : undefined;
  }
  value(row: number | undefined, column: string): Cell {
    return row === undefined ? null : this.table.rows[row].values[column] ?? null;
  }
}

/** One finding on one sample day; findings with the same key on consecutive sample days are one disagreement. */
interface Finding {
  key: string;
  /** What varies within one disagreement (the scale sampled), collected over its days. */
  detail?: number | null;
  report(when: string, details: (number | null)[]): Diagnostic;
}

class Pair {
  constructor(private readonly rtp: Version, private readonly rap: Version, private readonly period: Period) {}

  professions(): Diagnostic[] {
    const a = table(this.rap, 'beroepentabel', ['functie', 'caoSchaal'], ['tariefgroep']);
    const b = table(this.rtp, 'beroepentabel', ['functie', 'caoSchaal'], ['tariefgroep']);
    if (!a || !b) return [];
    const rap = new RowIndex(a);
    const rtp = new RowIndex(b);
    const functions = unique([a, b].flatMap((t) => t.rows.map((r) => r.values.functie)).filter((f): f is string => typeof f === 'string'));
    const scales = scaleSamples([a, b]);
    const days = sampleDays(this.period, [a, b]);
    return this.group(days, (day) => {
      const found: Finding[] = [];
      for (const functie of functions) {
        for (const scale of scales) {
          const ra = rap.row([functie, scale], day);
          const rb = rtp.row([functie, scale], day);
          const va = rap.value(ra, 'tariefgroep');
          const vb = rtp.value(rb, 'tariefgroep');
          if (va === vb) continue;
          found.push({
            key: JSON.stringify(['beroepentabel', functie, va, vb]),
            detail: scale,
            report: (when, details) => {
              const who = `${functie}${scaleText(details, scales)}`;
              const message = `${this.name(this.rap)} beroepentabel ${who} (${va ?? 'niet in de tabel'}) wijkt af van ${this.name(this.rtp)} beroepentabel ${who} (${vb ?? 'niet in de tabel'}) ${when}`;
              return ra !== undefined ? at(this.rap, a, ra, 'tariefgroep', message) : at(this.rtp, b, rb!, 'tariefgroep', message);
            },
          });
        }
      }
      return found;
    });
  }

  tariffs(): Diagnostic[] {
    const products = table(this.rap, 'producten', ['productCode'], ['tariefgroep']);
    const a = table(this.rap, 'tarieven', ['productCode'], ['tarief']);
    const b = table(this.rtp, 'uurtarieven', ['tariefgroep'], ['uurtarief']);
    if (!products || !a || !b) return [];
    const groups = new RowIndex(products);
    const rap = new RowIndex(a);
    const rtp = new RowIndex(b);
    const codes = unique(products.rows.map((r) => r.values.productCode).filter((c): c is string => typeof c === 'string'));
    const days = sampleDays(this.period, [products, a, b]);
    return this.group(days, (day) => {
      const found: Finding[] = [];
      for (const code of codes) {
        const tg = groups.value(groups.row([code], day), 'tariefgroep');
        if (typeof tg !== 'string') continue;
        const ra = rap.row([code], day);
        const rb = rtp.row([tg], day);
        const va = rap.value(ra, 'tarief');
        const vb = rtp.value(rb, 'uurtarief');
        if (va === vb) continue;
        found.push({
          key: JSON.stringify(['tarieven', code, tg, va, vb]),
          report: (when) => {
            const message = `${this.name(this.rap)} tarieven ${code} (${tariffText(va)}) wijkt af van ${this.name(this.rtp)} uurtarieven ${tg} (${tariffText(vb)}) ${when}`;
            return ra !== undefined ? at(this.rap, a, ra, 'tarief', message) : at(this.rtp, b, rb!, 'uurtarief', message);
          },
        });
      }
      return found;
    });
  }

  private name(v: Version): string {
    return `${v.meta.protocol} ${v.meta.version}`;
  }

  /**
   * Runs `findings` on every sample day and reports each disagreement once per run of
   * consecutive sample days; the run lasts until the day before the next sample day after it.
   */
  private group(days: string[], findings: (day: string) => Finding[]): Diagnostic[] {
    const out: Diagnostic[] = [];
    const open = new Map<string, { first: number; last: number; finding: Finding; details: Set<number | null> }>();
    const close = (run: { first: number; last: number; finding: Finding; details: Set<number | null> }) => {
      const from = days[run.first];
      const to = run.last + 1 < days.length ? addDays(days[run.last + 1], -1) : this.period.to;
      out.push(run.finding.report(periodText(from, to), [...run.details]));
    };
    days.forEach((day, k) => {
      for (const f of findings(day)) {
        const run = open.get(f.key);
        if (run && run.last >= k - 1) {
          run.last = k;
          if (f.detail !== undefined) run.details.add(f.detail);
        } else {
          open.set(f.key, { first: k, last: k, finding: f, details: new Set(f.detail !== undefined ? [f.detail] : []) });
        }
      }
      for (const [key, run] of open) {
        if (run.last < k) {
          close(run);
          open.delete(key);
        }
      }
    });
    for (const run of open.values()) close(run);
    return out;
  }
}

/** The version's table `id` when it has the keys and columns compared here, else undefined (skipped). */
function table(v: Version, id: string, keys: string[], columns: string[]): Table | undefined {
  const t = v.tables.find((x) => x.id === id);
  if (!t || t.keys.length !== keys.length || t.keys.some((k, i) => k !== keys[i])) return undefined;
  const names = new Set(t.columns.map((c) => c.name));
  return [...keys, ...columns].every((c) => names.has(c)) ? t : undefined;
}

/** The first day of the period and every day in it on which a row of one of the tables starts or stops applying. */
function sampleDays(period: Period, tables: Table[]): string[] {
  const days = new Set([period.from]);
  const add = (d: string) => {
    if (d > period.from && d <= period.to) days.add(d);
  };
  for (const t of tables) {
    for (const r of t.rows) {
      if (r.from) add(r.from);
      if (r.until && r.until < period.to) add(addDays(r.until, 1));
    }
  }
  return [...days].sort();
}

/** Every numeric bound of a range cell, one below and one above it, and no scale at all (null). */
function scaleSamples(tables: Table[]): (number | null)[] {
  const out = new Set<number>();
  for (const t of tables) {
    for (const r of t.rows) {
      const c = r.values.caoSchaal;
      if (c === null || typeof c !== 'object') continue;
      for (const b of [c.min, c.max]) if (typeof b === 'number') out.add(b - 1).add(b).add(b + 1);
    }
  }
  return [...[...out].sort((x, y) => x - y), null];
}

/** The scales a disagreement was found at; nothing when it holds at every scale sampled. */
function scaleText(details: (number | null)[], all: (number | null)[]): string {
  if (details.length === all.length) return '';
  const nums = details.filter((d): d is number => d !== null).sort((x, y) => x - y);
  const parts = nums.length ? [`schaal ${nums.join(', ')}`] : [];
  if (details.includes(null)) parts.push('zonder schaal');
  return ` ${parts.join(' en ')}`;
}

function periodText(from: string, to: string): string {
  if (from === to) return `op ${from}`;
  if (to === OPEN_END) return `vanaf ${from}`;
  return `van ${from} t/m ${to}`;
}

function at(v: Version, t: Table, row: number, column: string, message: string): Diagnostic {
  const f = v.files.get(t.file);
  return f ? f.at(['rows', row, column], 'inconsistent', message) : { code: 'inconsistent', message, file: t.file, line: 0, column: 0 };
}

/** A tariff as staff read it: euros (the tables hold whole cents). */
function tariffText(v: Cell): string {
  if (v === null) return 'geen tarief';
  return typeof v === 'number' && Number.isInteger(v) ? euroText(v) : String(v);
}

function unique<T>(list: T[]): T[] {
  return [...new Set(list)];
}

function maxOf(a: string, b: string): string {
  return a > b ? a : b;
}

function minOf(a: string, b: string): string {
  return a < b ? a : b;
}
