/**
 * Validation whose cost is bounded by the input, not by its number of
 * errors: ajv with allErrors builds one error object per wrong item, so
 * 200,000 wrong array items would mean 200,000 errors (seconds and megabytes).
 * A fast first-error pass decides valid or not; only input of at most
 * FULL_REPORT_NODES values is then checked again for every error. Larger
 * input reports its first error, and says so.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { usefulErrors, type AjvInstance } from '../base/json-schema.js';

/** Input with more values than this gets only its first error. */
export const FULL_REPORT_NODES = 10_000;

/** True when `data` holds more than `limit` values (objects, arrays and scalars); stops counting early. */
export function largerThan(data: unknown, limit: number): boolean {
  let n = 0;
  const stack: unknown[] = [data];
  while (stack.length) {
    const v = stack.pop();
    if (++n > limit) return true;
    if (v && typeof v === 'object') {
      if (Array.isArray(v)) for (let i = 0; i < v.length; i++) stack.push(v[i]);
      else for (const k in v) stack.push((v as Record<string, unknown>)[k]);
    }
  }
  return false;
}

export interface BoundedResult {
  errors: ErrorObject[];
  /** True when only the first error was looked for (large input). */
  partial: boolean;
}

export type BoundedValidate = (data: unknown) => BoundedResult;

/** Compiles `schema` twice: a first-error check (in `firstErrors`) and, for small input, the full report (in `full`, an allErrors ajv). */
export function boundedValidator(full: AjvInstance, firstErrors: AjvInstance, schema: object): BoundedValidate {
  const first: ValidateFunction = firstErrors.compile(schema);
  let all: ValidateFunction | undefined;
  return (data) => {
    if (first(data)) return { errors: [], partial: false };
    if (largerThan(data, FULL_REPORT_NODES)) return { errors: usefulErrors(first.errors ?? []), partial: true };
    all ??= full.compile(schema);
    all(data);
    return { errors: usefulErrors(all.errors ?? first.errors ?? []), partial: false };
  };
}
