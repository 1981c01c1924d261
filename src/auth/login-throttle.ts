/**
 * Login throttling without lockout (docs/auth.md, "Login throttling"). Four
 * counters, in memory (one process), bounded in number:
 *
 * - attempts per client address per window (`perIp`): one address cannot spray user names;
 * - failures per (user name, address) per window (`perUser`): guessing from one
 *   address stops there, and only there: the user logs in from any other address;
 * - failures per user name per hour from addresses the user has not logged in
 *   from (`perUserHour`): guessing spread over many addresses stops at this bound;
 * - addresses the user logged in from (at most KNOWN_PER_USER, for KNOWN_DAYS):
 *   they are not held back by the hourly bound, so it cannot lock the user out
 *   of the places they work from.
 *
 * So the passwords tried for one user name per hourly window are at most
 * `perUserHour` from unknown addresses, plus `perUser` per window from each of
 * the user's (at most KNOWN_PER_USER) known addresses. Over a limit, a login
 * answers 429 too_many_requests with Retry-After before any password is checked.
 */
export interface ThrottleOptions {
  perIp: number;
  perUser: number;
  windowSeconds: number;
  /** Failed logins per user name per hour from addresses that user never logged in from. */
  perUserHour?: number;
  now?: () => number;
}

interface Counter { count: number; resetAt: number; keep: boolean }

const MAX_KEYS = 50_000;
const HOUR_MS = 3600_000;
export const KNOWN_PER_USER = 8;
export const KNOWN_DAYS = 30;
export const DEFAULT_PER_USER_HOUR = 30;

export function createLoginThrottle(o: ThrottleOptions) {
  const now = o.now ?? Date.now;
  const windowMs = o.windowSeconds * 1000;
  const perUserHour = o.perUserHour ?? DEFAULT_PER_USER_HOUR;
  const addresses = new Map<string, Counter>();
  const pairs = new Map<string, Counter>();
  const users = new Map<string, Counter>();
  /** user name -> address -> until (ms). */
  const known = new Map<string, Map<string, number>>();

  const live = (m: Map<string, Counter>, key: string): Counter | undefined => {
    const c = m.get(key);
    if (c && c.resetAt <= now()) {
      m.delete(key);
      return undefined;
    }
    return c;
  };
  /**
   * Full maps drop ended counters, then counters of user names that do not exist: guesses
   * at made-up names can never push out the counter of a real user.
   */
  const bump = (m: Map<string, Counter>, key: string, ms: number, keep: boolean) => {
    const c = live(m, key);
    if (c) {
      c.count++;
      c.keep ||= keep;
      return;
    }
    if (m.size >= MAX_KEYS) for (const [k, v] of m) if (v.resetAt <= now()) m.delete(k);
    if (m.size >= MAX_KEYS) for (const [k, v] of m) if (!v.keep && m.size >= MAX_KEYS) m.delete(k);
    if (m.size < MAX_KEYS) m.set(key, { count: 1, resetAt: now() + ms, keep });
  };
  const wait = (c: Counter) => Math.max(1, Math.ceil((c.resetAt - now()) / 1000));
  const over = (c: Counter | undefined, limit: number) => c !== undefined && c.count >= limit;
  const name = (username: string) => username.toLowerCase();
  const pair = (username: string, address: string) => `${name(username)}\n${address}`;
  const isKnown = (username: string, address: string) => {
    const until = known.get(name(username))?.get(address);
    return until !== undefined && until > now();
  };

  return {
    /** Counts an attempt from `address` for `username`; the seconds to wait when over a limit, else undefined. */
    attempt(address: string, username: string): number | undefined {
      const a = live(addresses, address);
      if (over(a, o.perIp)) return wait(a!);
      const p = live(pairs, pair(username, address));
      if (over(p, o.perUser)) return wait(p!);
      const u = live(users, name(username));
      if (over(u, perUserHour) && !isKnown(username, address)) return wait(u!);
      bump(addresses, address, windowMs, false);
      return undefined;
    },
    /** A wrong password (or name); `exists` tells whether the user name is a real user. */
    failed(address: string, username: string, exists: boolean) {
      bump(pairs, pair(username, address), windowMs, exists);
      if (!isKnown(username, address)) bump(users, name(username), HOUR_MS, exists);
    },
    /** A right password: this address is known for the user from now on; its own failures are forgiven. */
    succeeded(address: string, username: string) {
      pairs.delete(pair(username, address));
      const mine = known.get(name(username)) ?? new Map<string, number>();
      mine.delete(address);
      mine.set(address, now() + KNOWN_DAYS * 86_400_000);
      for (const a of mine.keys()) if (mine.size > KNOWN_PER_USER) mine.delete(a);
      known.set(name(username), mine);
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
