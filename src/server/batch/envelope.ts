/**
 * A batch body from its bytes to its items: JSON parsing, the item cap and the BatchRequest schema.
 * The one place for it, used on the main thread for small bodies and in a batch worker for large
 * ones, so both give the same answers and errors.
 */
import { ApiError } from '../../base/errors.js';
import { validateBody } from '../api-schemas.js';

export function parseBatchBody(text: string, maxItems: number): unknown[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_request', 'de body is geen geldige JSON', [{ pointer: '', message: 'geen geldige JSON' }]);
  }
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (Array.isArray(requests) && requests.length > maxItems) {
    throw new ApiError(400, 'invalid_request', `hoogstens ${maxItems} verzoeken per batch`, [{ pointer: '/requests', message: `${requests.length} verzoeken` }]);
  }
  return validateBody<{ requests: unknown[] }>('BatchRequest', body).requests;
}
