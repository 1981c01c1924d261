/**
 * One answered decision as the decision log keeps it (docs/decision-log.md):
 * the request's facts with every direct identifier replaced by a keyed hash,
 * the version and content hash that answered, the outcome, the rules and
 * codes, the amount and the time.
 */
import type { DecisionLogPage, DecisionsQuery } from '../../schemas/api/api-types.js';

/** A stored entry as the contract answers it (DecisionLogPage, schemas/api), with its facts readable. */
export type StoredDecision = Omit<DecisionLogPage['decisions'][number], 'facts'> & { facts: Record<string, unknown> };

/**
 * An entry before it is stored: at (ISO instant, UTC), source, the version and content hash that answered
 * (null for an iJw line no version judged), the reference date replay answers on, the outcome, the ids of
 * the rules that fired and the return codes (sorted, unique), the money in cents or null, the keyed hash
 * of the client's BSN or null, and the facts with identifiers pseudonymised (pseudonymise.ts).
 */
export type DecisionRecord = Omit<StoredDecision, 'id'>;

export type DecisionSource = DecisionRecord['source'];

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
