/**
 * Mutation testing of rule files: every mutant of a version (rule-mutants.ts) is compiled and its
 * YAML cases run; a mutant that no case notices ("overleefd") marks a rule, bound or table value
 * that the cases do not pin down. A survivor a rule's `note` names as equivalent (its key after
 * `gelijkwaardig:`) counts as explained and is left out of the score.
 */
import { createRegistry } from '../evaluate/registry.js';
import type { FactSchemas } from '../facts/fact-schemas.js';
import type { RuleSetVersion } from '../load/model.js';
import { mutantsOf, type RuleMutant } from './rule-mutants.js';
import { runVersionTests } from './run-tests.js';

export type MutantStatus = 'gedood' | 'overleefd' | 'verklaard' | 'ongeldig';

export interface MutantResult {
  mutant: RuleMutant;
  status: MutantStatus;
  /** The first case that noticed the mutant (file:line name). */
  killedBy?: string;
  /** Why the mutant cannot change an answer, from the note that explains it (status verklaard). */
  explanation?: string;
}

export interface MutationReport {
  protocol: string;
  version: string;
  results: MutantResult[];
  counts: Record<MutantStatus, number>;
  /** gedood / (all - ongeldig - verklaard): an explained (equivalent) mutant is left out, 1 when nothing is left. */
  score: number;
}

/** Notes that explain survivors as equivalent: rule notes and decision notes, by rule or decision id. */
function explanations(v: RuleSetVersion): Map<string, string> {
  const notes = new Map<string, string>();
  for (const d of v.decisions) {
    if (d.note) for (const f of d.derived) notes.set(`${d.id}.${f.name}`, d.note);
    for (const r of d.rules) if (r.note) notes.set(r.id, r.note);
  }
  return notes;
}

const MARKER = 'gelijkwaardig: ';

/** The reason after `gelijkwaardig: <key>` in a note: the rest of that line, without the dash. */
function reasonAfter(note: string, key: string): string | undefined {
  const at = note.indexOf(MARKER + key);
  if (at < 0) return undefined;
  const rest = note.slice(at + MARKER.length + key.length);
  return rest.split('\n')[0].replace(/^\s*[—-]\s*/, '').trim();
}

/**
 * Why a surviving mutant cannot change any answer, as a note says it: the note of the rule (or of the
 * decision, for a derived fact) with `gelijkwaardig: <key after the #>`, or any note of the version with
 * `gelijkwaardig: <whole key>` (a table value is explained in the note of a rule that reads it;
 * `<table>#table@rows[*].<column>` stands for that column in every row).
 */
function explanationOf(m: RuleMutant, notes: Map<string, string>): string | undefined {
  const own = notes.get(m.target);
  const short = own === undefined ? undefined : reasonAfter(own, m.key.slice(m.key.indexOf('#') + 1));
  if (short !== undefined) return short;
  // A table column whose values no answer tells apart: `<table>#table@rows[*].<column>` explains every row's change.
  const everyRow = m.kind === 'table' ? m.key.replace(/rows\[\d+\]\.([^:]+):.*$/, 'rows[*].$1') : undefined;
  for (const note of notes.values()) {
    const r = reasonAfter(note, m.key) ?? (everyRow === undefined ? undefined : reasonAfter(note, everyRow));
    if (r !== undefined) return r;
  }
  return undefined;
}

export class BaselineFailsError extends Error {}

/**
 * Runs every mutant of `v` against its cases. The version's own cases must pass first: a mutant is
 * only meaningful against cases that hold. `only` narrows the mutants (e.g. to the rules a draft changed).
 */
export async function mutateVersion(
  v: RuleSetVersion,
  facts: FactSchemas,
  opts: { today?: string; only?: (m: RuleMutant) => boolean } = {},
): Promise<MutationReport> {
  const baseline = await runVersionTests(v, createRegistry([v], facts), opts.today);
  const failing = baseline.filter((r) => !r.passed);
  if (failing.length) throw new BaselineFailsError(`${v.meta.protocol} ${v.meta.version}: ${failing.length} testgeval(len) falen al zonder mutant; eerst oplossen`);
  const notes = explanations(v);
  const results: MutantResult[] = [];
  for (const mutant of mutantsOf(v).filter(opts.only ?? (() => true))) {
    const changed = mutant.apply(v);
    const tested = mutant.decision ? { ...changed, tests: changed.tests.filter((s) => s.decision === mutant.decision) } : changed;
    let registry;
    try {
      registry = createRegistry([tested], facts);
    } catch {
      results.push({ mutant, status: 'ongeldig' });
      continue;
    }
    const cases = await runVersionTests(tested, registry, opts.today);
    const noticed = cases.find((c) => !c.passed);
    if (noticed) results.push({ mutant, status: 'gedood', killedBy: `${noticed.file}:${noticed.line} ${noticed.name}` });
    else {
      const explanation = explanationOf(mutant, notes);
      results.push(explanation === undefined ? { mutant, status: 'overleefd' } : { mutant, status: 'verklaard', explanation });
    }
  }
  const counts: Record<MutantStatus, number> = { gedood: 0, overleefd: 0, verklaard: 0, ongeldig: 0 };
  for (const r of results) counts[r.status]++;
  const counted = results.length - counts.ongeldig - counts.verklaard;
  return { protocol: v.meta.protocol, version: v.meta.version, results, counts, score: counted ? counts.gedood / counted : 1 };
}
