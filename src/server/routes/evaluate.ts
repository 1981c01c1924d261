import { Router, raw, type RequestHandler, type Response } from 'express';
import { parseBatchBody } from '../batch/envelope.js';
import type { BatchPool } from '../batch/pool.js';
import { validateBody } from '../../contract/api-schemas.js';
import { ApiError, asyncHandler } from '../errors.js';
import { jsonBody, sendJson } from '../json-body.js';
import { DEFAULT_LIMITS } from '../../base/limits.js';
import type { RegistryHolder } from '../registry-holder.js';
import { createTurnQueue } from './turn-queue.js';

/** The default of BATCH_MAX_ITEMS. */
export const MAX_BATCH = 10_000;

/** Batch bodies of at least this many bytes are parsed on a batch worker (BATCH_PARSE_ON_WORKER_BYTES, default 256 KiB). */
const parseOnWorkerBytes = Math.max(1024, Number(process.env.BATCH_PARSE_ON_WORKER_BYTES) || 256 * 1024);

export interface EvaluateRouteOptions {
  holder: RegistryHolder;
  today: () => string;
  bodyLimit: string;
  batchBodyLimit: string;
  /** Requests per batch (BATCH_MAX_ITEMS). */
  batchItems?: number;
  /** Requests with explain per batch (BATCH_EXPLAIN_MAX_ITEMS). */
  batchExplainItems?: number;
  /** Evaluates batch items in order, on the main thread or spread over workers. */
  batch: BatchPool;
}

/**
 * POST /api/v1/evaluate: the body reader and the handler, in order. The app runs these same two
 * straight from its first layers for the exact path (src/server/app.ts); the router below mounts them too.
 */
export function evaluateOneHandlers(o: Pick<EvaluateRouteOptions, 'holder' | 'today' | 'bodyLimit' | 'batch'>): RequestHandler[] {
  const turn = createTurnQueue();
  return [jsonBody(o.bodyLimit), asyncHandler(async (req, res) => {
    const body = validateBody('EvaluateRequest', req.body);
    // The registry is read once: a reload during this request does not change its answer.
    const registry = o.holder.current();
    const today = o.today();
    // Evaluated with the other requests of this turn, back to back (see turn-queue.ts). While the
    // main thread is busy, the pool may answer it on a worker (same rules, same answer).
    const answer = await turn.add(() => o.batch.evaluateOne(registry, body, today));
    sendJson(res, JSON.stringify(answer));
  })];
}

/** POST /api/v1/evaluate and /api/v1/evaluate/batch, as docs/contract.md describes them. */
export function evaluateRouter(o: EvaluateRouteOptions, one: RequestHandler[] = evaluateOneHandlers(o)): Router {
  const r = Router();
  const bounds = { items: o.batchItems ?? MAX_BATCH, explain: o.batchExplainItems ?? DEFAULT_LIMITS.batchExplainItems };
  r.post('/', ...one);

  // The body arrives as bytes (inflated, within the limit; its type was checked before): a large one is
  // parsed, checked and evaluated on a batch worker, so parsing megabytes never stalls other clients.
  r.post('/batch', raw({ type: () => true, limit: o.batchBodyLimit }), asyncHandler(async (req, res) => {
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.get('content-type') ?? '')?.[1]?.toLowerCase();
    if (charset && charset !== 'utf-8' && charset !== 'utf8') {
      throw new ApiError('unsupported_media_type', 'unsupported_media_type', 'deze tekenset wordt niet aangenomen; stuur UTF-8', [{ pointer: '/header/content-type', message: 'charset' }]);
    }
    const bytes: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    // The registry is read once: every item of a batch is answered by the same rules.
    const registry = o.holder.current();
    if (bytes.length >= parseOnWorkerBytes) {
      const answer = await o.batch.evaluateRaw(registry, bytes, o.today(), bounds);
      if (answer && 'error' in answer) throw ApiError.fromData(answer.error);
      // Written as is: no ETag hashed over a large answer on the main thread.
      if (answer) return void sendJson(res, answer.json);
    }
    const requests = parseBatchBody(bytes.toString('utf8'), bounds);
    res.json({ results: await o.batch.evaluate(registry, requests, o.today()) });
  }));
  return r;
}
