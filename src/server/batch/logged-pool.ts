/** The batch pool with the decision log's hook (src/decision-log/hooks.ts) around it. */
import type { EvaluateRequest, EvaluateResponse } from '../../evaluate/evaluate.js';
import type { DecisionLog } from '../../decision-log/decision-log.js';
import type { BatchPool } from './pool.js';
import { eachInTurns } from '../../base/turns.js';

/** Decisions of a large batch (or iJw message) recorded per turn of the event loop. */
export const RECORD_PER_TURN = 500;

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
        // Recorded RECORD_PER_TURN per turn of the event loop: 10,000 entries in one turn held it some
        // 85 ms (npm run fuzz, loop cpu max); a turn of 500 costs it a few.
        await eachInTurns(r.decisions, RECORD_PER_TURN, (d) => log.record(d));
        const { decisions: _d, ...rest } = r;
        return rest;
      }
      return r;
    },
    close: () => pool.close(),
  };
}
