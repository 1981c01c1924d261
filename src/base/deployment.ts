/**
 * Settings for running behind a TLS-terminating reverse proxy (docs/operations.md):
 * TRUST_PROXY (whose X-Forwarded-For / X-Forwarded-Proto Express believes) and
 * SECURE_COOKIE (when the session cookie gets `Secure`).
 */

/** Express's 'trust proxy' value: false (the TCP peer is the client), a hop count, or addresses/subnets. */
export type TrustProxy = false | number | string;

/**
 * TRUST_PROXY: unset, empty, "0" or "false": trust no proxy (the default). A whole number n: trust
 * the n nearest hops. Otherwise a comma-separated list of addresses, subnets (CIDR) or Express's names
 * (loopback, linklocal, uniquelocal). "true" (trust every hop) is refused: any client could then
 * choose its own address with X-Forwarded-For and step around the per-address login limits.
 */
export function trustProxyFromEnv(env: NodeJS.ProcessEnv = process.env, warn: (msg: string) => void = () => {}): TrustProxy {
  const v = env.TRUST_PROXY?.trim();
  if (!v || v === '0' || v.toLowerCase() === 'false') return false;
  if (/^\d+$/.test(v)) return Math.min(Number(v), 10);
  if (v.toLowerCase() === 'true') {
    warn('TRUST_PROXY=true wordt genegeerd: noem het aantal proxies of hun adressen (bijvoorbeeld loopback of 10.0.0.0/8)');
    return false;
  }
  return v;
}

/** always: every session cookie is Secure; never: none is; auto: Secure when the request came over https. */
export type SecureCookie = 'always' | 'never' | 'auto';

/** SECURE_COOKIE: "1"/"true"/"always", "0"/"false"/"never", or unset/"auto" (the default). */
export function secureCookieFromEnv(env: NodeJS.ProcessEnv = process.env, warn: (msg: string) => void = () => {}): SecureCookie {
  const v = env.SECURE_COOKIE?.trim().toLowerCase();
  if (!v || v === 'auto') return 'auto';
  if (v === '1' || v === 'true' || v === 'always') return 'always';
  if (v === '0' || v === 'false' || v === 'never') return 'never';
  warn(`SECURE_COOKIE=${v} is niet 1, 0 of auto; auto geldt`);
  return 'auto';
}
