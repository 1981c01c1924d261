/**
 * evaluate(): the one road from a request to an answer, used by the server,
 * the CLI, the rule-set tests, the editor's preview and impact analysis.
 */
import { today } from '../base/clock.js';
import { isIsoDate } from '../expr/dates.js';
import { EvaluateError } from '../base/errors.js';
import type { Registry } from './registry.js';
import type { IllustrativeBasis } from '../load/table-index.js';
import { readPath, runDecision, type MissingFact, type RuleEvent, type TraceEntry } from './run-decision.js';
import { whyNot, type WhyNot } from './why-not.js';

export interface EvaluateRequest {
  protocol: string;
  decision: string;
  facts: Record<string, unknown>;
  date?: string;
  version?: string;
  /** true: the trace; "waarom-niet": also the single-fact changes that would flip each refusing rule. */
  explain?: boolean | 'waarom-niet';
}

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

/** Today in Amsterdam on the project's one clock (src/base/clock.ts): what rules read as `vandaag`. */
export const todayIso = (): string => today();

export async function evaluate(registry: Registry, req: EvaluateRequest, opts: EvaluateOptions = {}): Promise<EvaluateResponse> {
  const { protocol, decision } = req;
  if (!registry.protocols().includes(protocol as never)) {
    throw new EvaluateError('unknown_protocol', `onbekend protocol '${protocol}' (bekend: ${registry.protocols().join(', ')})`, [{ pointer: '/protocol', message: 'onbekend protocol' }]);
  }
  const pinned = req.version !== undefined ? registry.get(protocol, req.version) : undefined;
  if (req.version !== undefined && !pinned) {
    throw new EvaluateError('unknown_version', `${protocol} heeft geen versie '${req.version}'`, [{ pointer: '/version', message: 'onbekende versie' }]);
  }
  // The reference-date fact and facts schema come from the pinned version, or the newest one with this decision.
  const shape = pinned ?? registry.newestWith(protocol, decision);
  const shapeDecision = shape?.decisions.get(decision);
  if (!shapeDecision) {
    throw new EvaluateError('unknown_decision', `${protocol}${pinned ? ' ' + pinned.meta.version : ''} heeft geen beslissing '${decision}'`, [{ pointer: '/decision', message: 'onbekende beslissing' }]);
  }
  const schema = registry.facts.get(shapeDecision.facts);
  const problems = schema ? schema.validate(req.facts) : [];
  if (problems.length) {
    throw new EvaluateError('invalid_facts', `de feiten kloppen niet met het schema van ${protocol} ${decision} (${problems.length} fout(en))`,
      problems.map((p) => ({ pointer: '/facts' + p.pointer, message: p.message })));
  }
  const date = req.date ?? readPath(req.facts, shapeDecision.referenceDate);
  if (!isIsoDate(date)) {
    throw new EvaluateError('invalid_facts', `geen geldige peildatum: geef date of ${shapeDecision.referenceDate}`,
      [{ pointer: '/facts/' + shapeDecision.referenceDate.split('.').join('/'), message: 'peildatum ontbreekt of is geen datum' }]);
  }
  const version = pinned ?? registry.inForce(protocol, date);
  if (!version) {
    throw new EvaluateError('no_version_in_force', `geen versie van ${protocol} in werking op ${date}`, [{ pointer: req.date ? '/date' : '/facts/' + shapeDecision.referenceDate.split('.').join('/'), message: 'geen versie in werking op deze datum' }]);
  }
  const compiled = version.decisions.get(decision);
  if (!compiled) {
    throw new EvaluateError('unknown_decision', `${protocol} ${version.meta.version} (in werking op ${date}) heeft geen beslissing '${decision}'`, [{ pointer: '/decision', message: 'onbekende beslissing in deze versie' }]);
  }
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
  if (req.explain === 'waarom-niet') response.waaromNiet = await whyNot(registry, req, response, opts);
  return response;
}
