/**
 * Semantic diff of two versions of a protocol: what a reviewer wants to know,
 * rule by rule and row by row, independent of formatting and file layout.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Decision, Rule, RuleSetVersion, Table, TableRow } from '../load/model.js';
import { euroText } from '../base/money-text.js';

export interface RuleRef {
  id: string;
  decision: string;
  title: string;
  source: string;
}

export interface RuleChange extends RuleRef {
  /** Which parts changed: title, source, priority, when, then, illustrative, note. */
  fields: string[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export interface RowRef {
  table: string;
  key: Record<string, unknown>;
  from?: string;
  until?: string;
  values: Record<string, unknown>;
  source: string;
  /** Columns holding money in cents (type money, or a title that says "in centen"), so a reader can show euros. */
  money: string[];
  /** The table's file and the row's line in it (of the new version; of the old one for a removed row). */
  file: string;
  line: number;
}

export interface RowChange extends RowRef {
  before: Record<string, unknown>;
  /** The row's old `until` when the change moved it (null: it was open-ended). */
  untilBefore?: string | null;
}

/** A money value that moves by more than MONEY_JUMP_PERCENT: likely a typing error (cents for euros, a digit too many). */
export interface AmountWarning {
  table: string;
  key: Record<string, unknown>;
  from?: string;
  column: string;
  /** In cents: the row's old value, or for an added row the value of the row it follows (same key, latest earlier `from`). */
  before: number;
  after: number;
  /** The change in percent of `before`, rounded to one decimal (null when `before` is 0). */
  percent: number | null;
  message: string;
}

/** A change of a money value by more than this many percent is shown to the author and the reviewer as a warning. */
export const MONEY_JUMP_PERCENT = 20;

export interface SemanticDiff {
  protocol: string;
  from: string;
  to: string;
  metadata: { field: string; from: unknown; to: unknown }[];
  rules: { added: RuleRef[]; removed: RuleRef[]; changed: RuleChange[] };
  derived: { added: string[]; removed: string[]; changed: string[] };
  tables: { added: string[]; removed: string[] };
  rows: { added: RowRef[]; removed: RowRef[]; changed: RowChange[] };
  /** Money values that change by more than MONEY_JUMP_PERCENT (a warning, not a refusal). */
  amountWarnings: AmountWarning[];
}

const RULE_FIELDS = ['title', 'source', 'priority', 'when', 'then', 'illustrative', 'note'] as const;

function stripLoc(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(stripLoc);
  if (x && typeof x === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) if (k !== 'loc' && k !== 'index') out[k] = stripLoc(v);
    return out;
  }
  return x;
}

function ruleView(r: Rule): Record<string, unknown> {
  const v = stripLoc(r) as Record<string, unknown>;
  return Object.fromEntries(RULE_FIELDS.map((f) => [f, v[f]]));
}

function rulesOf(v: RuleSetVersion): Map<string, { rule: Rule; decision: Decision }> {
  const m = new Map<string, { rule: Rule; decision: Decision }>();
  for (const d of v.decisions) for (const rule of d.rules) m.set(rule.id, { rule, decision: d });
  return m;
}

/** A row's identity: table, key cells and `from`. Indexation (a new `from`) is an added row. */
export function rowIdentity(t: Table, r: TableRow): string {
  return JSON.stringify([t.id, t.keys.map((k) => r.values[k] ?? null), r.from ?? null]);
}

const moneyColumns = (t: Table) => t.columns.filter((c) => c.type === 'money' || /\bin centen\b/i.test(c.title ?? '')).map((c) => c.name);

function rowRef(t: Table, r: TableRow): RowRef {
  return {
    table: t.id,
    key: Object.fromEntries(t.keys.map((k) => [k, r.values[k] ?? null])),
    from: r.from,
    ...(r.until ? { until: r.until } : {}),
    values: r.values,
    source: r.source ?? t.source,
    money: moneyColumns(t),
    file: t.file,
    line: r.loc.line,
  };
}

export function semanticDiff(a: RuleSetVersion, b: RuleSetVersion): SemanticDiff {
  const metadata: SemanticDiff['metadata'] = [];
  for (const field of ['version', 'status', 'title', 'validFrom', 'validTo', 'issuer', 'basis', 'changelog'] as const) {
    const x = a.meta[field] ?? null;
    const y = b.meta[field] ?? null;
    if (!isDeepStrictEqual(x, y)) metadata.push({ field, from: x, to: y });
  }
  const ra = rulesOf(a);
  const rb = rulesOf(b);
  const ref = (x: { rule: Rule; decision: Decision }): RuleRef => ({ id: x.rule.id, decision: x.decision.id, title: x.rule.title, source: x.rule.source });
  const rules: SemanticDiff['rules'] = { added: [], removed: [], changed: [] };
  for (const [id, x] of rb) if (!ra.has(id)) rules.added.push(ref(x));
  for (const [id, x] of ra) if (!rb.has(id)) rules.removed.push(ref(x));
  for (const [id, x] of rb) {
    const old = ra.get(id);
    if (!old) continue;
    const before = ruleView(old.rule);
    const after = ruleView(x.rule);
    const fields = RULE_FIELDS.filter((f) => !isDeepStrictEqual(before[f], after[f]));
    if (fields.length) rules.changed.push({ ...ref(x), fields, before, after });
  }

  const da = new Map(a.decisions.flatMap((d) => d.derived.map((x) => [`${d.id}.${x.name}`, x.expr] as const)));
  const db = new Map(b.decisions.flatMap((d) => d.derived.map((x) => [`${d.id}.${x.name}`, x.expr] as const)));
  const derived = {
    added: [...db.keys()].filter((k) => !da.has(k)),
    removed: [...da.keys()].filter((k) => !db.has(k)),
    changed: [...db.keys()].filter((k) => da.has(k) && da.get(k) !== db.get(k)),
  };

  const ta = new Map(a.tables.map((t) => [t.id, t]));
  const tb = new Map(b.tables.map((t) => [t.id, t]));
  const tables = { added: [...tb.keys()].filter((k) => !ta.has(k)), removed: [...ta.keys()].filter((k) => !tb.has(k)) };
  const rows: SemanticDiff['rows'] = { added: [], removed: [], changed: [] };
  const index = (ts: Map<string, Table>) => {
    const m = new Map<string, { t: Table; r: TableRow }>();
    for (const t of ts.values()) for (const r of t.rows) m.set(rowIdentity(t, r), { t, r });
    return m;
  };
  const ia = index(ta);
  const ib = index(tb);
  for (const [k, x] of ib) if (!ia.has(k)) rows.added.push(rowRef(x.t, x.r));
  for (const [k, x] of ia) if (!ib.has(k)) rows.removed.push(rowRef(x.t, x.r));
  for (const [k, x] of ib) {
    const old = ia.get(k);
    if (!old) continue;
    const pick = (r: TableRow) => ({ ...r.values, until: r.until, illustrative: r.illustrative, source: r.source });
    if (!isDeepStrictEqual(pick(old.r), pick(x.r))) rows.changed.push({ ...rowRef(x.t, x.r), before: old.r.values, ...(old.r.until !== x.r.until ? { untilBefore: old.r.until ?? null } : {}) });
  }
  return { protocol: b.meta.protocol, from: a.meta.version, to: b.meta.version, metadata, rules, derived, tables, rows, amountWarnings: amountWarnings(rows, ta) };
}

/** Changed money values, and added rows against the row they follow, that move by more than MONEY_JUMP_PERCENT. */
function amountWarnings(rows: SemanticDiff['rows'], base: Map<string, Table>): AmountWarning[] {
  const out: AmountWarning[] = [];
  const sameKey = (t: Table, r: TableRow, key: Record<string, unknown>) => t.keys.every((k) => isDeepStrictEqual(r.values[k] ?? null, key[k]));
  const check = (r: RowRef, before: Record<string, unknown> | undefined) => {
    for (const column of r.money) {
      const [x, y] = [before?.[column], r.values[column]];
      if (typeof x !== 'number' || typeof y !== 'number' || x === y) continue;
      const percent = x === 0 ? null : Math.round(((y - x) / x) * 1000) / 10;
      if (percent !== null && Math.abs(percent) <= MONEY_JUMP_PERCENT) continue;
      const what = `${r.table} (${Object.values(r.key).filter((v) => v !== null).join(', ')}${r.from ? `, vanaf ${r.from}` : ''})`;
      out.push({ table: r.table, key: r.key, ...(r.from ? { from: r.from } : {}), column, before: x, after: y, percent,
        message: `${column} in ${what} gaat van ${euroText(x)} naar ${euroText(y)}${percent === null ? '' : ` (${percent > 0 ? '+' : ''}${String(percent).replace('.', ',')}%)`}: meer dan ${MONEY_JUMP_PERCENT}% verschil. Klopt dit bedrag (euro's en centen)?` });
    }
  };
  for (const r of rows.changed) check(r, r.before);
  for (const r of rows.added) {
    const t = base.get(r.table);
    if (!t) continue;
    // The row this one follows: same key, the latest `from` before it (indexation adds such a row every year).
    const earlier = t.rows.filter((x) => sameKey(t, x, r.key) && (!r.from || !x.from || x.from < r.from)).sort((p, q) => (p.from ?? '').localeCompare(q.from ?? '')).at(-1);
    if (earlier) check(r, earlier.values);
  }
  return out;
}
