import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDates, isIsoDate } from '../../src/expr/dates.js';

// isIsoDate reads character codes (it runs for every date comparison of every evaluation, issue 15);
// it must accept exactly what the pattern YYYY-MM-DD with a real calendar day accepts.
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function byPattern(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= DAYS[mo - 1] + (leap ? 1 : 0);
}

describe('isIsoDate', () => {
  it('accepts real calendar days and refuses the rest, like the pattern', () => {
    for (const ok of ['2025-01-31', '2024-02-29', '2000-02-29', '0000-01-01', '9999-12-31']) expect(isIsoDate(ok), ok).toBe(true);
    for (const bad of ['2025-02-29', '1900-02-29', '2025-13-01', '2025-00-10', '2025-04-31', '2025-01-00', '2025/01/01', '2025-1-01', ' 2025-01-01', '2025-01-01 ', '２０２５-01-01', '2025-0a-01', null, 20250101, undefined]) {
      expect(isIsoDate(bad), String(bad)).toBe(false);
    }
  });

  it('agrees with the pattern on arbitrary and on date-shaped text', () => {
    const chars = fc.constantFrom(...'0123456789-/: a١'.split(''));
    const dateLike = fc.array(chars, { minLength: 10, maxLength: 10 }).map((a) => a.join(''));
    const near = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, m, d]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    fc.assert(fc.property(fc.oneof(fc.string(), dateLike, near), (v) => isIsoDate(v) === byPattern(v)), { numRuns: 20_000 });
  });

  it('compares only valid dates', () => {
    expect(compareDates('2025-01-02', '2025-01-01')).toBe(1);
    expect(compareDates('2025-02-30', '2025-01-01')).toBeUndefined();
  });
});
