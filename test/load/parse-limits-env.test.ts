/** The parse limits an operator sets (YAML_MAX_*, EXPR_MAX_*): docs/limits.md. */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, limitsFromEnv, parseLimits, setParseLimits } from '../../src/base/parse-limits.js';

afterEach(() => setParseLimits(undefined));

describe('parse limits from the environment', () => {
  it('a whole number of 0 or more sets the limit, 0 included', () => {
    expect(limitsFromEnv({ YAML_MAX_DEPTH: '0', EXPR_MAX_LENGTH: '120', YAML_MAX_ALIASES: ' 7 ' })).toEqual({ ...DEFAULT_LIMITS, yamlMaxDepth: 0, exprMaxLength: 120, yamlMaxAliases: 7 });
  });

  it('an empty, blank, negative, fractional or unreadable value keeps the default', () => {
    for (const v of ['', '   ', '-1', '2.5', 'diep', '1e400']) {
      expect(limitsFromEnv({ YAML_MAX_DEPTH: v, EXPR_MAX_DEPTH: v }), JSON.stringify(v)).toEqual(DEFAULT_LIMITS);
    }
  });

  it('setParseLimits replaces the limits in force for what it names, and undefined goes back to the environment', () => {
    setParseLimits({ exprMaxDepth: 5 });
    expect(parseLimits()).toEqual({ ...limitsFromEnv(), exprMaxDepth: 5 });
    setParseLimits(undefined);
    expect(parseLimits()).toEqual(limitsFromEnv());
  });
});
