import { Operator } from 'json-rules-engine';
import { compareDates } from '../expr/dates.js';

/**
 * Operators the rule format adds to json-rules-engine. Dates are ISO strings to
 * the engine; they are compared only here, as calendar dates, and an invalid or
 * missing date never satisfies a comparison.
 */
export function customOperators(): Operator[] {
  const date = (name: string, ok: (c: number) => boolean) =>
    new Operator(name, (a: unknown, b: unknown) => {
      const c = compareDates(a, b);
      return c !== undefined && ok(c);
    });
  return [
    date('dateBefore', (c) => c < 0),
    date('dateOnOrBefore', (c) => c <= 0),
    date('dateAfter', (c) => c > 0),
    date('dateOnOrAfter', (c) => c >= 0),
    new Operator('isSet', (a: unknown) => a !== null && a !== undefined),
    new Operator('isNotSet', (a: unknown) => a === null || a === undefined),
    new Operator('intersects', (a: unknown, b: unknown) => Array.isArray(a) && Array.isArray(b) && a.some((x) => b.includes(x))),
  ];
}
