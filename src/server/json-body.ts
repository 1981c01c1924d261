/**
 * A JSON body reader for the hot single-evaluate route. The common request
 * (Content-Type exactly application/json, optionally charset=utf-8, no
 * Content-Encoding, a Content-Length within the limit) is read and parsed
 * here in one step; every other request goes to express's json() with the
 * same limit, so compressed bodies, other charsets, chunked bodies and bodies
 * over the limit keep exactly the answers they had (415, 413, ...).
 *
 * The fast road answers as json() does: an empty body is `{}`, a leading
 * UTF-8 byte order mark is dropped, invalid UTF-8 becomes U+FFFD, and a body
 * that is not JSON is 400 invalid_request.
 */
import { json, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { ApiError } from './errors.js';

/** The media types of every JSON body: application/json and any `+json` type (docs/limits.md), in type-is syntax. */
export const JSON_TYPES = ['application/json', '+json'];

/** express.json() for every route with a JSON body: the same media types everywhere (JSON_TYPES). */
export function jsonParser(limit: string, strict = false): RequestHandler {
  return json({ limit, strict, type: JSON_TYPES });
}

/**
 * The charset of a body read as bytes (express.raw), by express.json()'s rule: none means UTF-8, one
 * that does not start with `utf-` is 415 unsupported_media_type. Lower case; undefined when none was given.
 */
export function bodyCharset(req: Request): string | undefined {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.get('content-type') ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && !charset.startsWith('utf-')) {
    throw new ApiError('unsupported_media_type', 'unsupported_media_type', 'deze tekenset wordt niet aangenomen; stuur UTF-8', [{ pointer: '/header/content-type', message: 'charset' }]);
  }
  return charset;
}

/**
 * A 200 JSON answer written directly: the same bytes and Content-Type as res.json(), without the
 * ETag that res.send() hashes from every answer (an answer to a POST is never revalidated).
 */
export function sendJson(res: Response, text: string | Uint8Array): void {
  res.statusCode = 200;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', typeof text === 'string' ? Buffer.byteLength(text) : text.byteLength);
  res.end(text);
}

const UNITS: Record<string, number> = { b: 1, kb: 1 << 10, mb: 1 << 20, gb: 1 << 30 };

/** Bytes of a limit in body-parser's units ("1mb" = 1,048,576; "512kb"; "100"). */
export function limitBytes(limit: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(limit);
  if (!m) throw new Error(`geen grootte: ${limit}`);
  return Math.floor(Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]);
}

/** `application/json` with at most a UTF-8 charset, any case and spacing. */
const PLAIN_JSON = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-?8"?\s*)?$/i;

const aborted = () => new ApiError('invalid', 'invalid_request', 'het verzoek is afgebroken', [{ pointer: '', message: 'afgebroken' }]);
const notJson = () => new ApiError('invalid', 'invalid_request', 'de body is geen geldige JSON', [{ pointer: '', message: 'geen geldige JSON' }]);

/** One body being read on the fast road. */
interface Reading {
  req: Request;
  next: NextFunction;
  length: number;
  chunks: Buffer[];
  received: number;
  done: boolean;
}

// Listeners are plain arguments calling these module functions: no named closures per request
// (under tsx every named closure costs a defineProperty for its name).
function settle(r: Reading, err?: unknown): void {
  if (r.done) return;
  r.done = true;
  r.next(err);
}

function parse(r: Reading): void {
  if (r.received !== r.length) return settle(r, new ApiError('invalid', 'invalid_request', 'de body is niet zo lang als Content-Length zegt', [{ pointer: '', message: 'Content-Length' }]));
  let text = (r.chunks.length === 1 ? r.chunks[0] : Buffer.concat(r.chunks, r.received)).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    r.req.body = JSON.parse(text);
  } catch {
    return settle(r, notJson());
  }
  settle(r);
}

export function jsonBody(limit: string): RequestHandler {
  const max = limitBytes(limit);
  const general = jsonParser(limit);
  return (req, res, next) => {
    const h = req.headers;
    const length = h['content-length'] === undefined ? NaN : Number(h['content-length']);
    const encoding = h['content-encoding'];
    if (!(length >= 0 && length <= max) || h['transfer-encoding'] !== undefined || (encoding !== undefined && encoding.toLowerCase() !== 'identity')
      || h['content-type'] === undefined || !PLAIN_JSON.test(h['content-type'])) {
      return general(req, res, next);
    }
    if (length === 0) {
      req.body = {};
      return next();
    }
    const r: Reading = { req, next, length, chunks: [], received: 0, done: false };
    req.on('data', (c: Buffer) => {
      r.received += c.length;
      r.chunks.push(c);
    });
    req.on('end', () => parse(r));
    // A connection that breaks off mid-body is the client's doing (400, as json() answers it), not a fault here.
    req.on('error', () => settle(r, aborted()));
    req.on('aborted', () => settle(r, aborted()));
  };
}
