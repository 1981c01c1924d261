/**
 * Problems with an iJw message. They use the service's one error type
 * (ApiError) with code `invalid_message` (400): the message is refused as a
 * whole, without a JW325 (a technical refusal). Every detail names where:
 * pointer of the envelope field plus "regel:kolom" and the element path.
 * Messages never quote a value that may be a BSN (see mask.ts).
 */
import { ApiError, type ErrorDetail } from '../base/errors.js';
import { maskBsn } from './mask.js';

export const INVALID_MESSAGE = 'invalid_message';

export interface MessageProblem {
  /** Element path, e.g. /Bericht/Clienten/Client[2]/Bsn */
  path: string;
  line: number;
  column: number;
  message: string;
}

export function messageError(pointer: string, what: string, problems: MessageProblem[]): ApiError {
  const details: ErrorDetail[] = problems.map((p) => ({ pointer, message: maskBsn(`${p.line}:${p.column} ${p.path}: ${p.message}`) }));
  return new ApiError('invalid', INVALID_MESSAGE, maskBsn(`${what} is geen geldig iJw-bericht (${problems.length} fout(en))`), details);
}
