/**
 * One answer: resolve (resolve.ts: request -> version, decision, date), run (run-decision.ts), and the
 * answer's shape (outcome, events, missing facts, basis, trace). evaluate() adds the why-not search.
 */
import { today } from '../base/clock.js';
import type { IllustrativeBasis } from '../load/table-index.js';
import type { Registry } from './registry.js';
import { resolveRequest, type EvaluateRequest } from './resolve.js';
import { runDecision, type MissingFact, type RuleEvent, type TraceEntry } from './run-decision.js';

export type { EvaluateRequest };

export interface EvaluateResponse {
  protocol: string;
  version: string;
  decision: string;
  date: string;
  /** A word of the decision's catalogue, or `onvoldoende_gegevens` when a deciding check lacked its fact. */
  outcome: string;
  events: RuleEvent[];
  /** Facts a rule needed and the request left out (with `onvoldoende_gegevens`, or beside a decided outcome for signalled checks). */
  missing: MissingFact[];
  /** True when a placeholder figure or rule (marked illustrative in the rule files) contributed to this answer. */
  illustrative: boolean;
  illustrativeBasis: IllustrativeBasis[];
  /** sha256 of the applied version's rule files, so an answer can be audited later. */
  contentHash: string;
  trace?: TraceEntry[];
  /** With explain: "waarom-niet" (src/evaluate/why-not.ts). */
  waaromNiet?: WhyNot;
}

export interface EvaluateOptions {
  /** Today's date (YYYY-MM-DD) on the clock; defaults to the system clock. */
  today?: string;
  /**
   * false: json-rules-engine decides every condition of every rule (no conditions settled before it
   * runs, see partition.ts). Same answers, slower; for the differential test and the bench.
   */
  fastPath?: boolean;
}

/** One way a single fact could have been different, grouped by the outcome it would have led to. */
export interface WhyNotChange {
  fact: string;
  pointer: string;
  /** The value in the request (null when absent). */
  current: unknown;
  /** The values that, each on its own, keep the rule from firing (verified), in ascending order. */
  values: unknown[];
  /** The outcome the request gets with each of these values. */
  outcome: string;
  /** Rules that still decide that outcome (when it is still a refusal). */
  stillRefusedBy: string[];
  message: string;
}

export interface WhyNotRule {
  rule: string;
  title: string;
  changes: WhyNotChange[];
  /** In Dutch: the changes, or that no single change of one fact was found. */
  message: string;
}

export interface WhyNot {
  /** The refusing rules of the answer, each with the changes that would flip it. */
  rules: WhyNotRule[];
  /** How many evaluations verified the changes (each candidate once). */
  evaluations: number;
  /** Set when the search stopped at its budget before trying every candidate. */
  truncated?: boolean;
}

/** Today in Amsterdam on the project's one clock (src/base/clock.ts): what rules read as `vandaag`. */
export const todayIso = (): string => today();

/** Resolve and run one request: the answer without the why-not search. */
export async function answerRequest(registry: Registry, req: EvaluateRequest, opts: EvaluateOptions = {}): Promise<EvaluateResponse> {
  const { protocol, decision } = req;
  const { version, compiled, date } = resolveRequest(registry, req);
  const result = await runDecision(version, compiled, req.facts, { referenceDate: date, today: opts.today ?? todayIso(), explain: req.explain === true || req.explain === 'waarom-niet', fastPath: opts.fastPath });
  const response: EvaluateResponse = {
    protocol,
    version: version.meta.version,
    decision,
    date,
    outcome: result.outcome,
    events: result.events,
    missing: result.missing,
    illustrative: result.illustrativeBasis.length > 0,
    illustrativeBasis: result.illustrativeBasis,
    contentHash: version.contentHash,
  };
  if (result.trace) response.trace = result.trace;
  return response;
}
