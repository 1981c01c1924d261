import type { Expr } from './ast.js';
import { FUNCTIONS, functionSpec } from './functions.js';

export interface ExprProblem {
  code: 'unknown_fact' | 'unknown_function' | 'unknown_table' | 'unknown_column' | 'bad_expression';
  message: string;
  pos: number;
}

export interface ExprEnv {
  /** True when a name can be read: a fact path, a derived fact or a built-in. */
  knows(name: string): boolean;
  /** Key and column names of a table, or undefined when it does not exist. */
  table(name: string): { keys: string[]; columns: string[] } | undefined;
}

/** Walks an expression and reports every unknown name, function, table or column and every wrong arity. */
export function checkExpr(e: Expr, env: ExprEnv): { problems: ExprProblem[]; refs: string[] } {
  const problems: ExprProblem[] = [];
  const refs: string[] = [];
  const walk = (x: Expr): void => {
    switch (x.t) {
      case 'ref':
        refs.push(x.name);
        if (!env.knows(x.name)) problems.push({ code: 'unknown_fact', message: `onbekend feit '${x.name}'`, pos: x.pos });
        return;
      case 'unary':
        return walk(x.e);
      case 'bin':
        walk(x.l);
        walk(x.r);
        return;
      case 'call':
        return checkCall(x);
      default:
        return;
    }
  };
  const checkCall = (x: Extract<Expr, { t: 'call' }>) => {
    const spec = functionSpec(x.fn);
    if (!spec) {
      problems.push({ code: 'unknown_function', message: `onbekende functie '${x.fn}' (bekend: ${Object.keys(FUNCTIONS).join(', ')})`, pos: x.pos });
      return;
    }
    if (x.args.length < spec.min || x.args.length > spec.max) {
      const n = spec.min === spec.max ? `${spec.min}` : `${spec.min} tot ${spec.max}`;
      problems.push({ code: 'bad_expression', message: `${x.fn} verwacht ${n} argumenten, kreeg ${x.args.length}`, pos: x.pos });
      return;
    }
    const names = new Map<number, string>();
    x.args.forEach((a, i) => {
      if (spec.nameArgs.includes(i)) {
        if (a.t !== 'ref' && a.t !== 'str') problems.push({ code: 'bad_expression', message: `argument ${i + 1} van ${x.fn} moet een naam zijn`, pos: a.pos });
        else names.set(i, a.t === 'ref' ? a.name : a.v);
      } else walk(a);
    });
    const tableArg = x.fn === 'lookupAt' ? 1 : x.fn.startsWith('lookup') || x.fn === 'values' ? 0 : -1;
    if (tableArg < 0) return;
    const tableName = names.get(tableArg);
    const column = names.get(tableArg + 1);
    if (tableName === undefined || column === undefined) return;
    const table = env.table(tableName);
    if (!table) {
      problems.push({ code: 'unknown_table', message: `onbekende tabel '${tableName}'`, pos: x.args[tableArg].pos });
      return;
    }
    if (!table.columns.includes(column)) {
      problems.push({ code: 'unknown_column', message: `tabel '${tableName}' heeft geen kolom '${column}'`, pos: x.args[tableArg + 1].pos });
    }
    if (x.fn === 'values') return;
    const keyCount = x.fn === 'lookupEach' ? 1 : x.args.length - tableArg - 2;
    if (keyCount !== table.keys.length) {
      problems.push({
        code: 'bad_expression',
        message: `tabel '${tableName}' heeft ${table.keys.length} sleutel(s) (${table.keys.join(', ')}), ${x.fn} geeft er ${keyCount}`,
        pos: x.pos,
      });
    }
  };
  walk(e);
  return { problems, refs };
}
