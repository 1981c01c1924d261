import { Router, json } from 'express';
import { evaluate, type EvaluateRequest } from '../../evaluate/evaluate.js';
import type { BatchPool } from '../batch/pool.js';
import { envelopeProblems } from '../api-schemas.js';
import { asyncHandler, HttpError } from '../errors.js';
import type { RegistryHolder } from '../registry-holder.js';

export const MAX_BATCH = 10_000;

export interface EvaluateRouteOptions {
  holder: RegistryHolder;
  today: () => string;
  bodyLimit: string;
  batchBodyLimit: string;
  /** Evaluates batch items in order, on the main thread or spread over workers. */
  batch: BatchPool;
}

/** POST /api/v1/evaluate and /api/v1/evaluate/batch, exactly as CONTRACT.md describes. */
export function evaluateRouter(o: EvaluateRouteOptions): Router {
  const r = Router();
  r.post('/', json({ limit: o.bodyLimit, strict: false }), asyncHandler(async (req, res) => {
    const problems = envelopeProblems(req.body);
    if (problems.length) throw new HttpError(400, 'invalid_request', 'het verzoek heeft niet de vorm van het contract', problems);
    // The registry is read once: a reload during this request does not change its answer.
    res.json(await evaluate(o.holder.current(), req.body as EvaluateRequest, { today: o.today() }));
  }));

  r.post('/batch', json({ limit: o.batchBodyLimit, strict: false }), asyncHandler(async (req, res) => {
    const body = req.body as { requests?: unknown };
    if (!body || typeof body !== 'object' || Array.isArray(body) || !Array.isArray(body.requests) || Object.keys(body).some((k) => k !== 'requests')) {
      throw new HttpError(400, 'invalid_request', 'verwacht { "requests": [ ... ] }', [{ pointer: '/requests', message: 'moet een lijst van verzoeken zijn' }]);
    }
    if (body.requests.length > MAX_BATCH) {
      throw new HttpError(400, 'invalid_request', `hoogstens ${MAX_BATCH} verzoeken per batch`, [{ pointer: '/requests', message: `${body.requests.length} verzoeken` }]);
    }
    // The registry is read once: every item of a batch is answered by the same rules.
    res.json({ results: await o.batch.evaluate(o.holder.current(), body.requests, o.today()) });
  }));
  return r;
}
