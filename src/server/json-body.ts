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
import { json, type RequestHandler } from 'express';
import { ApiError } from './errors.js';

const UNITS: Record<string, number> = { b: 1, kb: 1 << 10, mb: 1 << 20, gb: 1 << 30 };

/** Bytes of a limit in body-parser's units ("1mb" = 1,048,576; "512kb"; "100"). */
export function limitBytes(limit: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(limit);
  if (!m) throw new Error(`geen grootte: ${limit}`);
  return Math.floor(Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]);
}

/** `application/json` with at most a UTF-8 charset, any case and spacing. */
const PLAIN_JSON = /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-?8"?\s*)?$/i;

const notJson = () => new ApiError(400, 'invalid_request', 'de body is geen geldige JSON', [{ pointer: '', message: 'geen geldige JSON' }]);

export function jsonBody(limit: string): RequestHandler {
  const max = limitBytes(limit);
  const general = json({ limit, strict: false });
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
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const finish = (err?: unknown) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', finish);
      req.off('aborted', onAborted);
      next(err);
    };
    const onData = (c: Buffer) => {
      received += c.length;
      chunks.push(c);
    };
    const onAborted = () => finish(new ApiError(400, 'invalid_request', 'het verzoek is afgebroken', [{ pointer: '', message: 'afgebroken' }]));
    const onEnd = () => {
      if (received !== length) return finish(new ApiError(400, 'invalid_request', 'de body is niet zo lang als Content-Length zegt', [{ pointer: '', message: 'Content-Length' }]));
      let text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received)).toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      try {
        req.body = JSON.parse(text);
      } catch {
        return finish(notJson());
      }
      finish();
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', finish);
    req.on('aborted', onAborted);
  };
}
