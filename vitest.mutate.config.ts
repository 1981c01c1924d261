import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The tests StrykerJS runs against each mutant (`npm run mutate`): the in-process suites that
 * exercise the modules under mutation. Suites that drive a browser, a second process or
 * PostgreSQL are left out: a mutant is active only inside the test process.
 */
/** MUTATE_TESTS (comma-separated globs) narrows the suites to those of one module group, for a run per module. */
const only = process.env.MUTATE_TESTS?.split(',').map((g) => g.trim()).filter(Boolean);

// Spread, not mergeConfig: mergeConfig would add these patterns to the base's include instead of replacing it.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: only?.length ? only : [
      'test/expr/**/*.test.ts',
      'test/evaluate/**/*.test.ts',
      'test/rules/**/*.test.ts',
      'test/amend/authorisation.test.ts',
      'test/amend/lifecycle.test.ts',
      'test/amend/error-codes.test.ts',
      'test/amend/own-proposal-consent.test.ts',
      'test/amend/who-may.test.ts',
      'test/server/batch-limit.test.ts',
      'test/server/api.test.ts',
      'test/server/api-keys.test.ts',
      'test/server/hostile-input.test.ts',
      'test/server/evaluate-body.test.ts',
      'test/ijw/declaratie.test.ts',
      'test/ijw/toewijzing.test.ts',
      'test/ijw/access.test.ts',
      'test/ijw/in-message-checks.test.ts',
      'test/ijw/toewijzing-facts.test.ts',
      'test/ijw/without-referrer.test.ts',
      'test/ijw/declaratie-codes.test.ts',
      'test/ijw/declaratie-lines.test.ts',
      'test/ijw/bounds.test.ts',
      'test/ijw/hostile.test.ts',
      'test/server/login-throttle.test.ts',
      'test/server/login-throttle-clock.test.ts',
      'test/server/access-keys.test.ts',
      'test/load/yaml-limits.test.ts',
      'test/load/parse-limits-env.test.ts',
      'test/server/limits-from-env.test.ts',
      'test/server/batch-envelope.test.ts',
      'test/check/derived-range.test.ts',
    ],
    reporters: ['default'],
  },
});
