/**
 * Compiles one decision of one version into immutable json-rules-engine rules
 * plus the closures that prepare facts and shape the answer.
 *
 * Stages, in order:
 *  1. hoist: expressions inside conditions become anonymous derived facts, so
 *     the engine only ever compares plain values;
 *  2. order derived facts so each is computed after what it reads;
 *  3. lower conditions to engine conditions over flat fact names;
 *  4. collect the fact paths the engine reads, to be flattened once per run;
 *  5. plan the gates (comparisons with a constant, settled before the run;
 *     needs the rules' missing-fact meanings from 4).
 */
import type { RuleProperties, TopLevelCondition, NestedCondition } from 'json-rules-engine';
import { factPointer } from '../base/json-pointer.js';
import type { Expr } from '../expr/ast.js';
import { compileExpr, type CompiledExpr } from '../expr/compile-expr.js';
import { parseExpr } from '../expr/parse.js';
import { BUILT_IN_FACTS } from '../facts/fact-schemas.js';
import type { Condition, Decision, MissingDecl, MissingMeaning, RequiredIf, Rule, Then, ValueSpec } from '../load/model.js';
import { createReadResolver, exprRefs as refsOf, optionalRoots, ruleReads } from '../load/rule-reads.js';
import { planGates, type GatePlan } from './gates.js';
import type { MissingCheck } from './missing-check.js';

export type { MissingCheck };

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
  illustrative: boolean;
  note?: string;
  /** What a missing fact means for this rule: its own `ontbreekt` over the decision's, for what it reads. */
  missing: MissingCheck[];
  /** Every derived fact (hoisted expressions included) the rule's conditions read, transitively. */
  reads: string[];
  /**
   * Engine fact name -> the keys of `missing` (meaning onvoldoende_gegevens or signaal) it depends
   * on: a condition on such a fact is unknown when one of those keys is absent.
   */
  unknownIf: Map<string, string[]>;
}

export interface CompiledDecision {
  id: string;
  title: string;
  facts: string;
  referenceDate: string;
  outcomes: string[];
  /** Derived facts in dependency order (hoisted expressions included), with their syntax trees for the range reading. */
  derived: { name: string; fn: CompiledExpr; ast: Expr }[];
  /** The decision's facts schema (for the values a missing fact can still take: src/evaluate/value-range.ts). */
  factSchema?: Record<string, unknown>;
  /** Names the engine reads that come straight from the request facts. */
  factPaths: string[];
  /** Every name the engine reads: fact paths, derived facts and built-ins. */
  engineFacts: string[];
  engineRules: RuleProperties[];
  rules: Map<string, CompiledRule>;
  /** The rules with a stated meaning for a missing fact they read, checked on every run. */
  guarded: CompiledRule[];
  defaultRule: CompiledRule;
  /** Engine fact name -> readable text, for the trace. */
  labels: Map<string, string>;
  /** The comparisons settled before the run, to hand the engine only the rules that can fire (without explain). */
  gates: GatePlan;
}

export const pointerOf = factPointer;

/** The longest common dotted prefix of some fact paths (the first path when they share none). */
function commonPrefix(paths: string[]): string {
  if (!paths.length) return '';
  const split = paths.map((p) => p.split('.'));
  const out: string[] = [];
  for (let i = 0; split.every((s) => i < s.length && s[i] === split[0][i]); i++) out.push(split[0][i]);
  return out.length ? out.join('.') : paths[0];
}

/** A rule's stated meanings of missing facts: its own over the decision's, limited to what it reads. */
function missingChecks(d: Decision, r: Rule, optional: ReadonlySet<string>, resolve: ReturnType<typeof createReadResolver>): MissingCheck[] {
  const reads = ruleReads(r, resolve);
  const roots = optionalRoots(reads.facts, optional);
  const derivedNames = new Set(d.derived.map((x) => x.name));
  const byKey = new Map<string, MissingDecl>();
  for (const decl of d.missing) if (roots.has(decl.fact) || reads.derived.has(decl.fact)) byKey.set(decl.fact, decl);
  for (const decl of r.missing) byKey.set(decl.fact, decl);
  return [...byKey.values()].map((decl) => {
    const derived = derivedNames.has(decl.fact);
    const inputs = derived ? [...resolve([decl.fact]).facts].sort() : undefined;
    const path = inputs ? commonPrefix(inputs) : decl.fact;
    // A `voorwaarde` the form of the other facts can make required: missing information there (known-facts.ts absent()).
    const check: MissingCheck = { key: decl.fact, derived, meaning: decl.requiredIf ? 'onvoldoende_gegevens' : decl.meaning, pointer: pointerOf(path), message: decl.message };
    if (inputs) check.inputs = inputs;
    if (decl.requiredIf) check.requiredIf = decl.requiredIf;
    return check;
  });
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


/**
 * @param optional the request fact paths the decision's facts schema lets a request leave out; the
 *   loader has checked that every one a rule reads has a stated meaning (`ontbreekt`).
 */
export function compileDecision(d: Decision, optional: ReadonlySet<string> = new Set(), factSchema?: Record<string, unknown>): CompiledDecision {
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
  let ruleFacts = new Set<string>(); // the engine facts of the rule being lowered
  const lowerValue = (v: ValueSpec | undefined): unknown => {
    if (!v) return true; // isSet / isNotSet ignore their value
    if (v.kind === 'literal') return v.value;
    const name = v.kind === 'fact' ? v.fact : hoist(v.expr);
    engineFacts.add(name);
    ruleFacts.add(name);
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
        ruleFacts.add(fact);
        return { fact, operator: c.op, value: lowerValue(c.value) } as NestedCondition;
      }
    }
  };
  const top = (c: Condition): TopLevelCondition => {
    const l = lower(c);
    return ('all' in l || 'any' in l || 'not' in l ? l : { all: [l] }) as TopLevelCondition;
  };

  const factsOfRule = new Map<string, Set<string>>();
  const engineRules: RuleProperties[] = d.rules.map((r) => {
    ruleFacts = new Set();
    const conditions = top(r.when);
    factsOfRule.set(r.id, ruleFacts);
    return {
      name: r.id,
      // One engine priority for all rules: they run as one parallel set; the
      // rule format's priority only decides which outcome wins (see evaluate).
      priority: 1,
      conditions,
      event: { type: r.id },
    };
  });

  const items = [...derivedSrc].map(([name, src]) => ({ name, refs: refsOf(src) }));
  const derived = orderDerived(items).map((name) => {
    const ast = parseExpr(derivedSrc.get(name)!);
    return { name, fn: compileExpr(ast), ast };
  });
  const derivedNames = new Set(derivedSrc.keys());
  const factPaths = [...engineFacts].filter((n) => !derivedNames.has(n) && !(BUILT_IN_FACTS as readonly string[]).includes(n));

  const refsByDerived = new Map(items.map((i) => [i.name, i.refs]));
  const derivedClosure = (names: Iterable<string>): string[] => {
    const seen = new Set<string>();
    const stack = [...names];
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n) || !refsByDerived.has(n)) continue;
      seen.add(n);
      stack.push(...refsByDerived.get(n)!);
    }
    return [...seen];
  };
  /** The request paths and derived names behind an engine fact. */
  const depsOf = (name: string): string[] => {
    const derivedNames = derivedClosure([name]);
    const out = new Set<string>(derivedNames.length ? derivedNames : [name]);
    for (const x of derivedNames) for (const ref of refsByDerived.get(x)!) if (!refsByDerived.has(ref)) out.add(ref);
    return [...out];
  };
  const dependsOn = (deps: string[], key: string) => deps.some((p) => p === key || p.startsWith(key + '.'));
  const resolve = createReadResolver(d, BUILT_IN_FACTS);
  const rules = new Map<string, CompiledRule>(
    d.rules.map((r) => {
      const missing = missingChecks(d, r, optional, resolve);
      const uncertain = missing.filter((m) => m.meaning === 'onvoldoende_gegevens' || m.meaning === 'signaal').map((m) => m.key);
      const unknownIf = new Map<string, string[]>();
      if (uncertain.length) {
        for (const fact of factsOfRule.get(r.id)!) {
          const deps = depsOf(fact);
          const keys = uncertain.filter((k) => dependsOn(deps, k));
          if (keys.length) unknownIf.set(fact, keys);
        }
      }
      return [r.id, {
        id: r.id, title: r.title, source: r.source, priority: r.priority, index: r.index, then: compileThen(r.then),
        illustrative: r.illustrative, note: r.note, missing, unknownIf,
        reads: derivedClosure([...factsOfRule.get(r.id)!, ...(r.then.outcomeFrom ? refsOf(r.then.outcomeFrom) : [])]),
      }];
    }),
  );
  const defaultRule: CompiledRule = {
    id: d.default.id, title: d.default.title, source: d.default.source, priority: 0, index: d.rules.length, then: compileThen(d.default.then),
    illustrative: false, missing: [], reads: [], unknownIf: new Map(),
  };
  // Last: gates need each rule's facts and what a missing fact makes unknown.
  const gates = planGates(engineRules, (id) => factsOfRule.get(id)!, (id, fact) => {
    const r = rules.get(id)!;
    const keys = r.unknownIf.get(fact) ?? [];
    return r.missing.filter((m) => keys.includes(m.key));
  });
  return {
    id: d.id, title: d.title, facts: d.facts, referenceDate: d.referenceDate, outcomes: d.outcomes,
    derived, factSchema, factPaths, engineFacts: [...engineFacts], engineRules, rules, defaultRule, labels, gates,
    guarded: [...rules.values()].filter((r) => r.missing.length > 0),
  };
}
