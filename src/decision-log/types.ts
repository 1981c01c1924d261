/**
 * One answered decision as the decision log keeps it (docs/decision-log.md):
 * the request's facts with every direct identifier replaced by a keyed hash,
 * the version and content hash that answered, the outcome, the rules and
 * codes, the amount and the time.
 */
import type { DecisionsQuery } from '../../schemas/api/api-types.js';

export type DecisionSource = 'evaluate' | 'batch' | 'ijw';

export interface DecisionRecord {
  /** When it was answered (ISO 8601 instant, UTC). */
  at: string;
  source: DecisionSource;
  protocol: string;
  decision: string;
  /** The version that answered; null for an iJw line no version judged. */
  version: string | null;
  contentHash: string | null;
  /** The reference date the answer used (YYYY-MM-DD); replay answers the request on this date. */
  referenceDate: string | null;
  outcome: string;
  /** Ids of the rules that fired, sorted. */
  rules: string[];
  /** Return codes of the answer's events, sorted and unique. */
  codes: string[];
  /** The answer's money in cents (a budget's amount, a declaration's granted amount), or null. */
  amount: number | null;
  /** Keyed hash of the client's BSN (iJw messages), so one client's cases can be grouped; null when the request names none. */
  subject: string | null;
  /** The request's facts, identifiers pseudonymised (pseudonymise.ts). */
  facts: Record<string, unknown>;
}

export interface StoredDecision extends DecisionRecord {
  id: number;
}

/**
 * Which entries to read: the fields of the contract's DecisionsQuery that match as they are, and a
 * period. Times are ISO instants here (the query's days are turned into them); `until` is exclusive.
 */
export interface DecisionFilter extends Pick<DecisionsQuery, 'decision' | 'outcome' | 'rule' | 'code'> {
  protocol?: string;
  since?: string;
  until?: string;
  /** Only entries with a smaller id (the next page of a newest-first listing). */
  beforeId?: number;
  limit: number;
}

/** A period of the log for replay (ISO instants; `until` exclusive). */
export interface DecisionPeriod {
  since?: string;
  until?: string;
}
