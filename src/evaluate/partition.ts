/**
 * Per run, settles a decision's gates (src/compile/gates.ts) and picks the
 * partition of its rules that can fire: the rules without a false gate, each
 * with its true gates folded away. Partitions are built on first use and kept
 * per compiled decision (immutable, like the rules), each with its own pool of
 * engines; past MAX_PARTITIONS combinations a run gets none and uses the whole
 * rule set, which answers the same.
 *
 * Only for runs without a trace: `explain` shows every rule's conditions as
 * the engine evaluated them, so it always runs the whole set.
 */
import { Engine, type NestedCondition, type RuleProperties } from 'json-rules-engine';
import type { CompiledDecision } from '../compile/compile-decision.js';
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

function build(d: CompiledDecision, key: string): Partition {
  const rules: RuleProperties[] = [];
  const facts = new Set<string>();
  for (const g of d.gates.rules) {
    const rule = d.engineRules[g.index];
    if (!g.parts) {
      rules.push(rule);
      factsOf([rule.conditions as NestedCondition], facts);
      continue;
    }
    if (g.parts.some((p) => p.gate >= 0 && key[p.gate] === 'f')) continue;
    const open = g.parts.filter((p) => p.gate < 0 || key[p.gate] === 'u').map((p) => p.condition);
    // all[any[...]] reads as any[...] (and all[all[...]] as all[...]), in the engine and in the three-valued reading alike: one node less to clone per run.
    const only = open.length === 1 ? (open[0] as { all?: unknown; any?: unknown }) : undefined;
    const conditions = only && (Array.isArray(only.all) || Array.isArray(only.any)) ? only : { all: open };
    rules.push({ ...rule, conditions: conditions as RuleProperties['conditions'] });
    factsOf(open, facts);
  }
  return { rules, included: new Set(rules.map((r) => r.name as string)), facts: [...facts], pool: [] };
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
  let byKey = partitions.get(d);
  if (!byKey) partitions.set(d, (byKey = new Map()));
  let p = byKey.get(key);
  if (!p) {
    if (byKey.size >= MAX_PARTITIONS) return undefined;
    byKey.set(key, (p = build(d, key)));
  }
  return p;
}
