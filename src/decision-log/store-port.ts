/**
 * The port the decision log keeps its entries in; the procedure's store
 * (src/amend/store) implements it, on SQLite or PostgreSQL.
 */
import type { DecisionFilter, DecisionPeriod, DecisionRecord, StoredDecision } from './types.js';

export interface DecisionStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the records are, without secrets (a file path, or host:port/database). */
  readonly where: string;
  decisions: {
    /** Appends the entries, all or none. */
    add(records: DecisionRecord[]): Promise<void>;
    /** Newest first (by id), filtered, at most `limit`. */
    list(filter: DecisionFilter): Promise<StoredDecision[]>;
    /** Oldest first: entries of the period with an id above `afterId`, at most `limit` (replay reads the log page by page). */
    replay(period: DecisionPeriod, afterId: number, limit: number): Promise<StoredDecision[]>;
    /** Removes every entry answered before `at`; returns how many. */
    removeBefore(at: string): Promise<number>;
  };
}
