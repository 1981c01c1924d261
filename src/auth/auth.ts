/**
 * Login sessions, CSRF and roles. A session is a random token in an HttpOnly,
 * SameSite=Strict cookie, stored hashed in SQLite; every state-changing request
 * made with that cookie must carry the session's CSRF token in X-CSRF-Token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Store } from '../amend/store.js';
import type { Actor, Role } from '../amend/types.js';
import { verifyPassword } from './password.js';
import { hashApiKey, type UserDirectory } from './users-file.js';

export const SESSION_COOKIE = 'pr_session';
const SESSION_HOURS = 8;
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthOptions {
  store: Store;
  users: UserDirectory;
  now?: () => Date;
  /** Adds `Secure` to the cookie (behind HTTPS). */
  secureCookie?: boolean;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

export function sendError(res: Response, status: number, code: string, message: string) {
  res.status(status).json({ error: { code, message, details: [] } });
}

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function createAuth(opts: AuthOptions) {
  const now = opts.now ?? (() => new Date());
  const { store, users } = opts;

  const actorOf = (username: string): Actor | undefined => {
    const u = users.find(username);
    return u ? { username: u.username, name: u.name, roles: u.roles } : undefined;
  };

  /** The session behind a request, if any (user still in the config file). */
  const session = (req: Request): { actor: Actor; csrfToken: string } | undefined => {
    const token = cookieOf(req, SESSION_COOKIE);
    if (!token) return undefined;
    const s = store.sessions.get(sha(token), now().toISOString());
    const actor = s && actorOf(s.username);
    return actor && s ? { actor, csrfToken: s.csrfToken } : undefined;
  };

  return {
    /** Checks a password and opens a session; returns the cookie value and CSRF token, or undefined. */
    login(username: string, password: string) {
      const u = users.find(username);
      if (!verifyPassword(password, u?.password) || !u) return undefined;
      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      const at = now();
      store.sessions.create(sha(token), u.username, csrfToken, at.toISOString(), new Date(at.getTime() + SESSION_HOURS * 3600_000).toISOString());
      return { token, csrfToken, user: actorOf(u.username)! };
    },
    logout(req: Request) {
      const token = cookieOf(req, SESSION_COOKIE);
      if (token) store.sessions.remove(sha(token));
    },
    setCookie(res: Response, token: string) {
      res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', secure: opts.secureCookie === true, maxAge: SESSION_HOURS * 3600_000 });
    },
    clearCookie(res: Response) {
      res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/' });
    },
    session,
    /** Middleware: 401 without a session; 403 csrf_failed for a state-changing request without the token. */
    requireLogin() {
      return (req: Request, res: Response, next: NextFunction) => {
        const s = session(req);
        if (!s) return sendError(res, 401, 'unauthenticated', 'log eerst in');
        if (!SAFE.has(req.method)) {
          const sent = req.get('x-csrf-token') ?? '';
          if (!same(sent, s.csrfToken)) return sendError(res, 403, 'csrf_failed', 'X-CSRF-Token ontbreekt of klopt niet');
        }
        res.locals.actor = s.actor;
        next();
      };
    },
    /** Middleware for evaluate: when the config asks for it, an API key (Bearer or X-API-Key) or a session is required. */
    apiKeyGuard() {
      return (req: Request, res: Response, next: NextFunction) => {
        if (!users.config().requireApiKeyForEvaluate) return next();
        const auth = req.get('authorization') ?? '';
        const key = req.get('x-api-key') ?? (auth.toLowerCase().startsWith('bearer ') ? auth.slice(7).trim() : '');
        if (key) {
          const h = hashApiKey(key);
          if (users.config().apiKeys.some((k) => same(k.hash, h))) return next();
          return sendError(res, 401, 'unauthenticated', 'onbekende API-sleutel');
        }
        if (session(req)) return next();
        return sendError(res, 401, 'unauthenticated', 'deze dienst vraagt een API-sleutel (Authorization: Bearer <sleutel>)');
      };
    },
  };
}

export type Auth = ReturnType<typeof createAuth>;

export const hasRole = (a: Actor, r: Role) => a.roles.includes(r);
