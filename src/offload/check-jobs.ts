/**
 * The work that may take long on hostile input: loading, compiling and testing
 * a draft or a changed version, evaluating on a draft, diffing a draft. Each
 * job takes and returns plain data, so it runs in a worker thread
 * (check-pool.ts) and never on the event loop that answers other clients.
 */
import { type Finding } from '../check/finding.js';
import { checkVersionStatically } from '../check/run-checks.js';
import { breakingChanges, type BreakingChange } from '../diff/breaking-changes.js';
import { semanticDiff, type SemanticDiff } from '../diff/semantic-diff.js';
import { evaluate } from '../evaluate/evaluate.js';
import { createRegistry } from '../evaluate/registry.js';
import type { FactSchemas } from '../facts/fact-schemas.js';
import type { Diagnostic } from '../load/diagnostics.js';
import { loadVersion } from '../load/load-rules.js';
import { runVersionTests, type CaseResult } from '../testing/run-tests.js';
import { itemsOf, type Items } from '../diff/changes.js';
import { checkAdoption, type AdoptionCheck, type AdoptionCheckInput } from '../testing/verify-adoption.js';
import { newDisagreements, type AgreementInput } from '../testing/agreement-at-submit.js';
import { ImpactDraftError } from '../impact/check-sides.js';
import { impactOnCorpus, type ImpactJobInput } from '../impact/generated-corpus.js';
import type { ImpactReport } from '../impact/types.js';

/** A version's files: its directory and [path, text] pairs (paths under that directory). */
export interface VersionFiles {
  dir: string;
  files: [string, string][];
}

export type CheckJob =
  /** Load, compile and (when it loads cleanly) run the version's tests. */
  | { kind: 'check'; version: VersionFiles; today?: string }
  /** Load the version and evaluate one request on it, pinned. */
  | { kind: 'evaluate'; version: VersionFiles; request: Record<string, unknown>; today: string }
  /** Load both and diff them. */
  | { kind: 'diff'; base: VersionFiles; version: VersionFiles }
  /** An impact analysis (a version, a draft or a proposal): loading both sides, generating the corpus, running both (impact-off-thread.ts). */
  | { kind: 'impact'; job: ImpactJobInput }
  /** The items (rules, rows, test cases, metadata) of rule files, for overlaps and adoption (amend/item-index.ts). */
  | { kind: 'items'; files: [string, string][] }
  /** The view with a new version loads, compiles and passes its tests (testing/verify-adoption.ts). */
  | { kind: 'adoption'; check: AdoptionCheckInput }
  /** The disagreements with the other protocol a proposal adds (testing/agreement-at-submit.ts). */
  | { kind: 'agreement'; input: AgreementInput };

export type CheckResult =
  | { kind: 'check'; loaded: boolean; diagnostics: Diagnostic[]; cases: CaseResult[]; compileError?: string; findings?: Finding[] }
  | { kind: 'evaluate'; diagnostics: Diagnostic[]; answer?: unknown; error?: { status: number; code: string; message: string; details: unknown[] } }
  | { kind: 'diff'; diagnostics: Diagnostic[]; diff?: SemanticDiff & { breaking: BreakingChange[] } }
  | { kind: 'items'; items: (Items | 'unreadable')[] }
  | { kind: 'adoption'; check: AdoptionCheck }
  | { kind: 'agreement'; warnings: string[] }
  | { kind: 'impact'; report?: ImpactReport; diagnostics?: Diagnostic[]; error?: { status: number; code: string; message: string; details: unknown[] } };

const load = (v: VersionFiles, facts: FactSchemas) => loadVersion(v.dir, new Map(v.files), facts);

export async function runCheckJob(job: CheckJob, facts: FactSchemas): Promise<CheckResult> {
  switch (job.kind) {
    case 'check': {
      const { version, diagnostics } = load(job.version, facts);
      // The static checks (docs/static-checks.md), also on a version with load problems.
      const findings = version ? checkVersionStatically(version, facts, { today: job.today }) : [];
      if (!version || diagnostics.length) return { kind: 'check', loaded: !!version, diagnostics, cases: [], findings };
      try {
        const cases = await runVersionTests(version, createRegistry([version], facts), job.today);
        return { kind: 'check', loaded: true, diagnostics, cases, findings };
      } catch (e) {
        return { kind: 'check', loaded: true, diagnostics, cases: [], compileError: String((e as Error)?.message ?? e), findings };
      }
    }
    case 'evaluate': {
      const { version, diagnostics } = load(job.version, facts);
      if (!version || diagnostics.length) return { kind: 'evaluate', diagnostics };
      try {
        return { kind: 'evaluate', diagnostics, answer: await evaluate(createRegistry([version], facts), job.request as never, { today: job.today }) };
      } catch (e) {
        const x = e as { status?: unknown; code?: unknown; message?: unknown; details?: unknown };
        if (typeof x?.status === 'number' && x.status < 500 && typeof x.code === 'string') {
          return { kind: 'evaluate', diagnostics, error: { status: x.status, code: x.code, message: String(x.message), details: Array.isArray(x.details) ? x.details : [] } };
        }
        throw e;
      }
    }
    case 'diff': {
      const base = load(job.base, facts).version;
      const { version, diagnostics } = load(job.version, facts);
      if (!base || !version) return { kind: 'diff', diagnostics };
      return { kind: 'diff', diagnostics, diff: { ...semanticDiff(base, version), breaking: breakingChanges(base, version, facts) } };
    }
    case 'adoption':
      return { kind: 'adoption', check: await checkAdoption(job.check, facts) };
    case 'agreement':
      return { kind: 'agreement', warnings: newDisagreements(job.input, facts) };
    case 'items':
      return { kind: 'items', items: job.files.map(([path, text]) => itemsOf(path, text)) };
    case 'impact': {
      try {
        return { kind: 'impact', report: await impactOnCorpus(job.job) };
      } catch (e) {
        if (e instanceof ImpactDraftError) return { kind: 'impact', diagnostics: e.diagnostics };
        const x = e as { status?: unknown; code?: unknown; message?: unknown; details?: unknown };
        if (typeof x?.status === 'number' && x.status < 500 && typeof x.code === 'string') {
          return { kind: 'impact', error: { status: x.status, code: x.code, message: String(x.message), details: Array.isArray(x.details) ? x.details : [] } };
        }
        throw e;
      }
    }
  }
}
