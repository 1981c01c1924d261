import { Router, json } from 'express';
import type { EvaluateRequest } from '../../evaluate/evaluate.js';
import type { BatchPool } from '../batch/pool.js';
import { validateBody } from '../api-schemas.js';
import { ApiError, asyncHandler } from '../errors.js';
import type { RegistryHolder } from '../registry-holder.js';

/** The default of BATCH_MAX_ITEMS. */
export const MAX_BATCH = 10_000;

export interface EvaluateRouteOptions {
  holder: RegistryHolder;
  today: () => string;
  bodyLimit: string;
  batchBodyLimit: string;
  /** Requests per batch (BATCH_MAX_ITEMS). */
  batchItems?: number;
  /** Evaluates batch items in order, on the main thread or spread over workers. */
  batch: BatchPool;
}

/** POST /api/v1/evaluate and /api/v1/evaluate/batch, exactly as CONTRACT.md describes. */
export function evaluateRouter(o: EvaluateRouteOptions): Router {
  const r = Router();
  const maxItems = o.batchItems ?? MAX_BATCH;
  r.post('/', json({ limit: o.bodyLimit, strict: false }), asyncHandler(async (req, res) => {
    const body = validateBody<EvaluateRequest>('EvaluateRequest', req.body);
    // The registry is read once: a reload during this request does not change its answer.
    // While the main thread is busy, the pool may answer it on a worker (same rules, same answer).
    res.json(await o.batch.evaluateOne(o.holder.current(), body, o.today()));
  }));

  r.post('/batch', json({ limit: o.batchBodyLimit, strict: false }), asyncHandler(async (req, res) => {
    const requests = (req.body as { requests?: unknown } | null)?.requests;
    if (Array.isArray(requests) && requests.length > maxItems) {
      throw new ApiError(400, 'invalid_request', `hoogstens ${maxItems} verzoeken per batch`, [{ pointer: '/requests', message: `${requests.length} verzoeken` }]);
    }
    const body = validateBody<{ requests: unknown[] }>('BatchRequest', req.body);
    // The registry is read once: every item of a batch is answered by the same rules.
    res.json({ results: await o.batch.evaluate(o.holder.current(), body.requests, o.today()) });
  }));
  return r;
}
