/**
 * What each rule reads: the request facts and derived facts its conditions and
 * `outcomeFrom` depend on, followed through derived facts to the request facts
 * underneath. The loader uses it to demand a stated meaning for every optional
 * fact a rule reads; the compiler uses it to know which lookups an answer rests on.
 */
import { ExprSyntaxError, type Expr } from '../expr/ast.js';
import { functionSpec } from '../expr/functions.js';
import { parseExpr } from '../expr/parse.js';
import type { Condition, Decision, Rule } from './model.js';

export interface RuleReads {
  /** Request fact paths read, directly or through derived facts. */
  facts: Set<string>;
  /** Derived facts read, directly or through other derived facts. */
  derived: Set<string>;
}

/**
 * The facts an expression refers to (not the table, column and field names that some functions take
 * as bare names); an expression that does not parse refers to nothing (the loader reports it).
 */
export function exprRefs(src: string): string[] {
  let ast: Expr;
  try {
    ast = parseExpr(src);
  } catch (e) {
    if (e instanceof ExprSyntaxError) return [];
    throw e;
  }
  const out: string[] = [];
  const stack: Expr[] = [ast];
  while (stack.length) {
    const e = stack.pop()!;
    if (e.t === 'ref') out.push(e.name);
    else if (e.t === 'unary') stack.push(e.e);
    else if (e.t === 'bin') stack.push(e.l, e.r);
    else if (e.t === 'call') {
      const names = functionSpec(e.fn)?.nameArgs ?? [];
      e.args.forEach((a, i) => {
        if (!names.includes(i)) stack.push(a);
      });
    }
  }
  return out;
}

/** Names read directly by a condition tree (fact paths, derived facts, built-ins). */
export function conditionRefs(c: Condition): string[] {
  const out: string[] = [];
  const walk = (x: Condition) => {
    if (x.kind === 'all' || x.kind === 'any') x.items.forEach(walk);
    else if (x.kind === 'not') walk(x.item);
    else {
      if (x.left.kind === 'fact') out.push(x.left.fact);
      else out.push(...exprRefs(x.left.expr));
      if (x.value?.kind === 'fact') out.push(x.value.fact);
      else if (x.value?.kind === 'expr') out.push(...exprRefs(x.value.expr));
    }
  };
  walk(c);
  return out;
}

/** Follows names through derived facts; built-ins (peildatum, vandaag) are neither. */
export function createReadResolver(d: Decision, builtIns: readonly string[]) {
  const derivedRefs = new Map(d.derived.map((x) => [x.name, exprRefs(x.expr)]));
  return (names: Iterable<string>): RuleReads => {
    const facts = new Set<string>();
    const derived = new Set<string>();
    const stack = [...names];
    while (stack.length) {
      const n = stack.pop()!;
      if (builtIns.includes(n)) continue;
      const refs = derivedRefs.get(n);
      if (refs) {
        if (derived.has(n)) continue; // also guards against cycles, which the loader reports
        derived.add(n);
        stack.push(...refs);
      } else facts.add(n);
    }
    return { facts, derived };
  };
}

/** What one rule reads to decide whether it fires and, with outcomeFrom, which outcome it gives. */
export function ruleReads(rule: Rule, resolve: ReturnType<typeof createReadResolver>): RuleReads {
  const names = conditionRefs(rule.when);
  if (rule.then.outcomeFrom) names.push(...exprRefs(rule.then.outcomeFrom));
  return resolve(names);
}

/**
 * The optional request facts behind a set of read paths: every prefix of a read
 * path that the schema lets a request leave out (toewijzing.omvang.eenheid reads
 * toewijzing.omvang when that may be null).
 */
export function optionalRoots(paths: Iterable<string>, optional: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const p of paths) {
    const parts = p.split('.');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('.');
      if (optional.has(prefix)) out.add(prefix);
    }
  }
  return out;
}
