/**
 * Mutants of one rule-set version: each is the version with one meaningful change that a policy
 * officer could make by mistake (a comparison made inclusive or exclusive, a constant moved by one,
 * a date by one day, a condition dropped, a table value changed, a rounding function swapped).
 * A mutant that no YAML case of the version notices shows a gap in the cases.
 *
 * Mutants are made on the checked model, never on the text, so every mutant is a version the
 * loader would accept; the compiler and the cases then run as for any version.
 */
import { addDays, isIsoDate } from '../expr/dates.js';
import { tokenizeExpr } from '../expr/parse.js';
import type { Cell, Condition, Decision, Loc, Operator, Rule, RuleSetVersion, Table, ValueSpec } from '../load/model.js';

export type MutantKind = 'operator' | 'constant' | 'date' | 'condition' | 'table' | 'expression';

export interface RuleMutant {
  /** Stable key: `<rule or table id>#<kind>@<where>:<change>`; a rule's `note` may name it as equivalent. */
  key: string;
  kind: MutantKind;
  /** The rule or table changed. */
  target: string;
  /** The decision whose rules changed (undefined: a table, read by any decision). */
  decision?: string;
  /** What changed, in words staff read. */
  change: string;
  loc: Loc;
  apply(v: RuleSetVersion): RuleSetVersion;
}

const OPERATOR_SWAPS: Partial<Record<Operator, Operator>> = {
  lessThan: 'lessThanInclusive', lessThanInclusive: 'lessThan',
  greaterThan: 'greaterThanInclusive', greaterThanInclusive: 'greaterThan',
  dateBefore: 'dateOnOrBefore', dateOnOrBefore: 'dateBefore',
  dateAfter: 'dateOnOrAfter', dateOnOrAfter: 'dateAfter',
  equal: 'notEqual', notEqual: 'equal',
  in: 'notIn', notIn: 'in',
  contains: 'doesNotContain', doesNotContain: 'contains',
  isSet: 'isNotSet', isNotSet: 'isSet',
};

/** Expression tokens swapped: boundaries, equality, connectives and rounding. */
const EXPR_SWAPS: Record<string, string> = {
  '<': '<=', '<=': '<', '>': '>=', '>=': '>', '==': '!=', '!=': '==', and: 'or', or: 'and',
  round: 'floor', floor: 'ceil', ceil: 'round',
};

interface Edit<T> { where: string; change: string; kind: MutantKind; loc: Loc; value: T }

/** Every single-point change of an expression text: swapped tokens and numbers moved by one. */
function exprEdits(src: string, loc: Loc, where: string): Edit<string>[] {
  let tokens;
  try { tokens = tokenizeExpr(src); } catch { return []; }
  const out: Edit<string>[] = [];
  const replaceAt = (pos: number, len: number, text: string) => src.slice(0, pos) + text + src.slice(pos + len);
  tokens.forEach((t, i) => {
    if (t.k === 'num') {
      const text = src.slice(t.pos).match(/^[0-9]+(\.[0-9]+)?/)![0];
      for (const d of [1, -1]) {
        const moved = t.v + d;
        if (moved < 0) continue;
        out.push({ where: `${where}[${t.pos}]`, kind: 'expression', loc, change: `getal ${text} -> ${moved} in '${src}'`, value: replaceAt(t.pos, text.length, String(moved)) });
      }
    } else if ((t.k === 'op' || t.k === 'id') && t.v in EXPR_SWAPS) {
      const isCall = t.k === 'id' && tokens[i + 1]?.k === 'op' && (tokens[i + 1] as { v: string }).v === '(';
      if (t.k === 'id' && ['round', 'floor', 'ceil'].includes(t.v) && !isCall) return;
      const to = EXPR_SWAPS[t.v];
      out.push({ where: `${where}[${t.pos}]`, kind: 'expression', loc, change: `${t.v} -> ${to} in '${src}'`, value: replaceAt(t.pos, t.v.length, to) });
    }
  });
  return out;
}

function valueEdits(v: ValueSpec | undefined, loc: Loc, where: string): Edit<ValueSpec>[] {
  if (!v) return [];
  if (v.kind === 'expr') return exprEdits(v.expr, loc, where).map((e) => ({ ...e, value: { kind: 'expr', expr: e.value } }));
  if (v.kind !== 'literal') return [];
  const x = v.value;
  if (typeof x === 'number') {
    return [1, -1].map((d) => ({ where, kind: 'constant' as const, loc, change: `waarde ${x} -> ${x + d}`, value: { kind: 'literal' as const, value: x + d } }));
  }
  if (isIsoDate(x)) {
    return [1, -1].map((d) => ({ where, kind: 'date' as const, loc, change: `datum ${x} -> ${addDays(x, d)}`, value: { kind: 'literal' as const, value: addDays(x, d) } }));
  }
  if (Array.isArray(x) && x.length > 1) {
    return x.map((item, i) => ({ where: `${where}[${i}]`, kind: 'constant' as const, loc, change: `${JSON.stringify(item)} uit de lijst weggelaten`, value: { kind: 'literal' as const, value: x.filter((_, j) => j !== i) } }));
  }
  return [];
}

/** Every single-point change of a condition tree, as the whole new tree. */
function conditionEdits(c: Condition, where: string): Edit<Condition>[] {
  if (c.kind === 'leaf') {
    const out: Edit<Condition>[] = [];
    const swapped = OPERATOR_SWAPS[c.op];
    if (swapped && (c.op === 'isSet' || c.op === 'isNotSet' || c.value)) {
      out.push({ where: `${where}.op`, kind: 'operator', loc: c.loc, change: `${c.op} -> ${swapped}`, value: { ...c, op: swapped } });
    }
    if (c.left.kind === 'expr') {
      for (const e of exprEdits(c.left.expr, c.loc, `${where}.expr`)) out.push({ ...e, value: { ...c, left: { kind: 'expr', expr: e.value } } });
    }
    for (const e of valueEdits(c.value, c.loc, `${where}.value`)) out.push({ ...e, value: { ...c, value: e.value } });
    return out;
  }
  if (c.kind === 'not') {
    return [
      { where, kind: 'condition', loc: c.loc, change: 'not weggelaten', value: c.item },
      ...conditionEdits(c.item, `${where}.not`).map((e) => ({ ...e, value: { ...c, item: e.value } as Condition })),
    ];
  }
  const out: Edit<Condition>[] = [];
  if (c.items.length > 1) {
    c.items.forEach((item, i) => out.push({ where: `${where}.${c.kind}[${i}]`, kind: 'condition', loc: item.loc, change: `voorwaarde ${i + 1} van ${c.kind} weggelaten`, value: { ...c, items: c.items.filter((_, j) => j !== i) } }));
  }
  c.items.forEach((item, i) => {
    for (const e of conditionEdits(item, `${where}.${c.kind}[${i}]`)) out.push({ ...e, value: { ...c, items: c.items.map((x, j) => (j === i ? e.value : x)) } });
  });
  return out;
}

function withRule(v: RuleSetVersion, d: Decision, r: Rule, next: Rule): RuleSetVersion {
  const decision = { ...d, rules: d.rules.map((x) => (x === r ? next : x)) };
  return { ...v, decisions: v.decisions.map((x) => (x === d ? decision : x)) };
}

function mutantsOfRule(d: Decision, r: Rule): RuleMutant[] {
  const out: RuleMutant[] = [];
  const add = (e: Edit<unknown>, apply: (v2: RuleSetVersion) => RuleSetVersion) =>
    out.push({ key: `${r.id}#${e.kind}@${e.where}:${e.change}`, kind: e.kind, target: r.id, decision: d.id, change: e.change, loc: e.loc, apply });
  const edits = conditionEdits(r.when, 'when');
  // A rule whose only condition is a leaf: dropping it makes the rule apply always.
  if (r.when.kind === 'leaf') edits.push({ where: 'when', kind: 'condition', loc: r.when.loc, change: 'enige voorwaarde weggelaten', value: { kind: 'all', items: [], loc: r.when.loc } });
  for (const e of edits) add(e, (v2) => withRule(v2, d, r, { ...r, when: e.value }));
  for (const [name, expr] of Object.entries(r.then.params)) {
    for (const e of exprEdits(expr, r.loc, `params.${name}`)) add(e, (v2) => withRule(v2, d, r, { ...r, then: { ...r.then, params: { ...r.then.params, [name]: e.value } } }));
  }
  return out;
}

function derivedMutants(d: Decision): RuleMutant[] {
  const out: RuleMutant[] = [];
  for (const f of d.derived) {
    for (const e of exprEdits(f.expr, f.loc, `derived.${f.name}`)) {
      out.push({
        key: `${d.id}.${f.name}#${e.kind}@${e.where}:${e.change}`, kind: e.kind, target: `${d.id}.${f.name}`, decision: d.id, change: e.change, loc: f.loc,
        apply: (v2) => ({ ...v2, decisions: v2.decisions.map((x) => (x === d ? { ...d, derived: d.derived.map((y) => (y === f ? { ...f, expr: e.value } : y)) } : x)) }),
      });
    }
  }
  return out;
}

function cellChange(cell: Cell, distinct: Cell[]): { change: string; value: Cell }[] {
  if (typeof cell === 'number') return [{ change: `${cell} -> ${cell + 1}`, value: cell + 1 }];
  if (typeof cell === 'boolean') return [{ change: `${cell} -> ${!cell}`, value: !cell }];
  if (typeof cell === 'string' && isIsoDate(cell)) return [{ change: `${cell} -> ${addDays(cell, 1)}`, value: addDays(cell, 1) }];
  if (typeof cell === 'string') {
    const other = distinct.find((x) => typeof x === 'string' && x !== cell);
    return other === undefined ? [] : [{ change: `${cell} -> ${other}`, value: other }];
  }
  if (cell && typeof cell === 'object') {
    const out: { change: string; value: Cell }[] = [];
    if (typeof cell.min === 'number') out.push({ change: `ondergrens ${cell.min} -> ${cell.min + 1}`, value: { ...cell, min: cell.min + 1 } });
    if (typeof cell.max === 'number') out.push({ change: `bovengrens ${cell.max} -> ${cell.max - 1}`, value: { ...cell, max: cell.max - 1 } });
    return out;
  }
  return [];
}

/**
 * Every table column an expression of the version reads, as `table.column`: a table id followed by a
 * column name is how every table function names what it reads (`lookup(producten, eenheid, ...)`,
 * `lookupAt(d, producten, perceel, ...)`, `values(beroepentabel, functie)`).
 */
function columnsRead(v: RuleSetVersion): Set<string> {
  const tables = new Set(v.tables.map((t) => t.id));
  const read = new Set<string>();
  const scan = (src: string) => {
    let tokens;
    try { tokens = tokenizeExpr(src); } catch { return; /* the loader reported it */ }
    tokens.forEach((t, i) => {
      const comma = tokens[i + 1];
      const column = tokens[i + 2];
      if (t.k === 'id' && tables.has(t.v) && comma?.k === 'op' && comma.v === ',' && column?.k === 'id') read.add(`${t.v}.${column.v}`);
    });
  };
  const walk = (c: Condition): void => {
    if (c.kind === 'leaf') {
      if (c.left.kind === 'expr') scan(c.left.expr);
      if (c.value?.kind === 'expr') scan(c.value.expr);
    } else if (c.kind === 'not') walk(c.item);
    else c.items.forEach(walk);
  };
  for (const d of v.decisions) {
    for (const f of d.derived) scan(f.expr);
    for (const r of d.rules) { walk(r.when); Object.values(r.then.params).forEach(scan); }
  }
  return read;
}

function tableMutants(v: RuleSetVersion, t: Table, read: Set<string>): RuleMutant[] {
  const out: RuleMutant[] = [];
  const withTable = (v2: RuleSetVersion, next: Table) => ({ ...v2, tables: v2.tables.map((x) => (x === t ? next : x)) });
  const locate = (rowLoc: Loc, column: string): Loc => {
    const file = v.files.get(rowLoc.file) ?? [...v.files.values()].find((f) => f.file === rowLoc.file);
    const path = [...rowLoc.path, column];
    return file ? { file: rowLoc.file, path, ...file.locate(path) } : rowLoc;
  };
  t.rows.forEach((row, i) => {
    for (const col of t.columns) {
      // Key columns pick the row; changing one moves the row elsewhere, which the table checks own.
      if (t.keys.includes(col.name)) continue;
      // A column no expression reads (a description) cannot change an answer: no mutant to make.
      if (!read.has(`${t.id}.${col.name}`)) continue;
      const distinct = [...new Set(t.rows.map((r) => r.values[col.name]))];
      for (const c of cellChange(row.values[col.name], distinct)) {
        const next = { ...t, rows: t.rows.map((r, j) => (j === i ? { ...r, values: { ...r.values, [col.name]: c.value } } : r)) };
        out.push({ key: `${t.id}#table@rows[${i}].${col.name}:${c.change}`, kind: 'table', target: t.id, change: `rij ${i + 1}, ${col.name}: ${c.change}`, loc: locate(row.loc, col.name), apply: (v2) => withTable(v2, next) });
      }
    }
    if (row.from && !t.perCalendarYear) {
      const next = { ...t, rows: t.rows.map((r, j) => (j === i ? { ...r, from: addDays(row.from!, 1) } : r)) };
      out.push({ key: `${t.id}#date@rows[${i}].from:${row.from} -> ${addDays(row.from, 1)}`, kind: 'date', target: t.id, change: `rij ${i + 1}, geldig vanaf ${row.from} -> ${addDays(row.from, 1)}`, loc: locate(row.loc, 'from'), apply: (v2) => withTable(v2, next) });
    }
  });
  return out;
}

/** Every mutant of a version, in file order. */
export function mutantsOf(v: RuleSetVersion): RuleMutant[] {
  const out: RuleMutant[] = [];
  for (const d of v.decisions) {
    out.push(...derivedMutants(d));
    for (const r of d.rules) out.push(...mutantsOfRule(d, r));
  }
  const read = columnsRead(v);
  for (const t of v.tables) out.push(...tableMutants(v, t, read));
  return out.sort((a, b) => a.loc.file.localeCompare(b.loc.file) || a.loc.line - b.loc.line || a.loc.column - b.loc.column);
}
