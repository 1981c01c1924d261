/**
 * One mapping from errors to HTTP. Anything a client can cause becomes a JSON
 * error with a stable snake_case code and details with JSON pointers; only bugs
 * become 500 internal_error, and their text never reaches the client.
 */
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import { EvaluateError, type ErrorDetail } from '../evaluate/errors.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string, details: ErrorDetail[] = []) {
  return { error: { code, message, details } };
}

/** Wraps an async route so a rejected promise reaches the error handler. */
export function asyncHandler(fn: (req: Request, res: Response, next: NextFunction) => Promise<unknown>): RequestHandler {
  return (req, res, next) => {
    fn(req, res, next).catch(next);
  };
}

/** Maps an error to status and body; shared by single and batch evaluation. */
export function toHttp(err: unknown): { status: number; body: ReturnType<typeof errorBody> } {
  if (err instanceof EvaluateError) return { status: err.status, body: errorBody(err.code, err.message, err.details) };
  if (err instanceof HttpError) return { status: err.status, body: errorBody(err.code, err.message, err.details) };
  const e = err as { type?: string; status?: number; statusCode?: number; message?: string };
  // body-parser's errors carry a type and a 4xx status.
  if (e?.type === 'entity.too.large') return { status: 413, body: errorBody('payload_too_large', 'het verzoek is groter dan de ingestelde limiet') };
  if (e?.type === 'entity.parse.failed') return { status: 400, body: errorBody('invalid_request', 'de body is geen geldige JSON', [{ pointer: '', message: 'geen geldige JSON' }]) };
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, body: errorBody('invalid_request', 'het verzoek kan niet worden gelezen', [{ pointer: '', message: String(e.type ?? 'ongeldig verzoek') }]) };
  }
  return { status: 500, body: errorBody('internal_error', 'interne fout; zie het serverlog met het request-id') };
}

export function errorHandler(log: { error(o: object, msg: string): void }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const { status, body } = toHttp(err);
    if (status >= 500) log.error({ err, requestId: res.getHeader('x-request-id') }, 'unhandled error');
    if (res.headersSent) return;
    res.status(status).json(body);
  };
}
