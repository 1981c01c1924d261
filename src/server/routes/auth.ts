/** POST /api/v1/auth/login, POST /api/v1/auth/logout, GET /api/v1/auth/me. Bodies are checked against schemas/api. */
import { Router, type NextFunction, type Request, type Response } from 'express';
import { ApiError } from '../../base/errors.js';
import { validateBody } from '../../contract/api-schemas.js';
import { jsonParser } from '../json-body.js';
import { csrfFailed, type Auth } from '../../auth/auth.js';

const wrap = (fn: (req: Request, res: Response) => Promise<void> | void) => (req: Request, res: Response, next: NextFunction) => {
  Promise.resolve().then(() => fn(req, res)).catch(next);
};

/**
 * The address a login is counted under: `req.ip`, which is the peer of the TCP connection unless
 * the app trusts a proxy (TRUST_PROXY, docs/auth.md), then the client that proxy reports in
 * X-Forwarded-For. An IPv4 peer of a dual-stack listener (::ffff:127.0.0.1) counts as its IPv4 address.
 */
export function clientAddress(req: Request): string {
  const a = req.ip ?? req.socket.remoteAddress ?? 'onbekend';
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

export function authRouter(auth: Auth): Router {
  const r = Router();
  r.use(jsonParser('16kb'));
  r.post('/login', wrap(async (req, res) => {
    const { username, password } = validateBody('LoginRequest', req.body);
    const s = await auth.login(username, password, clientAddress(req));
    if (!s) throw new ApiError('unauthenticated', 'unauthenticated', 'gebruikersnaam of wachtwoord klopt niet', [{ pointer: '', message: 'onjuiste inloggegevens' }]);
    auth.setCookie(res, s.token);
    res.json({ user: s.user, csrfToken: s.csrfToken });
  }));
  r.post('/logout', wrap(async (req, res) => {
    const s = await auth.session(req);
    if (s && req.get('x-csrf-token') !== s.csrfToken) throw csrfFailed();
    await auth.logout(req);
    auth.clearCookie(res);
    res.status(204).end();
  }));
  r.get('/me', wrap(async (req, res) => {
    const s = await auth.session(req);
    if (!s) throw new ApiError('unauthenticated', 'unauthenticated', 'niet ingelogd', [{ pointer: '', message: 'geen geldige sessie' }]);
    res.json({ user: s.actor, csrfToken: s.csrfToken });
  }));
  return r;
}
