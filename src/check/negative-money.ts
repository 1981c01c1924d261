/**
 * Money that can come out negative: an expression (a derived fact, a message parameter, outcomeFrom)
 * that subtracts from an amount read from a `money` column, negates one, or combines one with a
 * negative number. Amounts are never negative (a tariff, a budget, a declared amount), so such an
 * expression is an error at its own position (file:line:col of the operator or the number), unless
 * it is bounded: inside `max(0, ...)` (or max with any non-negative number) or `abs(...)`.
 * "Money-valued" follows the values: a lookup (lookup, lookupEach, values) of a money column, a
 * derived fact computed from one, and sums, products, min/max/round/if/coalesce of those.
 */
import type { Expr } from '../expr/ast.js';
import { parseExpr } from '../expr/parse.js';
import type { Decision, Loc, RuleSetVersion } from '../load/model.js';
import type { Finding } from './finding.js';

type Version = Pick<RuleSetVersion, 'tables' | 'files'>;
/** Functions that read a table column by name (arguments 0 and 1). */
const LOOKUPS = new Set(['lookup', 'lookupEach', 'values']);
/** Functions whose value is one of (or made from) their arguments. */
const PASS_ON = new Set(['sum', 'sumProduct', 'min', 'max', 'coalesce', 'round', 'floor', 'ceil', 'abs', 'minAtLeast']);

interface Place { file: string; line: number; column: number }
interface Problem { pos: number; message: string }

const negativeNumber = (e: Expr): number | undefined =>
  e.t === 'num' && e.v < 0 ? e.v : e.t === 'unary' && e.op === '-' && e.e.t === 'num' && e.e.v > 0 ? -e.e.v : undefined;
const nonNegativeNumber = (e: Expr) => e.t === 'num' && e.v >= 0;

class MoneyOf {
  private readonly derived = new Set<string>();
  constructor(private readonly columns: Set<string>) {}
  /** Marks derived facts computed from money, in order until nothing changes (they may refer to each other). */
  learn(derived: { name: string; ast: Expr | undefined }[]): void {
    for (let changed = true; changed;) {
      changed = false;
      for (const d of derived) if (d.ast && !this.derived.has(d.name) && this.is(d.ast)) { this.derived.add(d.name); changed = true; }
    }
  }
  is(e: Expr): boolean {
    switch (e.t) {
      case 'ref': return this.derived.has(e.name);
      case 'unary': return e.op === '-' && this.is(e.e);
      case 'bin': return ['+', '-', '*', '/'].includes(e.op) && (this.is(e.l) || this.is(e.r));
      case 'call':
        if (LOOKUPS.has(e.fn)) return e.args[0]?.t === 'ref' && e.args[1]?.t === 'ref' && this.columns.has(`${e.args[0].name}.${e.args[1].name}`);
        if (e.fn === 'if') return e.args.slice(1).some((a) => this.is(a));
        return PASS_ON.has(e.fn) && e.args.some((a) => this.is(a));
      default: return false;
    }
  }
}

/** Where an expression's amount can go below zero, by offset in its text. */
function problems(e: Expr, money: MoneyOf, out: Problem[] = []): Problem[] {
  if (e.t === 'call' && (e.fn === 'abs' || (e.fn === 'max' && e.args.some(nonNegativeNumber)))) return out; // bounded below
  if (e.t === 'bin' && e.op === '-' && (money.is(e.l) || money.is(e.r))) {
    out.push({ pos: e.pos, message: 'trekt een bedrag af, dus de uitkomst kan negatief zijn' });
  } else if (e.t === 'unary' && e.op === '-' && money.is(e.e)) {
    out.push({ pos: e.pos, message: 'maakt een bedrag negatief' });
  } else if ((e.t === 'bin' || e.t === 'call') && money.is(e)) {
    for (const a of e.t === 'bin' ? [e.l, e.r] : e.args) {
      const n = negativeNumber(a);
      if (n !== undefined) out.push({ pos: a.pos, message: `rekent met het negatieve getal ${n} in een bedrag` });
    }
  }
  if (e.t === 'unary') problems(e.e, money, out);
  if (e.t === 'bin') { problems(e.l, money, out); problems(e.r, money, out); }
  if (e.t === 'call') for (const a of e.args) problems(a, money, out);
  return out;
}

const parse = (src: string): Expr | undefined => {
  try { return parseExpr(src); } catch { return undefined; } // the loader reports syntax errors
};

export function checkNegativeMoney(v: Version, d: Decision): Finding[] {
  const columns = new Set(v.tables.flatMap((t) => t.columns.filter((c) => c.type === 'money').map((c) => `${t.id}.${c.name}`)));
  if (!columns.size) return [];
  const money = new MoneyOf(columns);
  const derived = d.derived.map((x) => ({ name: x.name, ast: parse(x.expr), src: x.expr, loc: x.loc as Pick<Loc, 'file' | 'line' | 'column'> }));
  money.learn(derived);
  const f = v.files.get(d.file);
  const at = (path: (string | number)[], fallback: Loc): Place => (f ? { file: d.file, ...f.locate(path) } : fallback);
  // A scalar's column, plus one for its opening quote: where offset 0 of the expression is.
  const startOf = (place: Place): number => {
    const line = f?.text.split('\n')[place.line - 1] ?? '';
    return place.column + (/^["']/.test(line.slice(place.column - 1)) ? 1 : 0);
  };
  const exprs: { what: string; src: string; place: Place }[] = derived.map((x) => ({ what: `afgeleid feit '${x.name}'`, src: x.src, place: x.loc }));
  d.rules.forEach((r, i) => {
    if (r.then.outcomeFrom) exprs.push({ what: `regel '${r.id}'`, src: r.then.outcomeFrom, place: at(['rules', i, 'then', 'outcomeFrom'], r.loc) });
    for (const [k, src] of Object.entries(r.then.params)) exprs.push({ what: `regel '${r.id}' (parameter ${k})`, src, place: at(['rules', i, 'then', 'params', k], r.loc) });
  });
  for (const [k, src] of Object.entries(d.default.then.params)) exprs.push({ what: `de default '${d.default.id}' (parameter ${k})`, src, place: at(['default', 'then', 'params', k], d.default.loc) });
  const out: Finding[] = [];
  for (const x of exprs) {
    const ast = parse(x.src);
    if (!ast) continue;
    for (const p of problems(ast, money)) {
      out.push({
        severity: 'fout', code: 'negative_money', file: x.place.file, line: x.place.line, column: startOf(x.place) + p.pos,
        message: `${x.what} ${p.message}: '${x.src}'; een bedrag is nooit negatief (begrens met max(0, ...) als dat de bedoeling is)`,
      });
    }
  }
  return out;
}
