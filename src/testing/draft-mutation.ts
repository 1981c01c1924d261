/**
 * Rule mutation for a draft (the editor's Tests tab): only the rules, derived facts and tables the
 * draft changed are mutated, and each mutant that none of the draft's cases notices is answered with
 * where it sits (file:line:col) and what changed, so staff read "deze wijziging merkt geen test op"
 * next to their own change. The same mutants and runner as `protocolregels test --mutate`.
 */
import { semanticDiff } from '../diff/semantic-diff.js';
import type { FactSchemas } from '../facts/fact-schemas.js';
import type { RuleSetVersion } from '../load/model.js';
import type { RuleMutant } from './rule-mutants.js';
import { BaselineFailsError, mutateVersion } from './run-mutation.js';

export interface DraftSurvivor {
  file: string;
  line: number;
  column: number;
  /** The rule, derived fact (`decision.name`) or table changed. */
  target: string;
  /** What the mutant changed, in Dutch. */
  change: string;
  key: string;
}

export interface DraftMutation {
  /** The rules, derived facts and tables the draft changed (what was mutated). */
  changed: string[];
  mutants: number;
  killed: number;
  explained: number;
  survivors: DraftSurvivor[];
  /** Set when the draft's own cases fail: nothing was mutated. */
  baselineFails?: string;
}

/** What the draft changed, named as mutants name their target. */
export function changedTargets(base: RuleSetVersion, draft: RuleSetVersion): Set<string> {
  const d = semanticDiff(base, draft);
  return new Set([
    ...d.rules.added.map((r) => r.id), ...d.rules.changed.map((r) => r.id),
    ...d.derived.added, ...d.derived.changed,
    ...d.tables.added, ...d.rows.added.map((r) => r.table), ...d.rows.changed.map((r) => r.table),
  ]);
}

export async function mutateDraft(base: RuleSetVersion, draft: RuleSetVersion, facts: FactSchemas, today?: string): Promise<DraftMutation> {
  const changed = changedTargets(base, draft);
  const empty = { changed: [...changed].sort(), mutants: 0, killed: 0, explained: 0, survivors: [] };
  if (!changed.size) return empty;
  try {
    const report = await mutateVersion(draft, facts, { today, only: (m: RuleMutant) => changed.has(m.target) });
    const valid = report.results.filter((r) => r.status !== 'ongeldig');
    return {
      ...empty,
      mutants: valid.length,
      killed: report.counts.gedood,
      explained: report.counts.verklaard,
      survivors: valid.filter((r) => r.status === 'overleefd').map(({ mutant: m }) => ({ file: m.loc.file, line: m.loc.line, column: m.loc.column, target: m.target, change: m.change, key: m.key })),
    };
  } catch (e) {
    if (e instanceof BaselineFailsError) return { ...empty, baselineFails: e.message };
    throw e;
  }
}
