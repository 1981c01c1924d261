/**
 * Login sessions, CSRF and roles. A session is a random token in an HttpOnly,
 * SameSite=Strict cookie, stored hashed in SQLite; every state-changing request
 * made with that cookie must carry the session's CSRF token in X-CSRF-Token.
 * A session ends at logout, after SESSION_HOURS, and when the user's password
 * is set again (passwordChangedAt in the users file). Logins are throttled.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Actor, Role } from './identity.js';
import type { SessionStore as Store } from './session-store.js';
import { now as clockNow } from '../base/clock.js';
import { ApiError, tooManyRequests } from '../base/errors.js';
import type { SecureCookie } from '../base/deployment.js';
import { limitsFromEnv } from '../base/limits.js';
import { createAccess } from './access.js';
import { createLoginThrottle, type ThrottleOptions } from './login-throttle.js';
import { verifyPassword } from './password.js';
import type { UserDirectory } from './users-file.js';

export const SESSION_COOKIE = 'pr_session';
const SESSION_HOURS = 8;
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AuthOptions {
  store: Store;
  users: UserDirectory;
  now?: () => Date;
  /** When the cookie gets `Secure` (SECURE_COOKIE, src/base/deployment.ts): always, never, or auto (default: when the request came over https). */
  secureCookie?: SecureCookie;
  /**
   * Login throttling (login-throttle.ts; defaults from LOGIN_MAX_PER_IP, LOGIN_MAX_PER_USER, LOGIN_WINDOW_SECONDS,
   * LOGIN_MAX_PER_USER_HOUR: 30 attempts per address and 10 failures per user name and address per 15 minutes,
   * 30 failures per user name per hour from addresses the user never logged in from).
   */
  throttle?: Partial<ThrottleOptions>;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** The value of a cookie; undefined when absent or not decodable (a malformed cookie is no session). */
export function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim()) || undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
const unauthenticated = (message: string) => new ApiError('unauthenticated', 'unauthenticated', message, [{ pointer: '', message: 'geen geldige sessie' }]);
export const csrfFailed = () => new ApiError('forbidden', 'csrf_failed', 'X-CSRF-Token ontbreekt of klopt niet', [{ pointer: '/header/x-csrf-token', message: 'ontbreekt of klopt niet' }]);

export function createAuth(opts: AuthOptions) {
  const now = opts.now ?? (() => clockNow());
  const { store, users } = opts;
  const env = limitsFromEnv();
  const throttle = createLoginThrottle({ perIp: env.loginPerIp, perUser: env.loginPerUser, perUserHour: env.loginPerUserHour, windowSeconds: env.loginWindowSeconds, now: () => now().getTime(), ...opts.throttle });

  const actorOf = (username: string): Actor | undefined => {
    const u = users.find(username);
    return u ? { username: u.username, name: u.name, roles: u.roles } : undefined;
  };

  /** The session behind a request, if any: user still in the users file, opened after their password was last set. */
  const session = async (req: Request): Promise<{ actor: Actor; csrfToken: string } | undefined> => {
    const token = cookieOf(req, SESSION_COOKIE);
    if (!token || token.length > 200) return undefined;
    const s = await store.sessions.get(sha(token), now().toISOString());
    if (!s) return undefined;
    const u = users.find(s.username);
    if (!u || (u.passwordChangedAt && s.createdAt < new Date(u.passwordChangedAt).toISOString())) return undefined;
    const actor = actorOf(s.username);
    return actor ? { actor, csrfToken: s.csrfToken } : undefined;
  };

  const access = createAccess({ users, session });
  const mode = opts.secureCookie ?? 'auto';
  const secure = (res: Response) => mode === 'always' || (mode === 'auto' && res.req.secure);

  return {
    /**
     * Checks a password and opens a session; undefined when the name or password is wrong.
     * Throws 429 too_many_requests (with Retry-After) over the throttle's limits.
     */
    async login(username: string, password: string, address = 'onbekend') {
      const wait = throttle.attempt(address, username);
      if (wait !== undefined) throw tooManyRequests('te veel inlogpogingen; wacht even', wait);
      const u = users.find(username);
      const ok = await verifyPassword(password, u?.password);
      if (!ok || !u) {
        throttle.failed(address, username, u !== undefined);
        return undefined;
      }
      throttle.succeeded(address, username);
      const token = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(24).toString('base64url');
      const at = now();
      await store.sessions.create(sha(token), u.username, csrfToken, at.toISOString(), new Date(at.getTime() + SESSION_HOURS * 3600_000).toISOString());
      return { token, csrfToken, user: actorOf(u.username)! };
    },
    async logout(req: Request) {
      const token = cookieOf(req, SESSION_COOKIE);
      if (token) await store.sessions.remove(sha(token));
    },
    /** Ends every session of a user (their password was set again). */
    revokeUser(username: string): Promise<number> {
      return store.sessions.removeUser(username);
    },
    setCookie(res: Response, token: string) {
      res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', secure: secure(res), maxAge: SESSION_HOURS * 3600_000 });
    },
    clearCookie(res: Response) {
      res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure: secure(res) });
    },
    session,
    /** The users file behind this login (its API keys count for the staff tools too). */
    users,
    /** Middleware: 401 without a session; 403 csrf_failed for a state-changing request without the token. */
    requireLogin() {
      return async (req: Request, res: Response, next: NextFunction) => {
        let s: Awaited<ReturnType<typeof session>>;
        try {
          s = await session(req);
        } catch (e) {
          return next(e);
        }
        if (!s) return next(unauthenticated('log eerst in'));
        if (!SAFE.has(req.method)) {
          const sent = req.get('x-csrf-token') ?? '';
          if (!same(sent, s.csrfToken)) return next(csrfFailed());
        }
        res.locals.actor = s.actor;
        next();
      };
    },
    /** Middleware for evaluate: when the users file asks for it, an API key (Bearer or X-API-Key) or a session is required. */
    apiKeyGuard() {
      return access.evaluate;
    },
  };
}

export type Auth = ReturnType<typeof createAuth>;

export const hasRole = (a: Actor, r: Role) => a.roles.includes(r);
