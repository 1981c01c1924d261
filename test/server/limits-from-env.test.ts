/**
 * The limits an operator sets in the environment (docs/limits.md): a value that reads takes effect,
 * one that does not keeps the default and says so, naming the variable and the default.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, limitsFromEnv, sizeInBytes } from '../../src/base/limits.js';
import { limitsFromEnv as ijwLimitsFromEnv } from '../../src/ijw/limits.js';

function read(env: Record<string, string>) {
  const warnings: string[] = [];
  const limits = limitsFromEnv(env, (m) => warnings.push(m));
  return { limits, warnings };
}

describe('service limits from the environment', () => {
  it('without settings every default holds and nothing is reported', () => {
    const { limits, warnings } = read({});
    expect(limits).toEqual({ ...DEFAULT_LIMITS, quotas: { ...DEFAULT_LIMITS.quotas } });
    expect(limits.batchItems).toBe(10_000);
    expect(limits.quotas.proposalBytes).toBe(1024 * 1024);
    expect(warnings).toEqual([]);
  });

  it('each variable sets its own limit; sizes are read in body-parser units, case and spaces aside', () => {
    const { limits, warnings } = read({
      BODY_LIMIT: '2MB', BATCH_BODY_LIMIT: ' 512 kb ', BATCH_MAX_ITEMS: '250', BATCH_EXPLAIN_MAX_ITEMS: '20', DRAFT_BODY_LIMIT: '3mb', IMPACT_BODY_LIMIT: '4mb',
      AMEND_BODY_LIMIT: '100kb', LOGIN_MAX_PER_IP: '7', LOGIN_MAX_PER_USER: '3', LOGIN_MAX_PER_USER_HOUR: '12', LOGIN_WINDOW_SECONDS: '60',
      PROPOSAL_MAX_SIZE: '64kb', PROPOSALS_MAX_OPEN_PER_USER: '5', PROPOSALS_MAX_PER_USER_PER_DAY: '9', COMMENT_MAX_CHARS: '500',
      COMMENTS_MAX_PER_USER_PER_PROPOSAL: '11',
    });
    expect(warnings).toEqual([]);
    expect(limits).toEqual({
      body: '2mb', batchBody: '512kb', batchItems: 250, batchExplainItems: 20, draftBody: '3mb', impactBody: '4mb', amendBody: '100kb',
      loginPerIp: 7, loginPerUser: 3, loginPerUserHour: 12, loginWindowSeconds: 60,
      quotas: { proposalBytes: 64 * 1024, openProposalsPerUser: 5, proposalsPerUserPerDay: 9, commentChars: 500, commentsPerUserPerProposal: 11 },
    });
  });

  it('a count is a whole number from 1 to its maximum: the bounds themselves hold, one past them keeps the default with a warning', () => {
    expect(read({ BATCH_MAX_ITEMS: '1' }).limits.batchItems).toBe(1);
    expect(read({ BATCH_MAX_ITEMS: '1000000' }).limits.batchItems).toBe(1_000_000);
    expect(read({ LOGIN_WINDOW_SECONDS: '86400' }).limits.loginWindowSeconds).toBe(86_400);
    expect(read({ COMMENT_MAX_CHARS: '10000' }).limits.quotas.commentChars).toBe(10_000);
    for (const [name, value, dflt, max] of [
      ['BATCH_MAX_ITEMS', '0', 10_000, 1_000_000], ['BATCH_MAX_ITEMS', '1000001', 10_000, 1_000_000], ['BATCH_MAX_ITEMS', '2.5', 10_000, 1_000_000],
      ['BATCH_MAX_ITEMS', 'veel', 10_000, 1_000_000], ['LOGIN_WINDOW_SECONDS', '86401', 900, 86_400], ['COMMENT_MAX_CHARS', '10001', 10_000, 10_000],
    ] as const) {
      const { limits, warnings } = read({ [name]: value });
      expect(warnings, `${name}=${value}`).toEqual([`${name}=${value} is geen geheel getal van 1 tot ${max}; ${dflt} geldt`]);
      const got = { BATCH_MAX_ITEMS: limits.batchItems, LOGIN_WINDOW_SECONDS: limits.loginWindowSeconds, COMMENT_MAX_CHARS: limits.quotas.commentChars }[name];
      expect(got, `${name}=${value}`).toBe(dflt);
    }
  });

  it('a size that does not read keeps the default with a warning; an empty value is no setting', () => {
    expect(read({ BODY_LIMIT: 'groot' })).toEqual({
      limits: expect.objectContaining({ body: '1mb' }),
      warnings: ['BODY_LIMIT=groot is geen grootte zoals 1mb; 1mb geldt'],
    });
    expect(read({ BATCH_BODY_LIMIT: '5 tb' }).warnings).toEqual(['BATCH_BODY_LIMIT=5 tb is geen grootte zoals 1mb; 20mb geldt']);
    expect(read({ BODY_LIMIT: '   ', BATCH_MAX_ITEMS: '' })).toEqual({ limits: expect.objectContaining({ body: '1mb', batchItems: 10_000 }), warnings: [] });
  });

  it('sizes in bytes: 1kb is 1024 bytes, a fraction rounds down, and a bare number is bytes', () => {
    expect(sizeInBytes('100')).toBe(100);
    expect(sizeInBytes('2b')).toBe(2);
    expect(sizeInBytes('1kb')).toBe(1024);
    expect(sizeInBytes('1.5KB')).toBe(1536);
    expect(sizeInBytes('1mb')).toBe(1_048_576);
    expect(sizeInBytes(' 1gb ')).toBe(1_073_741_824);
    expect(sizeInBytes('0.001kb')).toBe(1);
    expect(() => sizeInBytes('1 tb')).toThrow('geen grootte: 1 tb');
  });
});

describe('iJw message limits from the environment', () => {
  it('defaults: 20mb, depth 32, 500,000 elements, 20,000 lines, a trace on the first 100 lines, no XSD folder', () => {
    expect(ijwLimitsFromEnv({})).toEqual({ maxBytes: '20mb', maxDepth: 32, maxElements: 500_000, maxLines: 20_000, explainMaxLines: 100, xsdDir: undefined });
  });

  it('each variable sets its own bound', () => {
    expect(ijwLimitsFromEnv({ IJW_MAX_BYTES: '1mb', IJW_MAX_DEPTH: '8', IJW_MAX_ELEMENTS: '900', IJW_MAX_LINES: '40', IJW_EXPLAIN_MAX_LINES: '3', IJW_XSD_DIR: '/xsd' }))
      .toEqual({ maxBytes: '1mb', maxDepth: 8, maxElements: 900, maxLines: 40, explainMaxLines: 3, xsdDir: '/xsd' });
  });

  it('a bound that is not a whole number of at least 1 keeps its default', () => {
    for (const v of ['0', '-3', '2.5', 'x', '12a']) {
      expect(ijwLimitsFromEnv({ IJW_MAX_DEPTH: v, IJW_MAX_LINES: v }), v).toEqual(expect.objectContaining({ maxDepth: 32, maxLines: 20_000 }));
    }
    expect(ijwLimitsFromEnv({ IJW_MAX_DEPTH: '1' }).maxDepth).toBe(1);
  });
});
