/**
 * How much time one thread spends searching why-not changes, over all requests: a bucket of
 * milliseconds that refills at `share` of the thread's time (WHY_NOT_SHARE, default 0.25) up to
 * `capacity` (one answer's budget). A flood of `explain: "waarom-niet"` (a batch of 10,000, or many
 * clients) then costs at most that share on top of the answers themselves; past it the why-not answers
 * say `truncated` and show only what was verified. The decisions themselves are never held back.
 */
export interface WhyNotBudget {
  /** Milliseconds one answer may spend now (0 when the bucket is empty). */
  available(): number;
  /** Takes the time an answer spent. */
  spend(ms: number): void;
}

export function createWhyNotBudget(share: number, capacity: number, now: () => number = () => performance.now()): WhyNotBudget {
  let tokens = capacity;
  let last = now();
  const refill = () => {
    const t = now();
    tokens = Math.min(capacity, tokens + (t - last) * share);
    last = t;
  };
  return {
    available() {
      refill();
      return Math.max(0, tokens);
    },
    spend(ms) {
      refill();
      tokens -= ms;
    },
  };
}

export function whyNotShare(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.WHY_NOT_SHARE);
  return Number.isFinite(n) && n > 0 && n <= 1 ? n : 0.25;
}
