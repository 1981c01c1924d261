import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    // Two cores here: forks keep native modules (better-sqlite3) and child processes isolated.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser and procedure steps wait on a busy 2-core machine: a poll gives them 20 s, not 1 s.
    expect: { poll: { timeout: 20_000 } },
  },
});
