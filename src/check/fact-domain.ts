/**
 * The values a fact of a decision can take, read from its facts schema: a small enum (or a boolean)
 * is checked exhaustively; a fact the schema lets a request leave out, and every derived fact, can be
 * absent.
 */
import { BUILT_IN_FACTS, type FactSchema } from '../facts/fact-schemas.js';
import type { Expr } from '../expr/ast.js';
import { parseExpr } from '../expr/parse.js';
import type { Decision, Table } from '../load/model.js';
import { optionalRoots } from '../load/rule-reads.js';
import type { FactDomain } from './literal-logic.js';

type Node = Record<string, unknown>;

/** The schema nodes at a dotted path (several when anyOf/oneOf branches declare it). */
export function schemaNodes(schema: Node, path: string): Node[] {
  const resolve = (s: Node, depth = 0): Node => {
    const ref = s.$ref;
    if (depth < 12 && typeof ref === 'string' && ref.startsWith('#/')) {
      let node: unknown = schema;
      for (const seg of ref.slice(2).split('/')) node = (node as Node)?.[seg];
      return node && typeof node === 'object' ? resolve(node as Node, depth + 1) : {};
    }
    return s;
  };
  const expand = (s: Node, depth = 0): Node[] => {
    const r = resolve(s);
    const out = [r];
    if (depth > 12) return out;
    for (const k of ['anyOf', 'oneOf', 'allOf']) {
      const b = r[k];
      if (Array.isArray(b)) for (const x of b) out.push(...expand(x as Node, depth + 1));
    }
    return out;
  };
  let nodes = expand(schema);
  for (const seg of path.split('.')) {
    const next: Node[] = [];
    for (const n of nodes) {
      const props = n.properties as Record<string, Node> | undefined;
      if (props && props[seg]) next.push(...expand(props[seg]));
    }
    nodes = next;
  }
  return nodes;
}

/** The enum of a schema path (the union over its branches, null left out), when it has one in every branch. */
export function schemaEnum(schema: Node, path: string): unknown[] | undefined {
  const nodes = schemaNodes(schema, path).filter((n) => n.type !== 'null' && !n.anyOf && !n.oneOf);
  if (!nodes.length) return undefined;
  if (nodes.every((n) => n.type === 'boolean')) return [true, false];
  if (!nodes.every((n) => Array.isArray(n.enum) || n.const !== undefined)) return undefined;
  const out = nodes.flatMap((n) => (Array.isArray(n.enum) ? n.enum : [n.const])).filter((x) => x !== null);
  return [...new Set(out)];
}

/** The integer bounds of a schema path (`minimum`/`maximum` of every branch, null left out), when every branch is an integer. */
export function schemaBounds(schema: Node, path: string): { min: number; max: number } | undefined {
  const nodes = schemaNodes(schema, path).filter((n) => n.type !== 'null' && !n.anyOf && !n.oneOf);
  if (!nodes.length || !nodes.every((n) => n.type === 'integer')) return undefined;
  const num = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);
  return { min: Math.min(...nodes.map((n) => num(n.minimum, -Infinity))), max: Math.max(...nodes.map((n) => num(n.maximum, Infinity))) };
}

/** A derived fact that is exactly one `lookup` or `lookupAt` call: its table, column, date argument and key arguments. */
export function lookupCall(ast: Expr): { table: string; column: string; date?: Expr; keys: Expr[] } | undefined {
  if (ast.t !== 'call' || (ast.fn !== 'lookup' && ast.fn !== 'lookupAt')) return undefined;
  const at = ast.fn === 'lookupAt' ? 1 : 0;
  const name = (e: Expr | undefined) => (e?.t === 'ref' ? e.name : e?.t === 'str' ? e.v : undefined);
  const table = name(ast.args[at]);
  const column = name(ast.args[at + 1]);
  if (!table || !column) return undefined;
  return { table, column, date: at ? ast.args[0] : undefined, keys: ast.args.slice(at + 2) };
}

/**
 * The values a derived lookup can take: the column's values in the table's rows (any date), or absent.
 * The same range reading as the evaluator's for a missing key (src/evaluate/value-range.ts), without
 * the known keys that narrow it there.
 */
function lookupValues(expr: string, tables: readonly Table[]): unknown[] | undefined {
  let ast: Expr;
  try {
    ast = parseExpr(expr);
  } catch {
    return undefined;
  }
  const call = lookupCall(ast);
  const table = call && tables.find((t) => t.id === call.table);
  if (!call || !table || !table.columns.some((c) => c.name === call.column)) return undefined;
  const values = [...new Set(table.rows.map((r) => r.values[call.column] ?? null).filter((x) => x !== null))];
  return values.length && values.length <= 64 ? values : undefined;
}

/** The values of every fact a decision reads; `tables` (the version's) give the values of derived lookups. */
export function createDomainOf(d: Decision, schema: FactSchema | undefined, tables: readonly Table[] = []): (fact: string) => FactDomain {
  const derived = new Map(d.derived.map((x) => [x.name, x.expr]));
  const cache = new Map<string, FactDomain>();
  return (fact) => {
    let dom = cache.get(fact);
    if (dom) return dom;
    if ((BUILT_IN_FACTS as readonly string[]).includes(fact)) dom = { canBeAbsent: false };
    else if (derived.has(fact)) {
      const values = lookupValues(derived.get(fact)!, tables);
      dom = values ? { values, canBeAbsent: true, fromTable: true } : { canBeAbsent: true };
    } else if (!schema || !schema.paths.has(fact)) dom = { canBeAbsent: true };
    else dom = { values: schemaEnum(schema.schema, fact), canBeAbsent: optionalRoots([fact], schema.optional).size > 0 };
    cache.set(fact, dom);
    return dom;
  };
}
