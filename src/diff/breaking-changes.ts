/**
 * Breaking changes for callers between two versions of a protocol (or a version and a draft): what a
 * system that calls the evaluate API must change, or will see answered differently, when the second
 * version answers instead of the first.
 *
 * - a decision removed;
 * - in the facts schema of a decision: a field removed (or renamed: one removed and one added beside it
 *   with the same schema), a field newly required, an enum narrowed (a value a caller may send no longer
 *   accepted);
 * - a fact newly needed for a decided answer: an optional fact that a rule now reads with
 *   `ontbreekt: onvoldoende_gegevens`, so a request without it gets `onvoldoende_gegevens`;
 * - outcome words added or removed; a changed reference-date fact.
 *
 * A pure function of the two models and their facts schemas (facts schemas live in schemas/facts and
 * are named by each decision, so a draft changes them by naming another schema).
 */
import { isDeepStrictEqual } from 'node:util';
import { schemaEnum, schemaNodes } from '../check/fact-domain.js';
import { BUILT_IN_FACTS, type FactSchema, type FactSchemas } from '../facts/fact-schemas.js';
import type { Decision, RuleSetVersion } from '../load/model.js';
import { createReadResolver, optionalRoots, ruleReads } from '../load/rule-reads.js';

export type BreakingKind =
  | 'decision_removed'
  | 'fact_removed'
  | 'fact_renamed'
  | 'fact_required'
  | 'fact_needed'
  | 'enum_narrowed'
  | 'outcome_added'
  | 'outcome_removed'
  | 'reference_date_changed';

export interface BreakingChange {
  kind: BreakingKind;
  decision: string;
  /** The fact path concerned (the old path for a rename). */
  fact?: string;
  /** The new path of a renamed fact, or the new reference-date fact. */
  to?: string;
  /** Enum values no longer accepted, or outcome words added or removed. */
  values?: unknown[];
  /** Rules that now need the fact (fact_needed). */
  rules?: string[];
  /** For staff and caller documentation, in Dutch. */
  message: string;
}

type Version = Pick<RuleSetVersion, 'decisions'>;

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
const required = (s: FactSchema, p: string) => optionalRoots([p], s.optional).size === 0;
const parentOf = (p: string) => (p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '');

/** A schema node's shape, for recognising a renamed field: everything but its description and title. */
function shape(s: FactSchema, p: string): string {
  const strip = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(strip);
    if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'description' && k !== 'title').map(([k, v]) => [k, strip(v)]));
    return x;
  };
  return JSON.stringify(strip(schemaNodes(s.schema, p)));
}

/** Optional facts whose absence makes a rule of the decision answer onvoldoende_gegevens, with those rules. */
export function neededFacts(d: Decision, schema: FactSchema): Map<string, string[]> {
  const resolve = createReadResolver(d, BUILT_IN_FACTS);
  const out = new Map<string, string[]>();
  for (const r of d.rules) {
    const reads = ruleReads(r, resolve);
    for (const key of [...optionalRoots(reads.facts, schema.optional)]) {
      const meaning = r.missing.find((m) => m.fact === key)?.meaning ?? d.missing.find((m) => m.fact === key)?.meaning;
      if (meaning === 'onvoldoende_gegevens') out.set(key, [...(out.get(key) ?? []), r.id]);
    }
  }
  return out;
}

function schemaChanges(d: string, a: FactSchema, b: FactSchema, out: BreakingChange[]) {
  const removed = [...a.paths].filter((p) => !b.paths.has(p) && (parentOf(p) === '' || b.paths.has(parentOf(p))));
  const added = [...b.paths].filter((p) => !a.paths.has(p));
  for (const p of removed.sort()) {
    const twins = added.filter((q) => parentOf(q) === parentOf(p) && shape(b, q) === shape(a, p));
    const rivals = removed.filter((r) => parentOf(r) === parentOf(p) && shape(a, r) === shape(a, p));
    if (twins.length === 1 && rivals.length === 1) {
      out.push({ kind: 'fact_renamed', decision: d, fact: p, to: twins[0], message: `Feit '${p}' heet nu '${twins[0]}'; een verzoek met '${p}' wordt geweigerd of het feit wordt niet meer gelezen.` });
    } else {
      out.push({ kind: 'fact_removed', decision: d, fact: p, message: `Feit '${p}' bestaat niet meer in het feitenschema ${b.name}.` });
    }
  }
  const renamedTo = new Set(out.filter((c) => c.kind === 'fact_renamed' && c.decision === d).map((c) => c.to));
  const newlyRequired = [...b.paths].filter((p) => required(b, p) && !(a.paths.has(p) && required(a, p)) && !renamedTo.has(p));
  for (const p of newlyRequired.sort()) {
    if (newlyRequired.includes(parentOf(p)) && !a.paths.has(parentOf(p))) continue; // under a new required object: reported there
    out.push({ kind: 'fact_required', decision: d, fact: p, message: a.paths.has(p)
      ? `Feit '${p}' is nu verplicht; een verzoek zonder wordt geweigerd (invalid_facts).`
      : `Nieuw verplicht feit '${p}'; een verzoek zonder wordt geweigerd (invalid_facts).` });
  }
  for (const p of [...a.paths].filter((x) => b.paths.has(x)).sort()) {
    const ea = schemaEnum(a.schema, p);
    const eb = schemaEnum(b.schema, p);
    if (!ea) continue;
    const lost = eb ? ea.filter((x) => !eb.some((y) => isDeepStrictEqual(x, y))) : [];
    if (lost.length) out.push({ kind: 'enum_narrowed', decision: d, fact: p, values: lost, message: `Feit '${p}' accepteert ${lost.map(show).join(', ')} niet meer.` });
  }
}

export function breakingChanges(from: Version, to: Version, factsFrom: FactSchemas, factsTo: FactSchemas = factsFrom): BreakingChange[] {
  const out: BreakingChange[] = [];
  const byId = new Map(to.decisions.map((d) => [d.id, d]));
  for (const a of from.decisions) {
    const b = byId.get(a.id);
    if (!b) {
      out.push({ kind: 'decision_removed', decision: a.id, message: `Beslissing '${a.id}' bestaat niet meer; een verzoek ernaar krijgt unknown_decision.` });
      continue;
    }
    const sa = factsFrom.get(a.facts);
    const sb = factsTo.get(b.facts);
    if (sa && sb) schemaChanges(a.id, sa, sb, out);
    if (sb) {
      const before = sa ? neededFacts(a, sa) : new Map<string, string[]>();
      for (const [fact, rules] of [...neededFacts(b, sb)].sort(([x], [y]) => x.localeCompare(y))) {
        if (before.has(fact)) continue;
        out.push({ kind: 'fact_needed', decision: a.id, fact, rules, message: `Feit '${fact}' is nu nodig voor een beslissing: een verzoek zonder krijgt onvoldoende_gegevens zodra ${rules.length > 1 ? 'een van de regels' : 'regel'} ${rules.join(', ')} ervan afhangt.` });
      }
    }
    const addedOutcomes = b.outcomes.filter((o) => !a.outcomes.includes(o));
    const removedOutcomes = a.outcomes.filter((o) => !b.outcomes.includes(o));
    if (addedOutcomes.length) out.push({ kind: 'outcome_added', decision: a.id, values: addedOutcomes, message: `Nieuwe uitkomst(en) ${addedOutcomes.join(', ')}; een aanroeper moet die kunnen verwerken.` });
    if (removedOutcomes.length) out.push({ kind: 'outcome_removed', decision: a.id, values: removedOutcomes, message: `Uitkomst(en) ${removedOutcomes.join(', ')} komen niet meer voor.` });
    if (a.referenceDate !== b.referenceDate) {
      out.push({ kind: 'reference_date_changed', decision: a.id, fact: a.referenceDate, to: b.referenceDate, message: `De peildatum komt nu uit '${b.referenceDate}' in plaats van '${a.referenceDate}'; zonder date kiest de service de versie anders.` });
    }
  }
  return out;
}
