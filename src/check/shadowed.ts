/**
 * Shadowed rules: whenever the rule fires, a rule that outranks it (higher priority, or equal and
 * earlier in the file) fires too with another outcome, so its own outcome is never the answer.
 * Decided only where both rules compare facts with literals; anything else is left unreported.
 */
import { BUILT_IN_FACTS, type FactSchema } from '../facts/fact-schemas.js';
import type { Decision, Rule, Table } from '../load/model.js';
import { createReadResolver, optionalRoots, ruleReads } from '../load/rule-reads.js';
import { createDomainOf } from './fact-domain.js';
import type { Finding } from './finding.js';
import { findingAt } from './rule-checks.js';
import { contradiction, dnfWeight, implies, toDnf, WORK_BUDGET } from './literal-logic.js';

const outranks = (a: Rule, b: Rule) => a.priority > b.priority || (a.priority === b.priority && a.index < b.index);

/**
 * The facts (and derived facts) whose absence keeps a rule from being performed: those with a stated
 * meaning other than `voorwaarde`. A rule that reads one without comparing it directly is not used
 * as a shadow (checkShadowed), since its absence cannot be decided here.
 */
function blockingFacts(d: Decision, r: Rule, schema: FactSchema, resolve: ReturnType<typeof createReadResolver>): Set<string> {
  const reads = ruleReads(r, resolve);
  const keys = new Set([...optionalRoots(reads.facts, schema.optional), ...reads.derived]);
  const meaning = (k: string) => r.missing.find((m) => m.fact === k)?.meaning ?? d.missing.find((m) => m.fact === k)?.meaning;
  return new Set([...keys].filter((k) => meaning(k) !== undefined && meaning(k) !== 'voorwaarde'));
}

export function checkShadowed(d: Decision, schema: FactSchema | undefined, tables: readonly Table[] = []): Finding[] {
  if (!schema) return [];
  const out: Finding[] = [];
  // Bounded work per decision (WORK_BUDGET): past it the remaining pairs are left unreported, never guessed.
  let budget = WORK_BUDGET;
  const domainOf = createDomainOf(d, schema, tables);
  const resolve = createReadResolver(d, BUILT_IN_FACTS);
  const deciders = d.rules.filter((r) => r.then.outcome !== undefined && r.then.outcomeFrom === undefined);
  const dnf = new Map(deciders.map((r) => [r.id, toDnf(r.when)?.filter((c) => !contradiction(c, domainOf))]));
  const blockingOf = new Map(deciders.map((r) => [r.id, blockingFacts(d, r, schema, resolve)]));
  for (const low of deciders) {
    const lowDnf = dnf.get(low.id);
    if (!lowDnf || lowDnf.length === 0) continue; // never fires: reported by never_fires
    for (const high of deciders) {
      if (high === low || !outranks(high, low) || high.then.outcome === low.then.outcome) continue;
      const highDnf = dnf.get(high.id);
      const blocking = blockingOf.get(high.id);
      if (!highDnf || !blocking) continue; // too large to analyse
      const atomFacts = new Set(highDnf.flatMap((c) => c.atoms.map((a) => a.fact)));
      // A blocking fact that the higher rule reads without comparing it: absence is not decidable here.
      if ([...blocking].some((k) => ![...atomFacts].some((f) => f === k || f.startsWith(k + '.')))) continue;
      const absentBlocks = (fact: string) => [...blocking].some((k) => fact === k || fact.startsWith(k + '.'));
      budget -= lowDnf.length * highDnf.length * (dnfWeight(lowDnf) + dnfWeight(highDnf)) * 3;
      if (budget < 0) return out;
      if (!lowDnf.every((a) => highDnf.some((b) => implies(a, b, domainOf, absentBlocks)))) continue;
      out.push(findingAt('fout', 'shadowed',
        `regel '${low.id}' (uitkomst ${low.then.outcome}) wordt overschaduwd: steeds als zij vuurt, vuurt ook '${high.id}' (regel ${high.loc.line}, prioriteit ${high.priority}) met uitkomst ${high.then.outcome}, die voorgaat`, low.loc));
      break;
    }
  }
  return out;
}
