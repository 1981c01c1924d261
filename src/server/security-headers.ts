/**
 * Security headers on every answer (docs/operations.md, "Security headers"):
 * no framing, no MIME sniffing, no referrer to other origins, and a Content
 * Security Policy. The editor's policy lets the Monaco editor work: its scripts
 * and web workers come from the service itself, it sets inline styles; nothing
 * is loaded from elsewhere. API answers get a policy that allows nothing.
 * Behind TLS (Express sees the request as https, see TRUST_PROXY) browsers are
 * told to keep using https (Strict-Transport-Security).
 */
import type { NextFunction, Request, Response } from 'express';

export const EDITOR_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "worker-src 'self' blob:",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  const editor = /^\/editor(\/|$)/i.test(req.path);
  res.setHeader('Content-Security-Policy', editor ? EDITOR_CSP : API_CSP);
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000');
  next();
}
