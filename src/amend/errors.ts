/**
 * Refusals of the amendment procedure. Each carries its HTTP status and a
 * stable snake_case code; details name where (a JSON pointer, or file:line:col).
 */
export interface AmendDetail {
  pointer: string;
  message: string;
  [extra: string]: unknown;
}

export class AmendError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: AmendDetail[] = [],
  ) {
    super(message);
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

export const notFound = (what: string) => new AmendError(404, 'not_found', `${what} bestaat niet`);
export const forbidden = (message: string) => new AmendError(403, 'forbidden', message);
export const invalid = (message: string, details: AmendDetail[] = []) => new AmendError(400, 'invalid_request', message, details);
export const conflict = (code: string, message: string, details: AmendDetail[] = []) => new AmendError(409, code, message, details);
