/**
 * One mapping from errors to HTTP, used by the one error middleware. Refusals
 * (base/errors.ts) carry a kind, not a status: HTTP_STATUS below is the one
 * table from kind to status. Anything
 * a client can cause becomes a JSON error with a stable snake_case code and
 * details with JSON pointers; only bugs become 500 internal_error, and their
 * text never reaches the client. An error answer is never larger than the
 * request that caused it, or 4 KB for small requests (details are dropped,
 * then the message clipped).
 */
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import { ApiError, errorBody, type ErrorBody, type ErrorDetail, type RefusalKind } from '../base/errors.js';

export { ApiError, errorBody, type ErrorBody, type ErrorDetail };

/** The one table from a refusal's kind to its HTTP status (the statuses docs/contract.md and the OpenAPI document declare). */
export const HTTP_STATUS: Record<RefusalKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  too_many_requests: 429,
};

/** The HTTP status of a refusal. */
export const httpStatus = (e: ApiError): number => HTTP_STATUS[e.kind];

/** Wraps an async route so a rejected promise reaches the error handler. */
export function asyncHandler(fn: (req: Request, res: Response, next: NextFunction) => Promise<unknown>): RequestHandler {
  return (req, res, next) => {
    fn(req, res, next).catch(next);
  };
}

/** body-parser's and the router's failures: each has a `type` or a 4xx status, which is kept as it came. */
function clientFault(e: { type?: string; status?: number; statusCode?: number }): { status: number; body: ErrorBody } | undefined {
  switch (e?.type) {
    case 'entity.too.large':
    case 'parameters.too.many':
      return answer(new ApiError('too_large', 'payload_too_large', 'het verzoek is groter dan de ingestelde limiet', [{ pointer: '', message: 'te groot' }]));
    case 'entity.parse.failed':
      return answer(new ApiError('invalid', 'invalid_request', 'de body is geen geldige JSON', [{ pointer: '', message: 'geen geldige JSON' }]));
    case 'charset.unsupported':
      return answer(new ApiError('unsupported_media_type', 'unsupported_media_type', 'deze tekenset wordt niet aangenomen; stuur UTF-8', [{ pointer: '/header/content-type', message: 'charset' }]));
    case 'encoding.unsupported':
      return answer(new ApiError('unsupported_media_type', 'unsupported_media_type', 'deze Content-Encoding wordt niet aangenomen (wel: gzip, deflate, br of geen)', [{ pointer: '/header/content-encoding', message: 'onbekende codering' }]));
  }
  const status = e?.status ?? e?.statusCode;
  if (status === 415) return answer(new ApiError('unsupported_media_type', 'unsupported_media_type', 'dit soort inhoud wordt niet aangenomen; stuur application/json', [{ pointer: '/header/content-type', message: 'geen JSON' }]));
  if (status === 413) return answer(new ApiError('too_large', 'payload_too_large', 'het verzoek is groter dan de ingestelde limiet', [{ pointer: '', message: 'te groot' }]));
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, body: errorBody('invalid_request', 'het verzoek kan niet worden gelezen', [{ pointer: '', message: String(e.type ?? 'ongeldig verzoek') }]) };
  }
  return undefined;
}

const answer = (e: ApiError) => ({ status: httpStatus(e), body: e.toJSON() });

/** Maps an error to status and body; shared by the error middleware and batch items. */
export function toHttp(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof ApiError) return answer(err);
  return clientFault(err as { type?: string; status?: number }) ?? { status: 500, body: errorBody('internal_error', 'interne fout; zie het serverlog met het request-id') };
}

const size = (body: unknown) => Buffer.byteLength(JSON.stringify(body));

/**
 * Shrinks an error body to at most `budget` bytes: details are dropped from
 * the end (counted in `truncated`), then the message is clipped.
 */
export function fitError(body: ErrorBody, budget: number): ErrorBody {
  if (size(body) <= budget) return body;
  const e = { ...body.error, details: [...body.error.details] };
  let left = e.truncated ?? 0;
  while (e.details.length && size({ error: { ...e, truncated: left } }) > budget) {
    e.details.pop();
    left++;
  }
  const out = { error: { ...e, ...(left ? { truncated: left } : {}) } };
  const over = size(out) - budget;
  if (over > 0) out.error.message = out.error.message.slice(0, Math.max(0, out.error.message.length - over - 1)) + '…';
  return out;
}

/** Bytes of a request as it came in: request line, headers and declared body. */
export function requestBytes(req: Request): number {
  let n = req.method.length + req.originalUrl.length + 11;
  for (const h of req.rawHeaders) n += h.length + 2;
  const declared = Number(req.headers['content-length']);
  return n + (Number.isFinite(declared) && declared > 0 ? declared : 0);
}

/**
 * Error answers may always use this many bytes, so a small request still
 * hears every detail; above it an answer is never larger than its request.
 */
export const ERROR_FLOOR_BYTES = 4096;

/** Sends an error as JSON, at most max(request size, ERROR_FLOOR_BYTES) bytes. */
export function sendError(req: Request, res: Response, err: unknown): void {
  const { status, body } = toHttp(err);
  // 429 always says when to try again (docs/contract.md); 2 s when the thrower gave no figure.
  if (status === 429) res.setHeader('retry-after', String(err instanceof ApiError && typeof err.retryAfter === 'number' ? err.retryAfter : 2));
  if (status === 401) res.setHeader('www-authenticate', 'Bearer');
  res.status(status).json(fitError(body, Math.max(ERROR_FLOOR_BYTES, requestBytes(req))));
}

/** The one error middleware: logs bugs with the request id, answers everything as JSON. */
export function errorHandler(log: { error(o: object, msg: string): void }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const { status } = toHttp(err);
    if (status >= 500) log.error({ err, requestId: res.getHeader('x-request-id') }, 'unhandled error');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendError(req, res, err);
  };
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * 415 unsupported_media_type for a request body that is not JSON: every API
 * route takes JSON only. An empty body (a bare POST) passes.
 */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  if (!BODY_METHODS.has(req.method)) return next();
  const length = Number(req.headers['content-length'] ?? 0);
  const chunked = req.headers['transfer-encoding'] !== undefined;
  if (!chunked && !(length > 0)) return next();
  if (req.is(['application/json', '+json'])) return next();
  next(new ApiError('unsupported_media_type', 'unsupported_media_type', `dit endpoint neemt alleen application/json aan (gekregen: ${req.get('content-type') ?? 'geen Content-Type'})`.slice(0, 200), [{ pointer: '/header/content-type', message: 'geen JSON' }]));
};

/** 404 not_found as JSON for any path no route took (also //api/... and paths outside /api). */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new ApiError('not_found', 'not_found', `geen endpoint ${req.method} ${req.originalUrl.split('?')[0]}`.slice(0, 200)));
};
