/**
 * The one error type of the service. Anything a client can cause is an
 * ApiError: an HTTP status, a stable snake_case code (docs/contract.md), a Dutch
 * message and details that name where (a JSON pointer, or file:line:col).
 * Details are capped at MAX_DETAILS; `truncated` counts what was left out.
 * Evaluate, the amendment procedure and the server all throw this class, by this one name.
 */
export type ErrorCode =
  | 'invalid_request'
  | 'invalid_facts'
  | 'unknown_protocol'
  | 'unknown_decision'
  | 'unknown_version'
  | 'payload_too_large'
  | 'no_version_in_force';

export const STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  invalid_facts: 400,
  unknown_protocol: 404,
  unknown_decision: 404,
  unknown_version: 404,
  payload_too_large: 413,
  no_version_in_force: 422,
};

/** At most this many details in an error answer (docs/contract.md). */
export const MAX_DETAILS = 100;
/** Longest message or pointer kept in a detail; longer ones end in "…". */
const MAX_TEXT = 500;

export interface ErrorDetail {
  pointer: string;
  message: string;
  [extra: string]: unknown;
}

export interface ErrorBody {
  error: { code: string; message: string; details: ErrorDetail[]; truncated?: number };
}

const clip = (s: string) => (s.length > MAX_TEXT ? s.slice(0, MAX_TEXT - 1) + '…' : s);

/** The first MAX_DETAILS details (texts clipped) and how many were left out. */
export function capDetails(details: readonly ErrorDetail[], max = MAX_DETAILS): { details: ErrorDetail[]; truncated: number } {
  const kept = details.slice(0, max).map((d) => ({ ...d, pointer: clip(String(d.pointer)), message: clip(String(d.message)) }));
  return { details: kept, truncated: Math.max(0, details.length - kept.length) };
}

/** A problem in a rule file, as the loader reports it. */
export interface FileProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/**
 * The one mapping from rule-file diagnostics to error details, message "file:line:col message". The pointer
 * points into the request as sent: `<filesAt>/<i>/text` for a file the request carried, else `elsewhere`
 * (the field that named the version or proposal whose stored file has the problem).
 */
export function diagnosticDetails(diagnostics: readonly (FileProblem & { code?: string })[], sent: readonly { path: string }[], filesAt: string, elsewhere: string): ErrorDetail[] {
  return diagnostics.map((d) => {
    const i = sent.findIndex((f) => f.path === d.file);
    return { pointer: i >= 0 ? `${filesAt}/${i}/text` : elsewhere, message: `${d.file}:${d.line}:${d.column} ${d.message}`, ...(d.code ? { code: d.code } : {}) };
  });
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  /** How many details were left out beyond MAX_DETAILS (0 when none). */
  readonly truncated: number;
  /** 429: seconds until the client may try again (sent as Retry-After). */
  retryAfter?: number;

  /** `new ApiError('invalid_facts', message, details)` (status from the contract) or `new ApiError(409, 'conflict_code', message, details)`. */
  constructor(code: ErrorCode, message: string, details?: readonly ErrorDetail[], truncated?: number);
  constructor(status: number, code: string, message: string, details?: readonly ErrorDetail[], truncated?: number);
  constructor(a: number | ErrorCode, b: string, c?: string | readonly ErrorDetail[], d?: readonly ErrorDetail[] | number, e?: number) {
    const explicit = typeof a === 'number';
    const message = explicit ? (c as string) : b;
    super(message);
    this.status = explicit ? a : STATUS[a];
    this.code = explicit ? b : a;
    const list = ((explicit ? d : c) as readonly ErrorDetail[] | undefined) ?? [];
    const extra = ((explicit ? e : d) as number | undefined) ?? 0;
    const capped = capDetails(list);
    this.details = capped.details;
    this.truncated = capped.truncated + extra;
  }

  toJSON(): ErrorBody {
    return errorBody(this.code, this.message, this.details, this.truncated);
  }
}

/** The wire shape of an error; `truncated` only when details were left out. */
export function errorBody(code: string, message: string, details: readonly ErrorDetail[] = [], truncated = 0): ErrorBody {
  const capped = capDetails(details);
  const left = capped.truncated + truncated;
  return { error: { code, message, details: capped.details, ...(left > 0 ? { truncated: left } : {}) } };
}

/** 429 too_many_requests with the seconds to wait (Retry-After). */
export function tooManyRequests(message: string, retryAfter: number): ApiError {
  const e = new ApiError(429, 'too_many_requests', message, [{ pointer: '', message: `probeer het over ${retryAfter} seconden opnieuw` }]);
  e.retryAfter = retryAfter;
  return e;
}

