/**
 * A proposal's impact analysis off the event loop: it loads every version, generates a corpus and
 * runs both sides, which takes seconds. It runs as a job of the check pool (a worker thread with a
 * time budget), and one at a time per process: a second request while one runs gets 429 at once
 * instead of queueing behind it, so staff asking for impact never hold up other work.
 */
import type { ImpactReport } from '../impact/types.js';
import type { RuleFiles } from '../load/rule-source.js';
import { CheckRefused, sharedCheckPool, type CheckPool } from '../offload/check-pool.js';
import { AmendError, type AmendDetail } from './errors.js';
import type { Proposal, ProposalFile } from './types.js';

/** Time budget of one impact analysis (IMPACT_TIME_BUDGET_MS, default 120 s). */
export const IMPACT_TIME_BUDGET_MS = Math.max(1000, Number(process.env.IMPACT_TIME_BUDGET_MS) || 120_000);

let running = false;

export async function impactOffThread(all: RuleFiles, p: Proposal, files: ProposalFile[], seed: number, size: number, pool: CheckPool = sharedCheckPool(), corpusFile?: string): Promise<ImpactReport> {
  if (running) {
    const e = new AmendError(429, 'too_many_requests', 'er loopt al een impactanalyse in deze service; probeer het over een minuut opnieuw', [{ pointer: '', message: 'één impactanalyse tegelijk' }]);
    e.retryAfter = 30;
    throw e;
  }
  running = true;
  try {
    const r = await pool.run({ kind: 'impact', all: [...all], proposal: p, files, seed, size, corpusFile }, { budgetMs: IMPACT_TIME_BUDGET_MS });
    if (r.kind !== 'impact') throw new Error('unexpected result of an impact job');
    if (r.error) throw new AmendError(r.error.status, r.error.code, r.error.message, r.error.details as AmendDetail[]);
    return r.report!;
  } catch (e) {
    if (!(e instanceof CheckRefused)) throw e;
    if (e.reason === 'busy') {
      const busy = new AmendError(429, 'too_many_requests', e.message, [{ pointer: '', message: 'probeer het zo opnieuw' }]);
      busy.retryAfter = 5;
      throw busy;
    }
    throw new AmendError(422, e.reason === 'budget' ? 'time_budget_exceeded' : 'limit_exceeded', e.message.replace('de controle', 'de impactanalyse'), [{ pointer: '/size', message: 'kies minder casussen' }]);
  } finally {
    running = false;
  }
}
