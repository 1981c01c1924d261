import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { errorBody } from './errors.js';

/** Keys from the API_KEYS environment variable (comma-separated); empty means evaluate is open. */
export function apiKeysFromEnv(value = process.env.API_KEYS): string[] {
  return (value ?? '').split(',').map((k) => k.trim()).filter(Boolean);
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Requires `Authorization: Bearer <key>` or `X-API-Key: <key>` with one of `keys`.
 * Compares digests in constant time, so neither a key's length nor its prefix leaks.
 */
export function apiKeyGuard(keys: string[]): RequestHandler {
  const wanted = keys.map(digest);
  return (req, res, next) => {
    const auth = req.get('authorization') ?? '';
    const key = req.get('x-api-key') ?? (/^bearer /i.test(auth) ? auth.slice(7).trim() : '');
    if (key) {
      const d = digest(key);
      if (wanted.some((w) => timingSafeEqual(w, d))) return next();
    }
    res.setHeader('www-authenticate', 'Bearer');
    res.status(401).json(errorBody('unauthenticated', key ? 'onbekende API-sleutel' : 'deze dienst vraagt een API-sleutel (Authorization: Bearer <sleutel> of X-API-Key)', [
      { pointer: '', message: key ? 'onbekende sleutel' : 'sleutel ontbreekt' },
    ]));
  };
}
