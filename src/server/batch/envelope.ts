/**
 * A batch body from its bytes to its items: JSON parsing, the item cap and the BatchRequest schema.
 * The one place for it, used on the main thread for small bodies and in a batch worker for large
 * ones, so both give the same answers and errors.
 */
import { ApiError } from '../../base/errors.js';
import { validateBody } from '../../contract/api-schemas.js';

/** How much one batch may ask for: requests (BATCH_MAX_ITEMS) and requests with `explain` (BATCH_EXPLAIN_MAX_ITEMS). */
export interface BatchBounds {
  items: number;
  explain: number;
}

/** Explain asked for: a trace (true) or the why-not search; each makes its answer many times larger. */
const explains = (item: unknown) => {
  const e = (item as { explain?: unknown } | null)?.explain;
  return e === true || e === 'waarom-niet';
};

export function parseBatchBody(text: string, bounds: BatchBounds): unknown[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError('invalid', 'invalid_request', 'de body is geen geldige JSON', [{ pointer: '', message: 'geen geldige JSON' }]);
  }
  const requests = (body as { requests?: unknown } | null)?.requests;
  if (Array.isArray(requests) && requests.length > bounds.items) {
    throw new ApiError('invalid', 'invalid_request', `hoogstens ${bounds.items} verzoeken per batch`, [{ pointer: '/requests', message: `${requests.length} verzoeken` }]);
  }
  const items = validateBody('BatchRequest', body).requests;
  // Refused, not cut short: an integrator who asked for a trace gets one, or hears why not.
  let asked = 0;
  for (let i = 0; i < items.length; i++) {
    if (explains(items[i]) && ++asked > bounds.explain) {
      throw new ApiError('invalid', 'invalid_request', `hoogstens ${bounds.explain} verzoeken met explain per batch (BATCH_EXPLAIN_MAX_ITEMS); laat explain weg of verdeel de batch`, [
        { pointer: `/requests/${i}/explain`, message: `verzoek ${i + 1} is het ${bounds.explain + 1}e met explain` },
      ]);
    }
  }
  return items;
}
