/**
 * A JSON body reader for routes with a large body limit whose handler needs the parsed body on the main
 * thread (POST /api/v1/impact, the procedure's writes): a body of at least 256 KiB is parsed (as
 * express.json() would) and checked (its API schema, clean text) in a check worker, and comes back as
 * data, so the event loop copies the body once instead of decoding, parsing and validating megabytes. Smaller bodies are read here by the same
 * functions. The answers are express.json()'s and validateBody()'s: 400 with the same pointers, 415, 413.
 */
import { raw, type Request, type RequestHandler } from 'express';
import { parseJsonBody } from '../base/json-body-text.js';
import { CheckRefused, sharedCheckPool, type CheckPool } from '../offload/check-pool.js';
import { checkParsedBody, type BodyCheck } from '../contract/api-schemas.js';
import { ApiError } from './errors.js';
import { bodyCharset } from './json-body.js';

/** Bodies of at least this many bytes are parsed in a check worker. */
export const PARSE_OFF_THREAD_BYTES = 256 * 1024;

export interface OffThreadOptions {
  /** express.json()'s `strict`: only an object or an array. */
  strict: boolean;
  /** What the parsed body is checked for (its schema, clean text), per request; none: parsed only. */
  check?: (req: Request) => BodyCheck | undefined;
  pool?: () => CheckPool;
}

export function jsonOffThread(limit: string, o: OffThreadOptions): RequestHandler[] {
  const pool = o.pool ?? sharedCheckPool;
  const read: RequestHandler = (req, res, next) => {
    const bytes: Buffer | undefined = Buffer.isBuffer(req.body) ? req.body : undefined;
    let charset: string | undefined;
    let check: BodyCheck | undefined;
    try {
      charset = bodyCharset(req);
      check = o.check?.(req);
      if (!bytes || bytes.byteLength < PARSE_OFF_THREAD_BYTES) {
        const body = bytes ? parseJsonBody(bytes, charset, o.strict) : undefined;
        req.body = check ? checkParsedBody(body, check) : body;
        return next();
      }
    } catch (e) {
      return next(e);
    }
    // The bytes are moved (they own their memory: a body this large is never a slice of a shared pool).
    const moved = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    const job = { kind: 'json' as const, bytes: whole ? moved : new Uint8Array(moved), charset, strict: o.strict, check };
    pool().run(job, { transfer: [job.bytes.buffer as ArrayBuffer] }).then((r) => {
      if (r.kind !== 'json') throw new Error('unexpected json result');
      if (r.error) throw ApiError.fromData(r.error);
      req.body = r.body;
      next();
    }).catch((e: unknown) => {
      if (e instanceof CheckRefused && e.reason === 'busy') {
        res.setHeader('Retry-After', '2');
        return next(new ApiError('too_many_requests', 'too_many_requests', e.message, [{ pointer: '', message: 'probeer het over 2 seconden opnieuw' }]));
      }
      if (e instanceof CheckRefused) return next(new ApiError('unprocessable', e.reason === 'memory' ? 'limit_exceeded' : e.reason === 'budget' ? 'time_budget_exceeded' : 'check_failed', e.message, [{ pointer: '', message: e.message }]));
      next(e);
    });
  };
  return [raw({ type: () => true, limit }), read];
}
