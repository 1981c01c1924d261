/**
 * Evaluates a slice of a batch: each item in its own slot, an error (with its
 * status and pointers under /requests/<i>) where it fails. Used on the main
 * thread and in the batch workers alike, so both give the same answers.
 */
import { evaluate, type EvaluateRequest } from '../../evaluate/evaluate.js';
import type { Registry } from '../../evaluate/registry.js';
import { envelopeProblems } from '../api-schemas.js';
import { toHttp } from '../errors.js';

export async function evaluateItems(registry: Registry, items: unknown[], offset: number, today: string, onFault?: (err: unknown, index: number) => void): Promise<unknown[]> {
  const results: unknown[] = [];
  for (let j = 0; j < items.length; j++) {
    const item = items[j];
    const prefix = `/requests/${offset + j}`;
    const problems = envelopeProblems(item, prefix);
    if (problems.length) {
      results.push({ error: { code: 'invalid_request', message: 'het verzoek heeft niet de vorm van het contract', details: problems }, status: 400 });
      continue;
    }
    try {
      results.push(await evaluate(registry, item as EvaluateRequest, { today }));
    } catch (e) {
      const { status, body } = toHttp(e);
      // A fault in the rules (not in the item) stays in its own slot too; the other items still count.
      if (status >= 500) {
        onFault?.(e, offset + j);
        results.push({ ...body, status });
        continue;
      }
      body.error.details = body.error.details.map((d) => ({ ...d, pointer: prefix + d.pointer }));
      results.push({ ...body, status });
    }
  }
  return results;
}
