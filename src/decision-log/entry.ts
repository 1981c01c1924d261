/**
 * An answered decision as it arrives at the log (references to the request
 * and the answer, taken without copying on the request's path) and the record
 * it becomes when the buffer is flushed (pseudonymised, reduced).
 */
import { answerMoney } from '../evaluate/answer-money.js';
import type { Pseudonymiser } from './pseudonymise.js';
import type { DecisionRecord, DecisionSource } from './types.js';

export interface PendingDecision {
  source: DecisionSource;
  /** Milliseconds since the epoch on the project's clock. */
  at: number;
  protocol: string;
  decision: string;
  facts: Record<string, unknown>;
  answer: {
    version: string | null;
    contentHash: string | null;
    /** The reference date the answer used, when known. */
    date?: string | null;
    outcome: string;
    events: { rule: string; code?: string | null; params?: Record<string, unknown> }[];
  };
  /** The client's BSN, hashed before anything is stored. */
  bsn?: string;
}

export function toRecord(p: PendingDecision, pseudo: Pseudonymiser): DecisionRecord {
  const rules = [...new Set(p.answer.events.map((e) => e.rule))].sort();
  const codes = [...new Set(p.answer.events.map((e) => e.code).filter((c): c is string => typeof c === 'string' && c !== ''))].sort();
  return {
    at: new Date(p.at).toISOString(),
    source: p.source,
    protocol: p.protocol,
    decision: p.decision,
    version: p.answer.version,
    contentHash: p.answer.contentHash,
    referenceDate: p.answer.date ?? null,
    outcome: p.answer.outcome,
    rules,
    codes,
    amount: answerMoney(p.decision, p.answer.outcome, p.answer.events, p.facts).money,
    subject: p.bsn ? pseudo.text('bsn', p.bsn) : null,
    facts: pseudo.facts(p.facts),
  };
}

/** What of an answer's events the record needs: the rule, the code, and a numeric `bedrag`. */
export function reduce(d: PendingDecision): PendingDecision {
  return {
    ...d,
    answer: {
      version: d.answer.version, contentHash: d.answer.contentHash, date: d.answer.date, outcome: d.answer.outcome,
      events: d.answer.events.map((e) => ({ rule: e.rule, code: e.code, ...(typeof e.params?.bedrag === 'number' ? { params: { bedrag: e.params.bedrag } } : {}) })),
    },
  };
}
