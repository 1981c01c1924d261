/** For tests that order events around a check: when the next job is posted to a check pool. */
import type { CheckPool } from '../../src/offload/check-pool.js';

/** Resolves when the next job is posted to `pool` (its body read); the pool then runs as before. */
export function nextJobPosted(pool: CheckPool): Promise<void> {
  const run = pool.run;
  return new Promise<void>((resolve) => {
    pool.run = (job, opts) => {
      pool.run = run;
      resolve();
      return run(job, opts);
    };
  });
}
