/** Errors a caller of evaluate can cause; each maps to one HTTP status and a stable snake_case code (CONTRACT.md). */
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

export interface ErrorDetail {
  pointer: string;
  message: string;
}

export class EvaluateError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.status = STATUS[code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}
