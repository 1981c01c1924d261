/**
 * The one path of every impact analysis the service runs (`POST /api/v1/impact`
 * and a proposal's `POST /api/v1/proposals/{id}/impact`): loading both rule
 * trees, generating the corpus and running both sides happen in a job of the
 * check pool (a worker thread with a time budget), never on the event loop.
 * Runs take one process-wide budget: at most IMPACT_MAX_CONCURRENT (default 1)
 * at a time; one more is refused at once with 429 and `Retry-After`
 * (IMPACT_RETRY_AFTER_SECONDS, default 30) instead of queueing behind it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError, tooManyRequests } from '../base/errors.js';
import { ImpactDraftError } from '../impact/check-sides.js';
import type { ImpactJobInput } from '../impact/generated-corpus.js';
import type { ImpactReport } from '../impact/types.js';
import { CheckRefused, sharedCheckPool, type CheckPool } from './check-pool.js';
import { envWhole } from '../base/limits.js';

/** Settings, read once at start (docs/limits.md). */
export const IMPACT_LIMITS = {
  /** Time budget of one impact analysis (IMPACT_TIME_BUDGET_MS). */
  budgetMs: envWhole(process.env, 'IMPACT_TIME_BUDGET_MS', 120_000, 1000),
  /** Impact analyses running at once in this process (IMPACT_MAX_CONCURRENT). */
  maxConcurrent: envWhole(process.env, 'IMPACT_MAX_CONCURRENT', 1, 1),
  /** Retry-After of the 429 when that many run (IMPACT_RETRY_AFTER_SECONDS). */
  retryAfterSeconds: envWhole(process.env, 'IMPACT_RETRY_AFTER_SECONDS', 30, 1),
};

let running = 0;

/** Impact analyses running now in this process. */
export const impactRunning = () => running;

/**
 * Runs one impact analysis off the event loop. Throws ApiError 429 when the
 * budget is taken or the pool is full, 422 `time_budget_exceeded` or
 * `limit_exceeded` when cut off, and ImpactDraftError when the `to` side does
 * not load (each caller words that for its own request).
 */
export async function impactOffThread(input: Omit<ImpactJobInput, 'workDir'>, o: { pool?: CheckPool; limits?: typeof IMPACT_LIMITS } = {}): Promise<ImpactReport> {
  const limits = o.limits ?? IMPACT_LIMITS;
  if (running >= limits.maxConcurrent) {
    throw tooManyRequests(`er ${limits.maxConcurrent === 1 ? 'loopt al een impactanalyse' : `lopen al ${running} impactanalyses`} in deze service; probeer het over ${limits.retryAfterSeconds} seconden opnieuw`, limits.retryAfterSeconds);
  }
  running++;
  const workDir = mkdtempSync(join(tmpdir(), 'impact-'));
  try {
    const r = await (o.pool ?? sharedCheckPool()).run({ kind: 'impact', job: { ...input, workDir } }, { budgetMs: limits.budgetMs });
    if (r.kind !== 'impact') throw new Error('unexpected result of an impact job');
    if (r.diagnostics) throw new ImpactDraftError(r.diagnostics);
    if (r.error) throw ApiError.fromData(r.error);
    return r.report!;
  } catch (e) {
    if (!(e instanceof CheckRefused)) throw e;
    if (e.reason === 'busy') throw tooManyRequests(e.message, 5);
    throw new ApiError('unprocessable', e.reason === 'budget' ? 'time_budget_exceeded' : 'limit_exceeded', e.message.replace('de controle', 'de impactanalyse').replace(/; maak .*$/, '; kies minder casussen (size)'), [{ pointer: '/size', message: 'kies minder casussen' }]);
  } finally {
    running--;
    rmSync(workDir, { recursive: true, force: true });
  }
}
