/**
 * The one error type of the service: a refusal. Anything a client can cause is
 * an ApiError: what kind of refusal it is, a stable snake_case code
 * (docs/contract.md), a Dutch message and details that name where (a JSON
 * pointer, or file:line:col). It carries no HTTP status: the use cases and the
 * floors below them say what went wrong, and the edge (`server/errors.ts`)
 * holds the one table from kind to status. Details are capped at MAX_DETAILS;
 * `truncated` counts what was left out.
 */

/** What kind of refusal; `server/errors.ts` maps each kind to one HTTP status. */
export type RefusalKind =
  /** the request is malformed or names something wrongly */
  | 'invalid'
  /** no (valid) session or key */
  | 'unauthenticated'
  /** the caller may not do this */
  | 'forbidden'
  /** what the request names does not exist (or is hidden from the caller) */
  | 'not_found'
  /** the request clashes with the current state (a stale base, a taken name) */
  | 'conflict'
  /** the request is larger than a limit allows */
  | 'too_large'
  /** the body is not of a type the service reads */
  | 'unsupported_media_type'
  /** understood, but its content cannot be carried out (a draft that does not load, no version in force) */
  | 'unprocessable'
  /** too many at once; try again later (with retryAfter) */
  | 'too_many_requests';

/** The codes of the decision contract, each with its one kind. */
export type ErrorCode =
  | 'invalid_request'
  | 'invalid_facts'
  | 'unknown_protocol'
  | 'unknown_decision'
  | 'unknown_version'
  | 'payload_too_large'
  | 'no_version_in_force';

const KIND: Record<ErrorCode, RefusalKind> = {
  invalid_request: 'invalid',
  invalid_facts: 'invalid',
  unknown_protocol: 'not_found',
  unknown_decision: 'not_found',
  unknown_version: 'not_found',
  payload_too_large: 'too_large',
  no_version_in_force: 'unprocessable',
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

import { problemPlace, sentFilePointer, type Problem } from './problem.js';

const clip = (s: string) => (s.length > MAX_TEXT ? s.slice(0, MAX_TEXT - 1) + '…' : s);

/** The first MAX_DETAILS details (texts clipped) and how many were left out. */
export function capDetails(details: readonly ErrorDetail[], max = MAX_DETAILS): { details: ErrorDetail[]; truncated: number } {
  const kept = details.slice(0, max).map((d) => ({ ...d, pointer: clip(String(d.pointer)), message: clip(String(d.message)) }));
  return { details: kept, truncated: Math.max(0, details.length - kept.length) };
}

/**
 * The one mapping from problems in rule files to error details, message "file:line:col message". The pointer
 * points into the request as sent: `<filesAt>/<i>/text` for a file the request carried, else `elsewhere`
 * (the field that named the version or proposal whose stored file has the problem).
 */
export function diagnosticDetails(problems: readonly (Omit<Problem, 'code'> & { code?: string })[], sent: readonly { path: string }[], filesAt: string, elsewhere: string): ErrorDetail[] {
  const pointer = sentFilePointer(sent, filesAt, elsewhere);
  return problems.map((d) => ({ pointer: pointer(d.file), message: `${problemPlace(d)} ${d.message}`, ...(d.code ? { code: d.code } : {}) }));
}

/** A refusal as plain data: what crosses a worker thread and is thrown again on the other side. */
export interface RefusalData {
  kind: RefusalKind;
  code: string;
  message: string;
  details: ErrorDetail[];
  truncated?: number;
}

export class ApiError extends Error {
  readonly kind: RefusalKind;
  readonly code: string;
  readonly details: ErrorDetail[];
  /** How many details were left out beyond MAX_DETAILS (0 when none). */
  readonly truncated: number;
  /** too_many_requests: seconds until the client may try again (sent as Retry-After). */
  retryAfter?: number;

  /** `new ApiError('invalid_facts', message, details)` (kind from the contract) or `new ApiError('conflict', 'conflict_code', message, details)`. */
  constructor(code: ErrorCode, message: string, details?: readonly ErrorDetail[], truncated?: number);
  constructor(kind: RefusalKind, code: string, message: string, details?: readonly ErrorDetail[], truncated?: number);
  constructor(a: RefusalKind | ErrorCode, b: string, c?: string | readonly ErrorDetail[], d?: readonly ErrorDetail[] | number, e?: number) {
    const explicit = typeof c === 'string';
    const message = explicit ? c : b;
    super(message);
    this.kind = explicit ? (a as RefusalKind) : KIND[a as ErrorCode];
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

  /** The refusal as plain data (structured-clone safe), for a reply from a worker thread. */
  toData(): RefusalData {
    return { kind: this.kind, code: this.code, message: this.message, details: this.details.map((x) => ({ ...x })), truncated: this.truncated };
  }

  /** The refusal a worker sent as plain data, thrown again as the ApiError it was. */
  static fromData(r: RefusalData): ApiError {
    return new ApiError(r.kind, r.code, r.message, r.details, r.truncated);
  }
}

/** The wire shape of an error; `truncated` only when details were left out. */
export function errorBody(code: string, message: string, details: readonly ErrorDetail[] = [], truncated = 0): ErrorBody {
  const capped = capDetails(details);
  const left = capped.truncated + truncated;
  return { error: { code, message, details: capped.details, ...(left > 0 ? { truncated: left } : {}) } };
}

/** too_many_requests with the seconds to wait (Retry-After). */
export function tooManyRequests(message: string, retryAfter: number): ApiError {
  const e = new ApiError('too_many_requests', 'too_many_requests', message, [{ pointer: '', message: `probeer het over ${retryAfter} seconden opnieuw` }]);
  e.retryAfter = retryAfter;
  return e;
}

