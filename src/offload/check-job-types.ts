/**
 * The plain-data shapes of the check pool's jobs and results (check-jobs.ts runs them, draft-request.ts
 * answers a draft request with them): in a file of their own, so the two can share them without
 * importing each other.
 */
import type { RefusalData } from '../base/errors.js';
import type { Finding } from '../check/finding.js';
import type { BreakingChange } from '../diff/breaking-changes.js';
import type { SemanticDiff } from '../diff/semantic-diff.js';
import type { Items } from '../diff/changes.js';
import type { Diagnostic } from '../load/diagnostics.js';
import type { CaseResult } from '../testing/run-tests.js';
import type { DraftMutation } from '../testing/draft-mutation.js';
import type { AdoptionCheck, AdoptionCheckInput } from '../testing/verify-adoption.js';
import type { AgreementInput } from '../testing/agreement-at-submit.js';
import type { ImpactJobInput } from '../impact/generated-corpus.js';
import type { ImpactReport } from '../impact/types.js';
import type { BodyCheck } from '../contract/api-schemas.js';

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
  /** Rule mutation of what the draft changed: the mutants its cases do not notice. */
  | { kind: 'mutate'; base: VersionFiles; version: VersionFiles; today?: string }
  /** An impact analysis (a version, a draft or a proposal): loading both sides, generating the corpus, running both (impact-off-thread.ts). */
  | { kind: 'impact'; job: ImpactJobInput }
  /** The items (rules, rows, test cases, metadata) of rule files, for overlaps and adoption (amend/item-index.ts). */
  | { kind: 'items'; files: [string, string][] }
  /** The view with a new version loads, compiles and passes its tests (testing/verify-adoption.ts). */
  | { kind: 'adoption'; check: AdoptionCheckInput }
  /** The disagreements with the other protocol a proposal adds (testing/agreement-at-submit.ts). */
  | { kind: 'agreement'; input: AgreementInput }
  /** A draft request of the editor from its body's bytes to its answer (draft-request.ts); it asks the main thread for its base version. */
  | { kind: 'draft'; input: DraftInput }
  /** A large JSON body parsed (as express.json() would) and checked against an API schema (src/server/json-off-thread.ts). */
  | { kind: 'json'; bytes: Uint8Array; charset?: string; strict: boolean; check?: BodyCheck };

export type CheckResult =
  | { kind: 'check'; loaded: boolean; diagnostics: Diagnostic[]; cases: CaseResult[]; compileError?: string; findings?: Finding[] }
  | { kind: 'evaluate'; diagnostics: Diagnostic[]; answer?: unknown; error?: RefusalData }
  | { kind: 'diff'; diagnostics: Diagnostic[]; diff?: SemanticDiff & { breaking: BreakingChange[] } }
  | { kind: 'mutate'; diagnostics: Diagnostic[]; mutation?: DraftMutation }
  | { kind: 'items'; items: (Items | 'unreadable')[] }
  | { kind: 'adoption'; check: AdoptionCheck }
  | { kind: 'agreement'; warnings: string[] }
  | { kind: 'draft'; outcome: DraftOutcome }
  | { kind: 'json'; body?: unknown; error?: RefusalData }
  | { kind: 'impact'; report?: ImpactReport; diagnostics?: Diagnostic[]; error?: RefusalData };

export type DraftRoute = 'check' | 'evaluate' | 'diff' | 'mutate';

/** What the main thread sends: the route, the body as it came in (inflated, within the limit), today. */
export interface DraftInput {
  route: DraftRoute;
  /** The body's bytes; `null` when the request had no body at all. */
  body: Uint8Array | null;
  /** The Content-Type's charset (body-parser's rule: a `utf-` one), lower case; undefined means UTF-8. */
  charset?: string;
  today: string;
}

/**
 * A drafts/evaluate request with `startsOn`: the request (pinned to the draft's base version) for the main
 * thread, which answers a reference date before startsOn by the version in force then instead of the draft.
 */
export interface ServedQuestion {
  request: Record<string, unknown>;
  startsOn: string;
  today: string;
}

export type DraftOutcome = { json: Uint8Array; served?: ServedQuestion } | { error: RefusalData };

/** The base version a draft names, as the main thread answers it: its files, or the error naming /protocol or /baseVersion. */
export type BaseAnswer = { dir: string; files: [string, string][] } | { error: RefusalData };

/** Asks the main thread for the base version of a draft. */
export type AskBase = (q: { protocol: string; baseVersion: string }) => Promise<BaseAnswer>;

/** Runs one of the check jobs here, in this worker. */
export type RunJob = (job: CheckJob) => Promise<CheckResult>;
