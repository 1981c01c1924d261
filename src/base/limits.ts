/**
 * Limits a deployment may need to change, from the environment with sane
 * defaults (docs/limits.md lists them). Sizes take body-parser's units
 * ("1mb", "512kb"); an unreadable value falls back to the default with a warning.
 */
export interface Limits {
  /** POST /api/v1/evaluate body (BODY_LIMIT). */
  body: string;
  /** POST /api/v1/evaluate/batch body (BATCH_BODY_LIMIT). */
  batchBody: string;
  /** Requests in one batch (BATCH_MAX_ITEMS). */
  batchItems: number;
  /** Requests in one batch that ask for `explain` (true or "waarom-niet") (BATCH_EXPLAIN_MAX_ITEMS). */
  batchExplainItems: number;
  /** Drafts of the editor: /api/v1/drafts/* (DRAFT_BODY_LIMIT). */
  draftBody: string;
  /** Impact analysis requests (IMPACT_BODY_LIMIT). */
  impactBody: string;
  /** Amendment procedure writes: proposals, providers, adoptions (AMEND_BODY_LIMIT). */
  amendBody: string;
  /** Login attempts per client IP per window (LOGIN_MAX_PER_IP). */
  loginPerIp: number;
  /** Failed login attempts per user name from one address per window (LOGIN_MAX_PER_USER). */
  loginPerUser: number;
  /** Failed login attempts per user name per hour from addresses that user never logged in from (LOGIN_MAX_PER_USER_HOUR). */
  loginPerUserHour: number;
  /** The login throttle's window in seconds (LOGIN_WINDOW_SECONDS). */
  loginWindowSeconds: number;
  /** Per-user quotas of the amendment procedure (src/amend/quotas.ts). */
  quotas: Quotas;
}

/** Per-user quotas on proposals and comments (docs/limits.md, "Quotas"). */
export interface Quotas {
  /** Bytes of one proposal: title, rationale, explanation and file texts in UTF-8 (PROPOSAL_MAX_SIZE). */
  proposalBytes: number;
  /** Open proposals (concept to consultatie) one user is the author of (PROPOSALS_MAX_OPEN_PER_USER). */
  openProposalsPerUser: number;
  /** Proposals one user creates in 24 hours (PROPOSALS_MAX_PER_USER_PER_DAY). */
  proposalsPerUserPerDay: number;
  /** Characters of one comment (COMMENT_MAX_CHARS; at most the 10,000 of schemas/api/proposal-comment). */
  commentChars: number;
  /** Comments one user places on one proposal (COMMENTS_MAX_PER_USER_PER_PROPOSAL). */
  commentsPerUserPerProposal: number;
}

export const DEFAULT_LIMITS: Limits = {
  body: '1mb',
  batchBody: '20mb',
  batchItems: 10_000,
  batchExplainItems: 100,
  draftBody: '20mb',
  impactBody: '5mb',
  amendBody: '2mb',
  loginPerIp: 30,
  loginPerUser: 10,
  loginPerUserHour: 30,
  loginWindowSeconds: 900,
  quotas: { proposalBytes: 1024 * 1024, openProposalsPerUser: 50, proposalsPerUserPerDay: 20, commentChars: 10_000, commentsPerUserPerProposal: 200 },
};

const SIZE = /^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i;

/** A size in body-parser's units ("1mb", "512kb", "100") in bytes (1kb = 1024 bytes). */
export function sizeInBytes(size: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(size.trim());
  if (!m) throw new Error(`geen grootte: ${size}`);
  const unit = { b: 0, kb: 1, mb: 2, gb: 3 }[(m[2] ?? 'b').toLowerCase() as 'b'];
  return Math.floor(Number(m[1]) * 1024 ** unit);
}

/**
 * The one reader of a size from the environment (every limit's: this file's, parse-limits.ts's,
 * src/ijw/limits.ts's): unset or blank gives the default; a value that is not a size gives the default
 * and a warning.
 */
export function envSize(env: NodeJS.ProcessEnv, name: string, dflt: string, warn: (msg: string) => void = () => {}): string {
  const v = env[name]?.trim();
  if (!v) return dflt;
  if (SIZE.test(v)) return v.toLowerCase().replace(/\s+/g, '');
  warn(`${name}=${v} is geen grootte zoals 1mb; ${dflt} geldt`);
  return dflt;
}

/**
 * The one reader of a count from the environment: unset or blank gives the default; a value that is
 * not a whole number from `min` (1) to `max` (1,000,000) gives the default and a warning.
 */
export function envCount(env: NodeJS.ProcessEnv, name: string, dflt: number, o: { min?: number; max?: number; warn?: (msg: string) => void } = {}): number {
  const { min = 1, max = 1_000_000, warn = () => {} } = o;
  const v = env[name]?.trim();
  if (!v) return dflt;
  const n = Number(v);
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  warn(`${name}=${v} is geen geheel getal van ${min} tot ${max}; ${dflt} geldt`);
  return dflt;
}

/** A whole number from `min` with no upper bound but the safe integers (time budgets in ms, pool sizes), by envCount's rules. */
export const envWhole = (env: NodeJS.ProcessEnv, name: string, dflt: number, min: number): number => envCount(env, name, dflt, { min, max: Number.MAX_SAFE_INTEGER });

/** Limits from the environment; `warn` hears of values that were ignored. */
export function limitsFromEnv(env: NodeJS.ProcessEnv = process.env, warn: (msg: string) => void = () => {}): Limits {
  const size = (name: string, dflt: string) => envSize(env, name, dflt, warn);
  const count = (name: string, dflt: number, max = 1_000_000) => envCount(env, name, dflt, { max, warn });
  return {
    body: size('BODY_LIMIT', DEFAULT_LIMITS.body),
    batchBody: size('BATCH_BODY_LIMIT', DEFAULT_LIMITS.batchBody),
    batchItems: count('BATCH_MAX_ITEMS', DEFAULT_LIMITS.batchItems),
    batchExplainItems: count('BATCH_EXPLAIN_MAX_ITEMS', DEFAULT_LIMITS.batchExplainItems),
    draftBody: size('DRAFT_BODY_LIMIT', DEFAULT_LIMITS.draftBody),
    impactBody: size('IMPACT_BODY_LIMIT', DEFAULT_LIMITS.impactBody),
    amendBody: size('AMEND_BODY_LIMIT', DEFAULT_LIMITS.amendBody),
    loginPerIp: count('LOGIN_MAX_PER_IP', DEFAULT_LIMITS.loginPerIp),
    loginPerUser: count('LOGIN_MAX_PER_USER', DEFAULT_LIMITS.loginPerUser),
    loginPerUserHour: count('LOGIN_MAX_PER_USER_HOUR', DEFAULT_LIMITS.loginPerUserHour),
    loginWindowSeconds: count('LOGIN_WINDOW_SECONDS', DEFAULT_LIMITS.loginWindowSeconds, 86_400),
    quotas: {
      proposalBytes: sizeInBytes(size('PROPOSAL_MAX_SIZE', '1mb')),
      openProposalsPerUser: count('PROPOSALS_MAX_OPEN_PER_USER', DEFAULT_LIMITS.quotas.openProposalsPerUser),
      proposalsPerUserPerDay: count('PROPOSALS_MAX_PER_USER_PER_DAY', DEFAULT_LIMITS.quotas.proposalsPerUserPerDay),
      commentChars: count('COMMENT_MAX_CHARS', DEFAULT_LIMITS.quotas.commentChars, 10_000),
      commentsPerUserPerProposal: count('COMMENTS_MAX_PER_USER_PER_PROPOSAL', DEFAULT_LIMITS.quotas.commentsPerUserPerProposal),
    },
  };
}
