/** Reading what is known before the engine runs: request facts by dotted path, derived and built-in facts by name. */
import { pointerOf, type MissingCheck } from '../compile/compile-decision.js';

/** Dotted paths split once: the compiled decisions read a fixed set of them. */
const splitPaths = new Map<string, string[]>();

export function readPath(facts: unknown, path: string): unknown {
  let parts = splitPaths.get(path);
  if (!parts) {
    parts = path.split('.');
    if (splitPaths.size < 10_000) splitPaths.set(path, parts);
  }
  let cur: unknown = facts;
  for (let i = 0; i < parts.length; i++) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[parts[i]];
  }
  return cur;
}

/** What is known before the engine runs: derived and built-in facts, and the request's facts. */
export interface KnownFacts {
  /** Derived and built-in facts; never holds undefined (an absent value is null), so one get() tells set from unset. */
  values: Map<string, unknown>;
  facts: Record<string, unknown>;
}

/** An engine fact's value as the engine gets it (absent is null). */
export function engineValue(k: KnownFacts, name: string): unknown {
  const v = k.values.get(name);
  return (v !== undefined ? v : readPath(k.facts, name)) ?? null;
}

/**
 * Whether the fact behind a stated meaning of a missing fact is absent from this request. A check with
 * `verplichtAls` counts only where the other facts say the form requires the fact; elsewhere its
 * absence is the form (`voorwaarde`) and the rule's own conditions read it.
 */
export function absent(k: KnownFacts, m: MissingCheck): boolean {
  if ((m.derived ? k.values.get(m.key) : readPath(k.facts, m.key)) != null) return false;
  if (!m.requiredIf) return true;
  for (const t of m.requiredIf) {
    const v = engineValue(k, t.fact);
    if (t.op === 'isSet' ? v != null : t.op === 'isNotSet' ? v == null : v === t.value) return true;
  }
  return false;
}

/**
 * The pointers `missing` names for an absent check: the request fact that is absent (for a derived fact,
 * each absent fact it is computed from, as its outermost absent object: /facts/professional/caoSchaal
 * when only the scale is left out, /facts/professional when the professional is); the check's own
 * pointer when nothing it reads is absent (a lookup that found no row).
 */
export function absentPointers(k: KnownFacts, m: MissingCheck): string[] {
  if (!m.derived || !m.inputs) return [m.pointer];
  const out = new Set<string>();
  for (const path of m.inputs) {
    if (readPath(k.facts, path) != null) continue;
    const parts = path.split('.');
    let i = 1;
    while (i < parts.length && readPath(k.facts, parts.slice(0, i).join('.')) != null) i++;
    out.add(pointerOf(parts.slice(0, i).join('.')));
  }
  return out.size ? [...out] : [m.pointer];
}
