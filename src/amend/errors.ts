/**
 * Refusals of the amendment procedure: the service's one error type
 * (ApiError, src/base/errors.ts) with shorthands for the usual ones.
 */
import { ApiError, type ErrorDetail } from '../base/errors.js';

export type AmendDetail = ErrorDetail;

export const notFound = (what: string) => new ApiError('not_found', 'not_found', `${what} bestaat niet`);
export const forbidden = (message: string) => new ApiError('forbidden', 'forbidden', message);
export const invalid = (message: string, details: AmendDetail[] = []) => new ApiError('invalid', 'invalid_request', message, details);
export const conflict = (code: string, message: string, details: AmendDetail[] = []) => new ApiError('conflict', code, message, details);
