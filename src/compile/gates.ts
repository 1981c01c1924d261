/**
 * Gates: the comparisons of a rule that can be settled before the engine runs.
 *
 * Every fact the engine reads is known before it runs (request facts, derived
 * facts and built-ins are computed first). A direct part of a rule's top-level
 * `all` that compares a fact with a constant is a gate. Per run the gates are
 * settled once; a rule with a false gate cannot fire and is left out of the
 * engine's rule set, and a true gate is folded away, so the engine gets only
 * the rules that can fire with only the comparisons still open. The set of
 * rules and conditions handed over depends only on the gates' values, so it is
 * built once per combination and reused (see src/evaluate/partition.ts).
 *
 * A gate on a fact whose absence leaves the rule's verdict unknown (its
 * `unknownIf` keys) stays open when such a key is absent, so the three-valued
 * reading of missing facts sees the same conditions as without gates.
 */
import type { NestedCondition, RuleProperties } from 'json-rules-engine';
import type { MissingCheck } from './missing-check.js';

export interface Gate {
  fact: string;
  operator: string;
  value: unknown;
  /** Index into GatePlan.tests: equal comparisons are settled once per run. */
  test: number;
  /** When one of these is absent the gate stays open (its comparison is unknown). */
  openIf: MissingCheck[];
}

export interface GatedRule {
  /** Index into the decision's engineRules. */
  index: number;
  /** The rule's top-level `all` parts, each with its index into `gates` (-1: not a gate); null when the top is not `all`. */
  parts: { condition: NestedCondition; gate: number }[] | null;
  /** The engine facts the rule reads (its conditions only). */
  facts: string[];
}

export interface GatePlan {
  /** Distinct comparisons (fact, operator, constant). */
  tests: { fact: string; operator: string; value: unknown }[];
  gates: Gate[];
  rules: GatedRule[];
}

const isConstant = (v: unknown) => !(v !== null && typeof v === 'object' && !Array.isArray(v) && 'fact' in (v as object));

/**
 * @param missingOf a rule's stated meanings of missing facts whose absence makes a comparison unknown,
 *   per engine fact it reads (the rule's unknownIf, resolved to the checks).
 */
export function planGates(
  engineRules: RuleProperties[], factsOf: (rule: string) => Iterable<string>, openIfOf: (rule: string, fact: string) => MissingCheck[],
): GatePlan {
  const tests: GatePlan['tests'] = [];
  const testIds = new Map<string, number>();
  const gates: Gate[] = [];
  const rules = engineRules.map((r, index): GatedRule => {
    const name = r.name as string;
    const top = r.conditions as { all?: NestedCondition[] };
    if (!Array.isArray(top.all)) return { index, parts: null, facts: [...factsOf(name)] };
    const parts = top.all.map((condition) => {
      const c = condition as { fact?: string; operator?: string; value?: unknown; all?: unknown; any?: unknown; not?: unknown };
      if (typeof c.fact !== 'string' || typeof c.operator !== 'string' || !isConstant(c.value)) return { condition, gate: -1 };
      const id = JSON.stringify([c.fact, c.operator, c.value]);
      let test = testIds.get(id);
      if (test === undefined) {
        test = tests.length;
        testIds.set(id, test);
        tests.push({ fact: c.fact, operator: c.operator, value: c.value });
      }
      gates.push({ fact: c.fact, operator: c.operator, value: c.value, test, openIf: openIfOf(name, c.fact) });
      return { condition, gate: gates.length - 1 };
    });
    return { index, parts, facts: [...factsOf(name)] };
  });
  return { tests, gates, rules };
}
