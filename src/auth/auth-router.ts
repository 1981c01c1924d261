/** POST /api/v1/auth/login, POST /api/v1/auth/logout, GET /api/v1/auth/me. */
import express, { Router } from 'express';
import { sendError, type Auth } from './auth.js';

export function authRouter(auth: Auth): Router {
  const r = Router();
  r.use(express.json({ limit: '16kb' }));
  r.post('/login', (req, res) => {
    const { username, password } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof username !== 'string' || typeof password !== 'string') {
      return res.status(400).json({ error: { code: 'invalid_request', message: 'verwacht { username, password }', details: [{ pointer: typeof username !== 'string' ? '/username' : '/password', message: 'verplichte tekst' }] } });
    }
    const s = auth.login(username, password);
    if (!s) return sendError(res, 401, 'unauthenticated', 'gebruikersnaam of wachtwoord klopt niet');
    auth.setCookie(res, s.token);
    res.json({ user: s.user, csrfToken: s.csrfToken });
  });
  r.post('/logout', (req, res) => {
    const s = auth.session(req);
    if (s && req.get('x-csrf-token') !== s.csrfToken) return sendError(res, 403, 'csrf_failed', 'X-CSRF-Token ontbreekt of klopt niet');
    auth.logout(req);
    auth.clearCookie(res);
    res.status(204).end();
  });
  r.get('/me', (req, res) => {
    const s = auth.session(req);
    if (!s) return sendError(res, 401, 'unauthenticated', 'niet ingelogd');
    res.json({ user: s.actor, csrfToken: s.csrfToken });
  });
  return r;
}
