/**
 * A JSON request body from its bytes, read as express.json() reads it, for the routes that parse a large
 * body off the event loop (a check worker's draft, a batch worker's iJw message): decoded in its charset
 * (a leading byte order mark dropped), `{}` when empty, with `strict` only an object or an array; a body
 * that is not JSON is 400 invalid_request and a charset no decoder knows 415, with the same messages and
 * pointers as src/server/errors.ts gives body-parser's failures.
 */
import { ApiError } from './errors.js';

const FIRST = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d])/;

export function parseJsonBody(bytes: Uint8Array, charset: string | undefined, strict: boolean): unknown {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset ?? 'utf-8');
  } catch {
    throw new ApiError('unsupported_media_type', 'unsupported_media_type', 'deze tekenset wordt niet aangenomen; stuur UTF-8', [{ pointer: '/header/content-type', message: 'charset' }]);
  }
  const text = decoder.decode(bytes);
  if (text.length === 0) return {};
  const first = FIRST.exec(text)?.[1];
  try {
    if (strict && first !== '{' && first !== '[') throw new SyntaxError('strict violation');
    return JSON.parse(text);
  } catch {
    throw new ApiError('invalid', 'invalid_request', 'de body is geen geldige JSON', [{ pointer: '', message: 'geen geldige JSON' }]);
  }
}
