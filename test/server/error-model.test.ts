/**
 * The one error model: a refusal carries a kind, the edge (src/server/errors.ts) gives it its HTTP status,
 * and a refusal that crosses a worker thread as plain data is answered exactly as the one thrown on the
 * main thread.
 */
import { describe, expect, it } from 'vitest';
import { ApiError, MAX_DETAILS } from '../../src/base/errors.js';
import { httpStatus, toHttp } from '../../src/server/errors.js';

describe('the one error model', () => {
  it('answers each kind of refusal with its one status', () => {
    const statuses = Object.fromEntries((['invalid', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'too_large', 'unsupported_media_type', 'unprocessable', 'too_many_requests'] as const)
      .map((kind) => [kind, toHttp(new ApiError(kind, 'code', 'bericht')).status]));
    expect(statuses).toEqual({ invalid: 400, unauthenticated: 401, forbidden: 403, not_found: 404, conflict: 409, too_large: 413, unsupported_media_type: 415, unprocessable: 422, too_many_requests: 429 });
  });

  it('gives the decision contract\'s codes their status without naming a kind', () => {
    expect(['invalid_request', 'invalid_facts', 'unknown_protocol', 'unknown_decision', 'unknown_version', 'payload_too_large', 'no_version_in_force']
      .map((code) => [code, httpStatus(new ApiError(code as never, 'bericht'))])).toEqual([
      ['invalid_request', 400], ['invalid_facts', 400], ['unknown_protocol', 404], ['unknown_decision', 404], ['unknown_version', 404], ['payload_too_large', 413], ['no_version_in_force', 422],
    ]);
  });

  it('answers a refusal sent back from a worker as plain data exactly as the one thrown, capped details and count included', () => {
    const details = Array.from({ length: MAX_DETAILS + 5 }, (_, i) => ({ pointer: `/files/${i}/text`, message: `probleem ${i}`, code: 'schema' }));
    const thrown = new ApiError('unprocessable', 'draft_invalid', 'het concept laadt niet', details);
    const back = ApiError.fromData(structuredClone(thrown.toData()));
    expect(toHttp(back)).toEqual(toHttp(thrown));
    expect(toHttp(back).body.error.truncated).toBe(5);
  });

  it('keeps the 4xx status body-parser gave a request it could not read', () => {
    expect(toHttp(Object.assign(new Error('length required'), { status: 411, type: 'request.size.invalid' }))).toEqual({
      status: 411, body: { error: { code: 'invalid_request', message: 'het verzoek kan niet worden gelezen', details: [{ pointer: '', message: 'request.size.invalid' }] } },
    });
    expect(toHttp(new Error('bug')).status).toBe(500);
  });
});
