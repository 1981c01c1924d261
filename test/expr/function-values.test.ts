/**
 * The values of the expression language's functions as a rule reads them (src/expr/functions.ts):
 * each at its edge, and an unknown (null) input gives an unknown answer, never an invented number or date.
 */
import { describe, expect, it } from 'vitest';
import { compileExpr, type ExprScope } from '../../src/expr/compile-expr.js';
import { parseExpr } from '../../src/expr/parse.js';

const facts: Record<string, unknown> = {
  lopend: [
    { productCode: 'A', ingangsdatum: '2025-01-01', einddatum: '2025-01-31' },
    { productCode: 'B', ingangsdatum: '2025-02-01', einddatum: null },
    { productCode: 'C', ingangsdatum: '2025-02-02' },
    { productCode: 'D', ingangsdatum: 'gisteren', einddatum: '2025-12-31' },
    { productCode: 'E', ingangsdatum: '2025-01-15', einddatum: 'ooit' },
    Object.assign(Object.create({ ingangsdatum: '2025-01-01' }), { productCode: 'F' }),
    null,
  ],
  uren: [2, 3], tarieven: [100, 50], kort: [1], gaten: [2, null],
  budgetten: [100000, 250000, 500000],
};
const scope: ExprScope = { get: (n) => facts[n], lookup: () => null, column: () => [], referenceDate: '2025-03-01' };
const run = (src: string) => compileExpr(parseExpr(src))(scope);

describe('expression functions', () => {
  it('rounding: round half away from zero, floor and ceil as on the number line, abs; unknown stays unknown', () => {
    expect([run('round(2.5)'), run('round(-2.5)'), run('round(2.4)'), run('round(-2.4)')]).toEqual([3, -3, 2, -2]);
    expect([run('floor(2.7)'), run('floor(-2.2)'), run('ceil(2.2)'), run('ceil(-2.7)'), run('abs(-4)'), run('abs(4)')]).toEqual([2, -3, 3, -2, 4, 4]);
    for (const f of ['round', 'floor', 'ceil', 'abs']) expect(run(`${f}(onbekend)`), f).toBeNull();
  });

  it('min and max of numbers; one unknown makes the answer unknown', () => {
    expect([run('min(3, 1, 2)'), run('max(3, 1, 2)')]).toEqual([1, 3]);
    expect([run('min(3, onbekend)'), run('max(onbekend, 3)')]).toEqual([null, null]);
  });

  it('coalesce takes the first known value; isSet tells known from unknown', () => {
    expect([run('coalesce(onbekend, 0, 5)'), run('coalesce(onbekend, onbekend)')]).toEqual([0, null]);
    expect([run('isSet(0)'), run('isSet(onbekend)'), run('isSet("")')]).toEqual([true, false, true]);
  });

  it('dates: days and months added, end of month, days between, year, month and ISO weekday; a non-date is unknown', () => {
    expect(run('addDays("2025-02-28", 1)')).toBe('2025-03-01');
    expect(run('addDays("2025-03-01", -1)')).toBe('2025-02-28');
    expect(run('addMonths("2025-01-31", 1)')).toBe('2025-02-28');
    expect(run('endOfMonth("2024-02-10")')).toBe('2024-02-29');
    expect(run('daysBetween("2025-02-01", "2025-03-01")')).toBe(28);
    expect(run('daysBetween("2025-03-01", "2025-02-01")')).toBe(-28);
    expect([run('year("2025-12-31")'), run('month("2025-12-31")')]).toEqual([2025, 12]);
    expect([run('weekday("2025-02-03")'), run('weekday("2025-02-09")')]).toEqual([1, 7]);
    for (const src of ['addDays("morgen", 1)', 'addDays("2025-01-01", onbekend)', 'addMonths(onbekend, 1)', 'addMonths("2025-01-01", onbekend)', 'endOfMonth(3)',
      'daysBetween("2025-01-01", onbekend)', 'daysBetween(onbekend, "2025-01-01")', 'year("2025-13-01")', 'month(onbekend)', 'weekday("maandag")']) {
      expect(run(src), src).toBeNull();
    }
  });

  it('runningOn: an allocation runs from its ingangsdatum up to and including its einddatum, or on without one', () => {
    const codes = (date: string) => (run(`runningOn(lopend, "${date}")`) as { productCode: string }[]).map((x) => x.productCode);
    expect(codes('2025-01-01')).toEqual(['A']);
    expect(codes('2025-01-31')).toEqual(['A']);
    expect(codes('2025-02-01')).toEqual(['B']);
    expect(codes('2025-02-02')).toEqual(['B', 'C']);
    // An ingangsdatum that is no date, an einddatum that is no date, or one only on the prototype: not running.
    expect(codes('2025-06-01')).toEqual(['B', 'C']);
    expect(run('runningOn(onbekend, "2025-01-01")')).toBeNull();
    expect(run('runningOn(lopend, "vandaag")')).toBeNull();
  });

  it('count, sumProduct and minAtLeast over lists', () => {
    expect([run('count(budgetten)'), run('count(onbekend)')]).toEqual([3, null]);
    expect(run('sumProduct(uren, tarieven)')).toBe(350);
    expect([run('sumProduct(uren, kort)'), run('sumProduct(uren, gaten)'), run('sumProduct(onbekend, uren)'), run('sumProduct(uren, onbekend)')]).toEqual([null, null, null, null]);
    expect([run('minAtLeast(budgetten, 250000)'), run('minAtLeast(budgetten, 250001)'), run('minAtLeast(budgetten, 600000)')]).toEqual([250000, 500000, null]);
    expect([run('minAtLeast(onbekend, 1)'), run('minAtLeast(budgetten, onbekend)')]).toEqual([null, null]);
  });
});
