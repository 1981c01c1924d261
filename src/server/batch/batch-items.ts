/**
 * Evaluates a slice of a batch: each item in its own slot, an error (with its
 * status and pointers under /requests/<i>) where it fails. Used on the main
 * thread and in the batch workers alike, so both give the same answers.
 * An item's error is never larger than the item itself (or 1 KB).
 */
import { evaluate, type EvaluateRequest } from '../../evaluate/evaluate.js';
import { ApiError } from '../../base/errors.js';
import type { Registry } from '../../evaluate/registry.js';
import { envelopeProblems } from '../../contract/api-schemas.js';
import { fitError, toHttp } from '../errors.js';

const MIN_ITEM_ERROR = 1024;

function itemBytes(item: unknown): number {
  try {
    return JSON.stringify(item)?.length ?? 0;
  } catch {
    return 0;
  }
}

export async function evaluateItems(registry: Registry, items: unknown[], offset: number, today: string, onFault?: (err: unknown, index: number) => void): Promise<unknown[]> {
  const results: unknown[] = [];
  for (let j = 0; j < items.length; j++) {
    const item = items[j];
    const prefix = `/requests/${offset + j}`;
    const fail = (e: unknown) => {
      const { status, body } = toHttp(e);
      const budget = Math.max(MIN_ITEM_ERROR, itemBytes(item));
      if (status < 500) body.error.details = body.error.details.map((d) => ({ ...d, pointer: d.pointer.startsWith(prefix) ? d.pointer : prefix + d.pointer }));
      results.push({ ...fitError(body, budget), status });
    };
    const problems = envelopeProblems(item, prefix);
    if (problems.length) {
      fail(new ApiError('invalid', 'invalid_request', 'het verzoek heeft niet de vorm van het contract', problems));
      continue;
    }
    try {
      results.push(await evaluate(registry, item as EvaluateRequest, { today }));
    } catch (e) {
      // A fault in the rules (not in the item) stays in its own slot too; the other items still count.
      if (toHttp(e).status >= 500) onFault?.(e, offset + j);
      fail(e);
    }
  }
  return results;
}
