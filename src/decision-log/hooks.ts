/**
 * Where answers reach the decision log: the batch pool (single evaluate and
 * batch items, on the main thread or a worker) and the iJw service (one entry
 * per declaration line or allocation product). Each hook only hands over
 * references (DecisionLog.record); the work happens when the log flushes.
 */
import type { EvaluateRequest, EvaluateResponse } from '../evaluate/evaluate.js';
import type { BatchPool } from '../server/batch/pool.js';
import type { DecisionLog } from './decision-log.js';
import { reduce, type PendingDecision } from './entry.js';

/** The pool with every answered evaluate request and batch item recorded. */
export function loggedPool(pool: BatchPool, log: DecisionLog): BatchPool {
  const record = (source: 'evaluate' | 'batch', req: EvaluateRequest, a: EvaluateResponse) =>
    log.record({ source, at: log.now(), protocol: a.protocol, decision: a.decision, facts: req.facts, answer: a });
  return {
    get workers() {
      return pool.workers;
    },
    async evaluateOne(registry, request, today) {
      const a = await pool.evaluateOne(registry, request, today);
      record('evaluate', request, a);
      return a;
    },
    async evaluate(registry, items, today) {
      const results = await pool.evaluate(registry, items, today);
      for (let i = 0; i < results.length; i++) {
        const r = results[i] as EvaluateResponse | undefined;
        if (r && typeof r.outcome === 'string' && typeof r.contentHash === 'string') record('batch', items[i] as EvaluateRequest, r);
      }
      return results;
    },
    // A large batch answered on a worker: the worker sends the answered items back, reduced, for the log.
    async evaluateRaw(registry, body, today, bounds) {
      const r = await pool.evaluateRaw(registry, body, today, bounds, { at: log.now() });
      if (r && 'decisions' in r && r.decisions) {
        for (const d of r.decisions) log.record(d);
        const { decisions: _d, ...rest } = r;
        return rest;
      }
      return r;
    },
    close: () => pool.close(),
  };
}

/** The answered items of a batch (not the refused ones) as log entries, reduced to what a record needs (on a batch worker). */
export function loggedItems(items: unknown[], results: unknown[], at: number): PendingDecision[] {
  const out: PendingDecision[] = [];
  for (let i = 0; i < results.length; i++) {
    const a = results[i] as EvaluateResponse | undefined;
    if (!a || typeof a.outcome !== 'string' || typeof a.contentHash !== 'string') continue;
    out.push(reduce({ source: 'batch', at, protocol: a.protocol, decision: a.decision, facts: (items[i] as EvaluateRequest).facts, answer: a }));
  }
  return out;
}

/** One decision of an iJw message, as the iJw service reports it (ServiceOptions.onDecision). */
export interface IjwDecision {
  protocol: string;
  decision: string;
  facts: Record<string, unknown>;
  outcome: string;
  events: EvaluateResponse['events'];
  version?: string | null;
  contentHash?: string | null;
  /** The client's BSN from the message; hashed before it is stored. */
  bsn?: string;
}

export function ijwDecisionHook(log: DecisionLog): (d: IjwDecision) => void {
  return (d) => log.record({
    source: 'ijw', at: log.now(), protocol: d.protocol, decision: d.decision, facts: d.facts, bsn: d.bsn,
    answer: { version: d.version ?? null, contentHash: d.contentHash ?? null, outcome: d.outcome, events: d.events },
  });
}
