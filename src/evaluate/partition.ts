/**
 * Per run, settles a decision's gates (src/compile/gates.ts) and picks the
 * partition of its rules that can fire: the rules without a false gate, each
 * with its true gates folded away. Partitions are built on first use and kept
 * per compiled decision (immutable, like the rules), each with its own pool of
 * engines. Past MAX_PARTITIONS combinations a run's partition is built for that
 * run alone and not kept (with an engine of its own): a corpus with more
 * combinations than the cap costs a build and an engine per run, not the whole
 * rule set (no cliff: the bench reports both speeds).
 *
 * Besides the compiler's gates (a fact against a constant), the other direct
 * parts of a rule's top-level `all`, and the whole condition of a rule whose
 * top is `any` or `not`, are settled the same way when they consist of plain
 * comparisons (of a fact with a constant or with another fact, under
 * all/any/not): every fact the engine reads is known before it runs, and each
 * comparison is made by the same operator definition the engine is given
 * (src/compile/operators.ts) on the values the engine would read. Such a part
 * stays open as a whole when a missing fact makes any comparison in it unknown
 * (the rule's `unknownIf`), exactly as a gate does.
 *
 * This is the fast path: on typical cases every condition is settled here and
 * the engine only runs rules whose conditions were folded to "always". Its
 * answers are proven identical to json-rules-engine deciding every condition
 * (evaluate's `fastPath: false`) by test/evaluate/differential.test.ts.
 *
 * Only for runs without a trace: `explain` shows every rule's conditions as
 * the engine evaluated them, so it always runs the whole set.
 */
import type { Engine, NestedCondition, RuleProperties } from 'json-rules-engine';
import type { CompiledDecision, MissingCheck } from '../compile/compile-decision.js';
import { ruleOperator } from '../compile/operators.js';
import { absent, engineValue, type KnownFacts } from './known-facts.js';

export interface Partition {
  /** The rules handed to the engine, with their true gates folded away. */
  rules: RuleProperties[];
  /** Their names: a rule not in here had a false gate, so it cannot fire. */
  included: ReadonlySet<string>;
  /** The engine facts these conditions read. */
  facts: string[];
  /** Engines holding exactly these rules, free to borrow. */
  pool: Engine[];
}

/** Enough for every combination real cases make (the bench counts them on a generated corpus). */
const MAX_PARTITIONS = 512;
let cap = MAX_PARTITIONS;

/** For the bench and tests: keep at most `n` partitions per decision from now on (0: none); returns the cap it replaced. */
export function setPartitionCap(n: number): number {
  const was = cap;
  cap = n;
  return was;
}

type Op = { evaluate(factValue: unknown, value: unknown): boolean };
/** The project's operator definitions (src/compile/operators.ts), the same ones the engine is given (also read by value-range.ts). */
export const operators = { get: (name: string): Op | null => ruleOperator(name) ?? null };

const partitions = new WeakMap<CompiledDecision, Map<string, Partition>>();

function factsOf(conditions: NestedCondition[], out: Set<string>): Set<string> {
  for (const c of conditions as Record<string, unknown>[]) {
    if (Array.isArray(c.all)) factsOf(c.all, out);
    else if (Array.isArray(c.any)) factsOf(c.any, out);
    else if (c.not) factsOf([c.not as NestedCondition], out);
    else {
      out.add(c.fact as string);
      const v = c.value as { fact?: unknown } | null;
      if (v && typeof v === 'object' && typeof v.fact === 'string') out.add(v.fact);
    }
  }
  return out;
}

/**
 * A condition the compiler did not make a gate, in a form that can be settled before the run: a
 * comparison of a fact with a constant or with another fact, or all/any/not of such comparisons.
 */
type Settleable =
  | { kind: 'leaf'; fact: number; op: Op | null; value: unknown; other: number; openIf: MissingCheck[] }
  | { kind: 'all' | 'any'; of: Settleable[] }
  | { kind: 'not'; of: Settleable };

interface SettlePlan {
  /** Every engine fact a gate test or a settleable part reads, each read once per run. */
  facts: string[];
  /** Per gate test (d.gates.tests): its fact's index in `facts`, and its operator. */
  tests: { fact: number; op: Op | null }[];
  parts: Settleable[];
  /** Scratch for one run: the gate tests' results, and the partition key's character codes (gates, then parts). */
  settled: boolean[];
  key: number[];
  /** A top-level `all` part's condition object (shared with the gate plan) -> its index in `parts`. */
  at: Map<NestedCondition, number>;
  /** A rule whose top is not `all` (by index into engineRules) -> the index of its whole condition in `parts`. */
  whole: Map<number, number>;
}

const settlePlans = new WeakMap<CompiledDecision, SettlePlan>();
const LEAF_KEYS = new Set(['fact', 'operator', 'value', 'priority']);

/**
 * The settleable form of `c`, or undefined when any part reads more than plain facts (a path,
 * params, a condition reference): then the engine alone decides it.
 */
function settleable(c: NestedCondition, openIf: (fact: string) => MissingCheck[], factAt: (fact: string) => number): Settleable | undefined {
  const x = c as Record<string, unknown>;
  for (const op of ['all', 'any'] as const) {
    if (x[op] === undefined) continue;
    if (!Array.isArray(x[op])) return undefined;
    const of: Settleable[] = [];
    for (const part of x[op] as NestedCondition[]) {
      const s = settleable(part, openIf, factAt);
      if (!s) return undefined;
      of.push(s);
    }
    return { kind: op, of };
  }
  if (x.not !== undefined) {
    const of = settleable(x.not as NestedCondition, openIf, factAt);
    return of && { kind: 'not', of };
  }
  if (typeof x.fact !== 'string' || typeof x.operator !== 'string' || !('value' in x)) return undefined;
  for (const k in x) if (!LEAF_KEYS.has(k)) return undefined;
  const v = x.value;
  let other: string | undefined;
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'fact' in v) {
    // The engine reads a fact on the right: only a plain `{ fact }` is settled here.
    for (const k in v) if (k !== 'fact') return undefined;
    if (typeof (v as { fact: unknown }).fact !== 'string') return undefined;
    other = (v as { fact: string }).fact;
  }
  return {
    kind: 'leaf', fact: factAt(x.fact), op: operators.get(x.operator), value: v, other: other === undefined ? -1 : factAt(other),
    openIf: other === undefined ? openIf(x.fact) : [...openIf(x.fact), ...openIf(other)],
  };
}

function settlePlanOf(d: CompiledDecision): SettlePlan {
  let plan = settlePlans.get(d);
  if (plan) return plan;
  const facts = new Map<string, number>();
  const factAt = (fact: string) => {
    let i = facts.get(fact);
    if (i === undefined) facts.set(fact, (i = facts.size));
    return i;
  };
  plan = { facts: [], tests: d.gates.tests.map((t) => ({ fact: factAt(t.fact), op: operators.get(t.operator) })), parts: [], settled: [], key: [], at: new Map(), whole: new Map() };
  for (const g of d.gates.rules) {
    const engineRule = d.engineRules[g.index];
    const rule = d.rules.get(engineRule.name as string);
    const openIf = (fact: string) => {
      const keys = rule?.unknownIf.get(fact) ?? [];
      return keys.length ? rule!.missing.filter((m) => keys.includes(m.key)) : [];
    };
    if (!g.parts) {
      const s = settleable(engineRule.conditions as NestedCondition, openIf, factAt);
      if (s) plan.whole.set(g.index, plan.parts.push(s) - 1);
      continue;
    }
    for (const p of g.parts) {
      const s = p.gate < 0 ? settleable(p.condition, openIf, factAt) : undefined;
      if (s) plan.at.set(p.condition, plan.parts.push(s) - 1);
    }
  }
  plan.facts = [...facts.keys()];
  plan.settled = new Array(d.gates.tests.length).fill(false);
  plan.key = new Array(d.gates.gates.length + plan.parts.length).fill(0);
  settlePlans.set(d, plan);
  return plan;
}

/**
 * 't' or 'f' as the engine would find it, with the operators it is given, on the values it would read;
 * 'u' when an operator is unknown here or a missing fact makes any comparison in it unknown.
 * An empty all/any is true, as in the engine.
 */
function settle(s: Settleable, known: KnownFacts, values: unknown[]): 't' | 'f' | 'u' {
  switch (s.kind) {
    case 'leaf': {
      if (s.op === null) return 'u';
      for (let j = 0; j < s.openIf.length; j++) if (absent(known, s.openIf[j])) return 'u';
      return s.op.evaluate(values[s.fact], s.other < 0 ? s.value : values[s.other]) ? 't' : 'f';
    }
    case 'not': {
      const v = settle(s.of, known, values);
      return v === 'u' ? 'u' : v === 't' ? 'f' : 't';
    }
    default: {
      let t = 0;
      for (const part of s.of) {
        const v = settle(part, known, values);
        if (v === 'u') return 'u';
        if (v === 't') t++;
      }
      return s.of.length === 0 || (s.kind === 'all' ? t === s.of.length : t > 0) ? 't' : 'f';
    }
  }
}

const [T, F, U] = ['t', 'f', 'u'].map((c) => c.charCodeAt(0));
const CODE = { t: T, f: F, u: U };

/** Conditions of a rule settled true as a whole: it fires. */
const ALWAYS: NestedCondition = { all: [] } as unknown as NestedCondition;

function build(d: CompiledDecision, key: string): Partition {
  const rules: RuleProperties[] = [];
  const facts = new Set<string>();
  const plan = settlePlanOf(d);
  // The key holds the gates' values, then the settled parts' values.
  const offset = d.gates.gates.length;
  const valueOf = (p: { condition: NestedCondition; gate: number }) => {
    if (p.gate >= 0) return key[p.gate];
    const at = plan.at.get(p.condition);
    return at === undefined ? 'u' : key[offset + at];
  };
  for (const g of d.gates.rules) {
    const rule = d.engineRules[g.index];
    if (!g.parts) {
      const at = plan.whole.get(g.index);
      const whole = at === undefined ? 'u' : key[offset + at];
      if (whole === 'f') continue;
      if (whole === 't') {
        rules.push({ ...rule, conditions: ALWAYS as RuleProperties['conditions'] });
        continue;
      }
      rules.push(rule);
      factsOf([rule.conditions as NestedCondition], facts);
      continue;
    }
    if (g.parts.some((p) => valueOf(p) === 'f')) continue;
    const open = g.parts.filter((p) => valueOf(p) === 'u').map((p) => p.condition);
    // all[any[...]] reads as any[...] (and all[all[...]] as all[...]), in the engine and in the three-valued reading alike: one node less to clone per run.
    const only = open.length === 1 ? (open[0] as { all?: unknown; any?: unknown }) : undefined;
    const conditions = only && (Array.isArray(only.all) || Array.isArray(only.any)) ? only : { all: open };
    rules.push({ ...rule, conditions: conditions as RuleProperties['conditions'] });
    factsOf(open, facts);
  }
  return { rules, included: new Set(rules.map((r) => r.name as string)), facts: [...facts], pool: [] };
}

/** How many partitions of `d` are kept so far (at most MAX_PARTITIONS); for tests and the bench. */
export function keptPartitions(d: CompiledDecision): number {
  return partitions.get(d)?.size ?? 0;
}

/** The partition for one run: kept, or past the cap built for this run alone. */
export function choosePartition(d: CompiledDecision, known: KnownFacts): Partition | undefined {
  const { tests, gates } = d.gates;
  const plan = settlePlanOf(d);
  // Each fact read once, as the engine gets it.
  const values: unknown[] = new Array(plan.facts.length);
  for (let i = 0; i < plan.facts.length; i++) values[i] = engineValue(known, plan.facts[i]);
  // Scratch space of this decision (this function never yields): no per-run arrays or string pieces.
  const settled = plan.settled;
  for (let i = 0; i < tests.length; i++) {
    const t = plan.tests[i];
    settled[i] = t.op ? t.op.evaluate(values[t.fact], tests[i].value) : false;
  }
  const codes = plan.key;
  let n = 0;
  for (const g of gates) {
    let open = plan.tests[g.test].op === null;
    for (let j = 0; !open && j < g.openIf.length; j++) open = absent(known, g.openIf[j]);
    codes[n++] = open ? U : settled[g.test] ? T : F;
  }
  for (const part of plan.parts) codes[n++] = CODE[settle(part, known, values)];
  const key = String.fromCharCode.apply(null, codes);
  let byKey = partitions.get(d);
  if (!byKey) partitions.set(d, (byKey = new Map()));
  let p = byKey.get(key);
  if (!p) {
    p = build(d, key);
    if (byKey.size < cap) byKey.set(key, p);
  }
  return p;
}
