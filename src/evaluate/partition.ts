/**
 * Per run, settles a decision's gates (src/compile/gates.ts) and picks the
 * partition of its rules that can fire: the rules without a false gate, each
 * with its true gates folded away. Partitions are built on first use and kept
 * per compiled decision (immutable, like the rules), each with its own pool of
 * engines; past MAX_PARTITIONS combinations a run gets none and uses the whole
 * rule set, which answers the same.
 *
 * Besides the compiler's gates (a fact against a constant), a direct part of
 * a rule's top-level `all` that compares two facts (`value: { fact }`) is
 * settled the same way: every fact the engine reads is known before it runs,
 * and the comparison is made by the engine's own operator on the same two
 * values the engine would read. It stays open when a missing fact makes either
 * side unknown (the rule's `unknownIf`), exactly as a gate does.
 *
 * Only for runs without a trace: `explain` shows every rule's conditions as
 * the engine evaluated them, so it always runs the whole set.
 */
import { Engine, type NestedCondition, type RuleProperties } from 'json-rules-engine';
import type { CompiledDecision, MissingCheck } from '../compile/compile-decision.js';
import { customOperators } from '../compile/operators.js';
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

/** Enough for every combination real cases make; a corpus with more falls back to the whole set. */
const MAX_PARTITIONS = 512;

type Op = { evaluate(factValue: unknown, value: unknown): boolean };
// The engine's own operators (built-in and ours), so a gate is settled exactly as the engine would.
const operators = (() => {
  const e = new Engine([], { allowUndefinedFacts: true });
  for (const op of customOperators()) e.addOperator(op);
  const map = (e as unknown as { operators: { get(name: string): Op | null } }).operators;
  const cache = new Map<string, Op | null>();
  return { get: (name: string) => (cache.has(name) ? cache.get(name)! : (cache.set(name, map.get(name)), cache.get(name)!)) };
})();

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

/** A direct part of a top-level `all` comparing two facts, settled like a gate. */
interface PairGate {
  fact: string;
  operator: string;
  other: string;
  /** When one of these is absent the comparison stays open (unknown). */
  openIf: MissingCheck[];
}

interface PairPlan {
  gates: PairGate[];
  /** The part's condition object (shared with the gate plan) -> its index in `gates`. */
  at: Map<NestedCondition, number>;
}

const pairPlans = new WeakMap<CompiledDecision, PairPlan>();

/** `{ fact, operator, value: { fact } }` and nothing else (no path, no params): the engine reads exactly the two facts. */
function pairOf(c: NestedCondition): { fact: string; operator: string; other: string } | undefined {
  const x = c as Record<string, unknown>;
  const v = x.value as Record<string, unknown> | null;
  if (typeof x.fact !== 'string' || typeof x.operator !== 'string' || !v || typeof v !== 'object' || Array.isArray(v) || typeof v.fact !== 'string') return undefined;
  for (const k in x) if (k !== 'fact' && k !== 'operator' && k !== 'value') return undefined;
  for (const k in v) if (k !== 'fact') return undefined;
  return { fact: x.fact, operator: x.operator, other: v.fact };
}

function pairPlanOf(d: CompiledDecision): PairPlan {
  let plan = pairPlans.get(d);
  if (plan) return plan;
  plan = { gates: [], at: new Map() };
  for (const g of d.gates.rules) {
    if (!g.parts) continue;
    const rule = d.rules.get(d.engineRules[g.index].name as string);
    const openIf = (fact: string) => {
      const keys = rule?.unknownIf.get(fact) ?? [];
      return keys.length ? rule!.missing.filter((m) => keys.includes(m.key)) : [];
    };
    for (const p of g.parts) {
      const pair = p.gate < 0 ? pairOf(p.condition) : undefined;
      if (!pair) continue;
      plan.at.set(p.condition, plan.gates.length);
      plan.gates.push({ ...pair, openIf: [...openIf(pair.fact), ...openIf(pair.other)] });
    }
  }
  pairPlans.set(d, plan);
  return plan;
}

function build(d: CompiledDecision, key: string): Partition {
  const rules: RuleProperties[] = [];
  const facts = new Set<string>();
  const pairs = pairPlanOf(d);
  // The key holds the gates' values, then the pair gates' values.
  const offset = d.gates.gates.length;
  const valueOf = (p: { condition: NestedCondition; gate: number }) => {
    if (p.gate >= 0) return key[p.gate];
    const at = pairs.at.get(p.condition);
    return at === undefined ? 'u' : key[offset + at];
  };
  for (const g of d.gates.rules) {
    const rule = d.engineRules[g.index];
    if (!g.parts) {
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

/** The partition for one run, or undefined when the decision has more combinations than are kept. */
export function choosePartition(d: CompiledDecision, known: KnownFacts): Partition | undefined {
  const { tests, gates } = d.gates;
  const settled: boolean[] = new Array(tests.length);
  for (let i = 0; i < tests.length; i++) {
    const t = tests[i];
    const op = operators.get(t.operator);
    settled[i] = op ? op.evaluate(engineValue(known, t.fact), t.value) : false;
  }
  let key = '';
  for (const g of gates) {
    let open = operators.get(g.operator) === null;
    for (let j = 0; !open && j < g.openIf.length; j++) open = absent(known, g.openIf[j]);
    key += open ? 'u' : settled[g.test] ? 't' : 'f';
  }
  const pairs = pairPlanOf(d).gates;
  for (let i = 0; i < pairs.length; i++) {
    const g = pairs[i];
    const op = operators.get(g.operator);
    let open = op === null;
    for (let j = 0; !open && j < g.openIf.length; j++) open = absent(known, g.openIf[j]);
    key += open ? 'u' : op!.evaluate(engineValue(known, g.fact), engineValue(known, g.other)) ? 't' : 'f';
  }
  let byKey = partitions.get(d);
  if (!byKey) partitions.set(d, (byKey = new Map()));
  let p = byKey.get(key);
  if (!p) {
    if (byKey.size >= MAX_PARTITIONS) return undefined;
    byKey.set(key, (p = build(d, key)));
  }
  return p;
}
