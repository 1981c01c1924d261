import type { Expr } from './ast.js';
import { callPure, fieldOf, FUNCTIONS, functionSpec } from './functions.js';

/** What a compiled expression reads at run time. */
export interface ExprScope {
  /** A fact path, derived fact or built-in; undefined when absent. */
  get(name: string): unknown;
  /** A table cell for the given keys on a date; null when no row matches. */
  lookup(table: string, column: string, keys: unknown[], date: string): unknown;
  /** A column of every row valid on a date (in table order). */
  column(table: string, column: string, date: string): unknown[];
  referenceDate: string;
}

export type CompiledExpr = (scope: ExprScope) => unknown;

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function nameOf(e: Expr): string {
  if (e.t === 'ref') return e.name;
  if (e.t === 'str') return e.v;
  throw new Error('name argument expected (checked before compiling)');
}

/** Turns a checked syntax tree into a closure; null propagates through arithmetic. */
export function compileExpr(e: Expr): CompiledExpr {
  switch (e.t) {
    case 'num':
    case 'str':
    case 'bool': {
      const v = e.v;
      return () => v;
    }
    case 'null':
      return () => null;
    case 'ref': {
      const name = e.name;
      return (s) => s.get(name) ?? null;
    }
    case 'unary': {
      const inner = compileExpr(e.e);
      if (e.op === 'not') return (s) => !truthy(inner(s));
      return (s) => {
        const v = inner(s);
        return isNum(v) ? -v : null;
      };
    }
    case 'bin':
      return compileBinary(e.op, compileExpr(e.l), compileExpr(e.r));
    case 'call':
      return compileCall(e);
  }
}

function truthy(v: unknown): boolean {
  return v !== null && v !== undefined && v !== false;
}

function compileBinary(op: string, l: CompiledExpr, r: CompiledExpr): CompiledExpr {
  switch (op) {
    case 'and': return (s) => truthy(l(s)) && truthy(r(s));
    case 'or': return (s) => truthy(l(s)) || truthy(r(s));
    case '==': return (s) => l(s) === r(s);
    case '!=': return (s) => l(s) !== r(s);
  }
  const arith = (f: (a: number, b: number) => number | null): CompiledExpr => (s) => {
    const a = l(s);
    const b = r(s);
    return isNum(a) && isNum(b) ? f(a, b) : null;
  };
  const compare = (f: (c: number) => boolean): CompiledExpr => (s) => {
    const a = l(s);
    const b = r(s);
    if (isNum(a) && isNum(b)) return f(a - b);
    if (typeof a === 'string' && typeof b === 'string') return f(a < b ? -1 : a > b ? 1 : 0);
    return false;
  };
  switch (op) {
    case '+': return arith((a, b) => a + b);
    case '-': return arith((a, b) => a - b);
    case '*': return arith((a, b) => a * b);
    case '/': return arith((a, b) => (b === 0 ? null : a / b));
    case '<': return compare((c) => c < 0);
    case '<=': return compare((c) => c <= 0);
    case '>': return compare((c) => c > 0);
    case '>=': return compare((c) => c >= 0);
  }
  throw new Error(`unknown operator ${op}`);
}

function compileCall(e: Extract<Expr, { t: 'call' }>): CompiledExpr {
  const spec = functionSpec(e.fn);
  if (!spec) throw new Error(`unknown function ${e.fn} (checked before compiling)`);
  const valueArgs = e.args.map((a, i) => (spec.nameArgs.includes(i) ? undefined : compileExpr(a)));
  const names = e.args.map((a, i) => (spec.nameArgs.includes(i) ? nameOf(a) : ''));
  // The value arguments of a plain function, fixed at compile time: a call makes one array of values, nothing else.
  const plain = valueArgs.filter((f): f is CompiledExpr => f !== undefined);
  switch (e.fn) {
    case 'if': {
      const [c, a, b] = valueArgs as CompiledExpr[];
      return (s) => (truthy(c(s)) ? a(s) : b(s));
    }
    case 'lookup': {
      const keys = valueArgs.slice(2) as CompiledExpr[];
      return (s) => s.lookup(names[0], names[1], keys.map((k) => k(s)), s.referenceDate);
    }
    case 'lookupAt': {
      const date = valueArgs[0] as CompiledExpr;
      const keys = valueArgs.slice(3) as CompiledExpr[];
      return (s) => {
        const d = date(s);
        return typeof d === 'string' ? s.lookup(names[1], names[2], keys.map((k) => k(s)), d) : null;
      };
    }
    case 'lookupEach': {
      const list = valueArgs[2] as CompiledExpr;
      return (s) => {
        const l = list(s);
        return Array.isArray(l) ? l.map((k) => s.lookup(names[0], names[1], [k], s.referenceDate)) : null;
      };
    }
    case 'values':
      return (s) => s.column(names[0], names[1], s.referenceDate);
    case 'pluck': {
      const list = valueArgs[0] as CompiledExpr;
      const field = names[1];
      return (s) => {
        const l = list(s);
        return Array.isArray(l) ? l.map((item) => fieldOf(item, field) ?? null) : null;
      };
    }
    case 'sum': {
      const list = valueArgs[0] as CompiledExpr;
      const field = e.args.length > 1 ? names[1] : undefined;
      return (s) => {
        const l = list(s);
        if (!Array.isArray(l)) return null;
        let total = 0;
        for (const item of l) {
          const v = field ? fieldOf(item, field) : item;
          if (!isNum(v)) return null;
          total += v;
        }
        return total;
      };
    }
    default: {
      // The function table's own key (an internalized string), so callPure's switch matches by identity.
      const fn = Object.keys(FUNCTIONS).find((k) => k === e.fn) ?? e.fn;
      if (plain.length === 1) {
        const [a] = plain;
        return (s) => callPure(fn, [a(s)]);
      }
      if (plain.length === 2) {
        const [a, b] = plain;
        return (s) => callPure(fn, [a(s), b(s)]);
      }
      return (s) => {
        const args = new Array<unknown>(plain.length);
        for (let i = 0; i < plain.length; i++) args[i] = plain[i](s);
        return callPure(fn, args);
      };
    }
  }
}
