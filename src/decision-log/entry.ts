/**
 * An answered decision on its way to the log, in three forms:
 * - `PendingDecision`: references to the request's facts and the answer, as
 *   the hooks hand them over;
 * - captured (`capture`): at once, on the answering thread, two lines of JSON
 *   text (encoded-batch.ts writes each followed by a newline): what the record needs of the answer (time, version, outcome, rules
 *   and codes, amount, the BSN's keyed hash) and the facts as JSON.stringify
 *   writes them. The request's objects are then free at once (they never
 *   outlive a young-generation collection), and many captured entries go to the
 *   writer as one buffer;
 * - `DecisionRecord` (`decodeBatch` + `toStored`): on the writer's side, with
 *   the facts pseudonymised as JSON text (pseudonymise.ts).
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
  /** The client's BSN; only its keyed hash is captured. */
  bsn?: string;
}

/** A captured decision read back on the writer's side; `factsJson` is still in clear. */
export interface CapturedDecision extends Omit<DecisionRecord, 'facts'> {
  factsJson: string;
}

/**
 * The two lines of text a decision is captured as: what the record needs of the answer, and the
 * facts. `subject` is the BSN's keyed hash, taken by the caller: no BSN in clear is ever captured.
 * JSON.stringify escapes every newline inside a string, so a line never breaks inside a value.
 */
export function capture(d: PendingDecision, subject: string | null): [head: string, facts: string] {
  const a = d.answer;
  const ruleCodes: (string | null)[] = [];
  for (const e of a.events) ruleCodes.push(e.rule, typeof e.code === 'string' && e.code !== '' ? e.code : null);
  const amount = answerMoney(d.decision, a.outcome, a.events, d.facts).money;
  return [JSON.stringify([d.at, d.source, d.protocol, d.decision, a.version, a.contentHash, a.date ?? null, a.outcome, ruleCodes, amount, subject]), JSON.stringify(d.facts)];
}

type Head = [number, DecisionSource, string, string, string | null, string | null, string | null, string, (string | null)[], number | null, string | null];

const sortedUnique = (xs: (string | null)[], from: number) => {
  const out = new Set<string>();
  for (let i = from; i < xs.length; i += 2) if (xs[i] !== null) out.add(xs[i]!);
  return [...out].sort();
};

/** The captured decisions of a batch's text, in order. */
export function decodeBatch(text: string): CapturedDecision[] {
  const lines = text.split('\n');
  const out: CapturedDecision[] = [];
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const [at, source, protocol, decision, version, contentHash, referenceDate, outcome, ruleCodes, amount, subject] = JSON.parse(lines[i]) as Head;
    out.push({
      at: new Date(at).toISOString(), source, protocol, decision, version, contentHash, referenceDate, outcome,
      rules: sortedUnique(ruleCodes, 0), codes: sortedUnique(ruleCodes, 1), amount, subject, factsJson: lines[i + 1],
    });
  }
  return out;
}

/** What the store keeps of a captured decision: the record, and its facts pseudonymised as JSON text. */
export function toStored(c: CapturedDecision, pseudo: Pseudonymiser): { record: Omit<DecisionRecord, 'facts'>; factsJson: string } {
  const { factsJson, ...record } = c;
  return { record, factsJson: pseudo.factsJson(factsJson) };
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
