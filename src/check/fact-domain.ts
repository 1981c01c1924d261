/**
 * The values a fact of a decision can take, read from its facts schema: a small enum (or a boolean)
 * is checked exhaustively; a fact the schema lets a request leave out, and every derived fact, can be
 * absent.
 */
import { BUILT_IN_FACTS, type FactSchema } from '../facts/fact-schemas.js';
import type { Decision } from '../load/model.js';
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

export function createDomainOf(d: Decision, schema: FactSchema | undefined): (fact: string) => FactDomain {
  const derived = new Set(d.derived.map((x) => x.name));
  const cache = new Map<string, FactDomain>();
  return (fact) => {
    let dom = cache.get(fact);
    if (dom) return dom;
    if ((BUILT_IN_FACTS as readonly string[]).includes(fact)) dom = { canBeAbsent: false };
    else if (derived.has(fact) || !schema || !schema.paths.has(fact)) dom = { canBeAbsent: true };
    else dom = { values: schemaEnum(schema.schema, fact), canBeAbsent: optionalRoots([fact], schema.optional).size > 0 };
    cache.set(fact, dom);
    return dom;
  };
}
