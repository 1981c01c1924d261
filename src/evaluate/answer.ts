/**
 * One answer: resolve (resolve.ts: request -> version, decision, date), run (run-decision.ts), and the
 * answer's shape (outcome, events, missing facts, basis, trace). evaluate() adds the why-not search.
 */
import type { EvaluateResponse as ContractResponse } from '../../schemas/api/api-types.js';
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

/**
 * The why-not explanation (with explain "waarom-niet"), typed by the contract (schemas/api, `npm run
 * api-types`): per refusing rule, the single-fact changes that flip it, grouped by the outcome they lead
 * to, each verified (`current`: the value in the request, null when absent; `values` in ascending order;
 * `stillRefusedBy`: rules that still decide a refusal); `evaluations` counts the evaluations that
 * verified them, `truncated` says the search stopped at its budget.
 */
export type WhyNot = NonNullable<ContractResponse['waaromNiet']>;
export type WhyNotRule = WhyNot['rules'][number];
export type WhyNotChange = WhyNotRule['changes'][number];

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
