/**
 * Who may call what, outside the procedure's own login checks:
 * - evaluate is open, unless API keys are required (API_KEYS, or
 *   requireApiKeyForEvaluate in the users file): then a key or a staff login;
 * - the staff tools (drafts, impact) always need a staff login, or an API key
 *   where the deployment allows systems (API_KEYS or keys in the users file).
 * A missing, unknown or malformed credential is 401 unauthenticated. A key that
 * is presented is always checked, also where none is required: an unknown key
 * is 401 on every route that takes keys, whatever the deployment configured.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ApiError } from '../base/errors.js';
import type { Actor } from './identity.js';
import type { UserDirectory } from './users-file.js';

export interface AccessOptions {
  /** Keys from API_KEYS. */
  envKeys?: string[];
  /** The users file (its API keys and requireApiKeyForEvaluate), when the procedure is mounted. */
  users?: UserDirectory;
  /** The logged-in staff member behind a request, when the procedure is mounted. */
  session?: (req: Request) => Promise<{ actor: Actor } | undefined>;
}

export interface Access {
  /** For evaluate and batch. */
  evaluate: RequestHandler;
  /** For drafts and impact; sets res.locals.actor (staff) or res.locals.system (API key). */
  staff: RequestHandler;
}

const sha = (s: string) => createHash('sha256').update(s).digest();

/** The key a request presents: X-API-Key, or Authorization: Bearer <key>. */
export function presentedKey(req: Request): string {
  const auth = req.get('authorization') ?? '';
  return (req.get('x-api-key') ?? (/^bearer /i.test(auth) ? auth.slice(7) : '')).trim();
}

export function createAccess(o: AccessOptions): Access {
  const envDigests = (o.envKeys ?? []).map(sha);
  const fileDigests = (): Buffer[] => (o.users?.config().apiKeys ?? [])
    .filter((k) => /^sha256:[0-9a-f]{64}$/.test(k.hash))
    .map((k) => Buffer.from(k.hash.slice(7), 'hex'));
  const keyDigests = () => [...envDigests, ...fileDigests()];
  const keyValid = (key: string) => {
    const d = sha(key);
    // Every digest is compared, so the time taken does not tell which one matched.
    return keyDigests().reduce((ok, w) => timingSafeEqual(w, d) || ok, false);
  };
  const refuse = (message: string, detail: string) => new ApiError('unauthenticated', 'unauthenticated', message, [{ pointer: '', message: detail }]);

  /** A staff session, a valid key, or the reason why not. */
  const identify = async (req: Request, res: Response): Promise<ApiError | undefined> => {
    const key = presentedKey(req);
    if (key) {
      if (keyValid(key)) {
        res.locals.system = true;
        return undefined;
      }
      return new ApiError('unauthenticated', 'unauthenticated', 'onbekende API-sleutel', [{ pointer: req.get('x-api-key') !== undefined ? '/header/x-api-key' : '/header/authorization', message: 'onbekende sleutel' }]);
    }
    const s = await o.session?.(req);
    if (s) {
      res.locals.actor = s.actor;
      return undefined;
    }
    return undefined === o.session
      ? refuse('deze dienst vraagt een API-sleutel (Authorization: Bearer <sleutel> of X-API-Key)', 'sleutel ontbreekt')
      : refuse('log eerst in, of gebruik een API-sleutel (Authorization: Bearer <sleutel> of X-API-Key)', 'geen sessie of sleutel');
  };

  return {
    evaluate(req: Request, res: Response, next: NextFunction) {
      const required = envDigests.length > 0 || o.users?.config().requireApiKeyForEvaluate === true;
      if (!required && !presentedKey(req)) return next();
      identify(req, res).then(next, next);
    },
    staff(req: Request, res: Response, next: NextFunction) {
      identify(req, res).then((refusal) => {
        if (refusal && !o.session && keyDigests().length === 0) {
          return next(refuse('deze omgeving heeft geen login en geen API-sleutels; stel API_KEYS in om de concept- en impactfuncties te gebruiken', 'geen sessie of sleutel mogelijk'));
        }
        next(refusal);
      }, next);
    },
  };
}
