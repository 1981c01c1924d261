/**
 * Compiles one decision of one version into immutable json-rules-engine rules
 * plus the closures that prepare facts and shape the answer.
 *
 * Stages, in order:
 *  1. hoist: expressions inside conditions become anonymous derived facts, so
 *     the engine only ever compares plain values;
 *  2. order derived facts so each is computed after what it reads;
 *  3. lower conditions to engine conditions over flat fact names;
 *  4. collect the fact paths the engine reads, to be flattened once per run.
 */
import type { RuleProperties, TopLevelCondition, NestedCondition } from 'json-rules-engine';
import { compileExpr, type CompiledExpr } from '../expr/compile-expr.js';
import { parseExpr } from '../expr/parse.js';
import { BUILT_IN_FACTS } from '../facts/fact-schemas.js';
import type { Condition, Decision, Then, ValueSpec } from '../load/model.js';

export interface CompiledThen {
  outcome?: string;
  outcomeFrom?: CompiledExpr;
  type: string;
  code?: string;
  message: string;
  params: [string, CompiledExpr][];
}

export interface CompiledRule {
  id: string;
  title: string;
  source: string;
  priority: number;
  index: number;
  then: CompiledThen;
  /** Hoisted fact name -> the expression text it stands for (for traces). */
}

export interface CompiledDecision {
  id: string;
  title: string;
  facts: string;
  referenceDate: string;
  outcomes: string[];
  /** Derived facts in dependency order (hoisted expressions included). */
  derived: { name: string; fn: CompiledExpr }[];
  /** Names the engine reads that come straight from the request facts. */
  factPaths: string[];
  /** Every name the engine reads: fact paths, derived facts and built-ins. */
  engineFacts: string[];
  engineRules: RuleProperties[];
  rules: Map<string, CompiledRule>;
  defaultRule: CompiledRule;
  /** Engine fact name -> readable text, for the trace. */
  labels: Map<string, string>;
}

function compileThen(then: Then): CompiledThen {
  return {
    outcome: then.outcome,
    outcomeFrom: then.outcomeFrom ? compileExpr(parseExpr(then.outcomeFrom)) : undefined,
    type: then.type,
    code: then.code,
    message: then.message,
    params: Object.entries(then.params).map(([k, src]) => [k, compileExpr(parseExpr(src))]),
  };
}

/** Dependency order for derived facts; the loader has already rejected cycles. */
function orderDerived(items: { name: string; refs: string[] }[]): string[] {
  const names = new Set(items.map((i) => i.name));
  const deps = new Map(items.map((i) => [i.name, i.refs.filter((r) => names.has(r))]));
  const done = new Set<string>();
  const order: string[] = [];
  const visit = (n: string) => {
    if (done.has(n)) return;
    done.add(n);
    for (const d of deps.get(n) ?? []) visit(d);
    order.push(n);
  };
  for (const i of items) visit(i.name);
  return order;
}

function refsOf(src: string): string[] {
  const out: string[] = [];
  const walk = (e: ReturnType<typeof parseExpr>): void => {
    if (e.t === 'ref') out.push(e.name);
    else if (e.t === 'unary') walk(e.e);
    else if (e.t === 'bin') { walk(e.l); walk(e.r); }
    else if (e.t === 'call') e.args.forEach(walk);
  };
  walk(parseExpr(src));
  return out;
}

export function compileDecision(d: Decision): CompiledDecision {
  const derivedSrc = new Map<string, string>(d.derived.map((x) => [x.name, x.expr]));
  const labels = new Map<string, string>();
  const hoisted = new Map<string, string>(); // expression text -> fact name, so equal expressions share one fact
  const hoist = (expr: string): string => {
    let name = hoisted.get(expr);
    if (!name) {
      name = `=${expr}`; // "=" cannot start a fact path or derived name, so no clash
      hoisted.set(expr, name);
      derivedSrc.set(name, expr);
      labels.set(name, expr);
    }
    return name;
  };

  const engineFacts = new Set<string>();
  const lowerValue = (v: ValueSpec | undefined): unknown => {
    if (!v) return true; // isSet / isNotSet ignore their value
    if (v.kind === 'literal') return v.value;
    const name = v.kind === 'fact' ? v.fact : hoist(v.expr);
    engineFacts.add(name);
    return { fact: name };
  };
  const lower = (c: Condition): NestedCondition => {
    switch (c.kind) {
      case 'all': return { all: c.items.map(lower) };
      case 'any': return { any: c.items.map(lower) };
      case 'not': return { not: lower(c.item) };
      case 'leaf': {
        const fact = c.left.kind === 'fact' ? c.left.fact : hoist(c.left.expr);
        engineFacts.add(fact);
        return { fact, operator: c.op, value: lowerValue(c.value) } as NestedCondition;
      }
    }
  };
  const top = (c: Condition): TopLevelCondition => {
    const l = lower(c);
    return ('all' in l || 'any' in l || 'not' in l ? l : { all: [l] }) as TopLevelCondition;
  };

  const engineRules: RuleProperties[] = d.rules.map((r) => ({
    name: r.id,
    // One engine priority for all rules: they run as one parallel set; the
    // rule format's priority only decides which outcome wins (see evaluate).
    priority: 1,
    conditions: top(r.when),
    event: { type: r.id },
  }));

  const items = [...derivedSrc].map(([name, src]) => ({ name, refs: refsOf(src) }));
  const derived = orderDerived(items).map((name) => ({ name, fn: compileExpr(parseExpr(derivedSrc.get(name)!)) }));
  const derivedNames = new Set(derivedSrc.keys());
  const factPaths = [...engineFacts].filter((n) => !derivedNames.has(n) && !(BUILT_IN_FACTS as readonly string[]).includes(n));

  const rules = new Map<string, CompiledRule>(
    d.rules.map((r) => [r.id, { id: r.id, title: r.title, source: r.source, priority: r.priority, index: r.index, then: compileThen(r.then) }]),
  );
  const defaultRule: CompiledRule = {
    id: d.default.id, title: d.default.title, source: d.default.source, priority: 0, index: d.rules.length, then: compileThen(d.default.then),
  };
  return {
    id: d.id, title: d.title, facts: d.facts, referenceDate: d.referenceDate, outcomes: d.outcomes,
    derived, factPaths, engineFacts: [...engineFacts], engineRules, rules, defaultRule, labels,
  };
}
