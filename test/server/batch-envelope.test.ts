/**
 * What a system sees for a batch body that is not a batch: the one place that reads it
 * (src/server/batch/envelope.ts) answers 400 invalid_request naming where, for bodies read on the
 * main thread and in a batch worker alike.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/base/errors.js';
import { httpStatus } from '../../src/server/errors.js';
import { parseBatchBody } from '../../src/server/batch/envelope.js';

const item = { protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'spv', caoSchaal: 9, datum: '2025-02-03' } };

function refusal(text: string, max = 3): ApiError {
  try {
    parseBatchBody(text, { items: max, explain: 100 });
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw new Error(`not an ApiError: ${String(e)}`);
  }
  throw new Error('accepted');
}

describe('reading a batch body', () => {
  it('a body that is not JSON: 400 invalid_request, "de body is geen geldige JSON" at the body itself', () => {
    const e = refusal('{"requests": [');
    expect({ status: httpStatus(e), code: e.code, message: e.message, details: e.details }).toEqual({
      status: 400, code: 'invalid_request', message: 'de body is geen geldige JSON', details: [{ pointer: '', message: 'geen geldige JSON' }],
    });
  });

  it('up to the item limit is read; one more is refused at /requests with the count', () => {
    expect(parseBatchBody(JSON.stringify({ requests: [item, item, item] }), { items: 3, explain: 100 })).toHaveLength(3);
    const e = refusal(JSON.stringify({ requests: [item, item, item, item] }));
    expect({ status: httpStatus(e), code: e.code, message: e.message, details: e.details }).toEqual({
      status: 400, code: 'invalid_request', message: 'hoogstens 3 verzoeken per batch', details: [{ pointer: '/requests', message: '4 verzoeken' }],
    });
  });

  it('JSON null, a list or a body without requests: a 400 from the BatchRequest schema, never a crash', () => {
    for (const text of ['null', '[]', '{}', '{"requests": "alle"}']) {
      const e = refusal(text);
      expect(httpStatus(e), text).toBe(400);
      expect(e.details.length, text).toBeGreaterThan(0);
    }
  });
});
