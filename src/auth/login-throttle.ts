/**
 * Login throttling: at most `perIp` attempts per client IP and `perUser`
 * failed attempts per user name in a window of `windowSeconds`. Over either,
 * a login answers 429 too_many_requests with Retry-After, before any password
 * is checked. Counters live in memory (one process), bounded in number.
 */
export interface ThrottleOptions {
  perIp: number;
  perUser: number;
  windowSeconds: number;
  now?: () => number;
}

interface Counter { count: number; resetAt: number }

const MAX_KEYS = 50_000;

export function createLoginThrottle(o: ThrottleOptions) {
  const now = o.now ?? Date.now;
  const windowMs = o.windowSeconds * 1000;
  const ips = new Map<string, Counter>();
  const users = new Map<string, Counter>();

  const live = (m: Map<string, Counter>, key: string): Counter | undefined => {
    const c = m.get(key);
    if (c && c.resetAt <= now()) {
      m.delete(key);
      return undefined;
    }
    return c;
  };
  const bump = (m: Map<string, Counter>, key: string) => {
    const c = live(m, key);
    if (c) c.count++;
    else {
      if (m.size >= MAX_KEYS) for (const [k, v] of m) if (v.resetAt <= now() || m.size >= MAX_KEYS) m.delete(k); else break;
      m.set(key, { count: 1, resetAt: now() + windowMs });
    }
  };
  const wait = (c: Counter) => Math.max(1, Math.ceil((c.resetAt - now()) / 1000));

  return {
    /** Counts an attempt from `ip` for `username`; the seconds to wait when over a limit, else undefined. */
    attempt(ip: string, username: string): number | undefined {
      const u = live(users, username.toLowerCase());
      if (u && u.count >= o.perUser) return wait(u);
      const i = live(ips, ip);
      if (i && i.count >= o.perIp) return wait(i);
      bump(ips, ip);
      return undefined;
    },
    failed(username: string) {
      bump(users, username.toLowerCase());
    },
    succeeded(username: string) {
      users.delete(username.toLowerCase());
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
