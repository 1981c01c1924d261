import { describe, expect, it } from 'vitest';
import { ExprSyntaxError } from '../../src/expr/ast.js';
import { checkExpr } from '../../src/expr/check-expr.js';
import { compileExpr, type ExprScope } from '../../src/expr/compile-expr.js';
import { addMonths, compareDates, isIsoDate } from '../../src/expr/dates.js';
import { parseExpr } from '../../src/expr/parse.js';

const facts: Record<string, unknown> = {
  'prestatie.geleverdVolume': 90,
  uurtarief: 7904,
  lijst: [{ budget: 100000 }, { budget: 250000 }],
  start: '2025-01-31',
};
const scope: ExprScope = {
  get: (n) => facts[n],
  lookup: (table, column, keys, date) => (table === 't' && column === 'c' && keys[0] === 'a' ? `${date}:hit` : null),
  column: (table, column) => (table === 't' && column === 'c' ? [100000, 250000, 500000] : []),
  referenceDate: '2025-03-01',
};
const run = (src: string) => compileExpr(parseExpr(src))(scope);

describe('expression language', () => {
  it('computes money the way IV081 says: round(hourly tariff x minutes / 60)', () => {
    expect(run('round(uurtarief * prestatie.geleverdVolume / 60)')).toBe(11856);
    expect(run('round(7904 * 1 / 60)')).toBe(132);
    expect(run('round(30 / 60)')).toBe(1); // half rounds up
    expect(run('round(-30 / 60)')).toBe(-1); // and away from zero
  });

  it('respects precedence and parentheses', () => {
    expect(run('1 + 2 * 3')).toBe(7);
    expect(run('(1 + 2) * 3')).toBe(9);
    expect(run('-2 * 3 + 10')).toBe(4);
    expect(run('1 < 2 and not (2 < 1) or false')).toBe(true);
  });

  it('lets null flow through arithmetic instead of inventing numbers', () => {
    expect(run('onbekend * 2')).toBeNull();
    expect(run('10 / 0')).toBeNull();
    expect(run('coalesce(onbekend, 5)')).toBe(5);
    expect(run('isSet(onbekend)')).toBe(false);
  });

  it('works on lists and dates', () => {
    expect(run('sum(lijst, budget)')).toBe(350000);
    expect(run('count(lijst)')).toBe(2);
    expect(run('pluck(lijst, budget)')).toEqual([100000, 250000]);
    expect(run('addMonths(start, 1)')).toBe('2025-02-28');
    expect(run('addMonths("2024-01-31", 1)')).toBe('2024-02-29');
    expect(run('endOfMonth("2024-02-10")')).toBe('2024-02-29');
    expect(run('endOfMonth(addMonths("2025-01-31", 1))')).toBe('2025-02-28');
    expect(run('endOfMonth("2025-12-01")')).toBe('2025-12-31');
    expect(run('daysBetween("2024-12-31", "2025-01-01")')).toBe(1);
    expect(run('year(start)')).toBe(2025);
    expect(run('sumProduct(pluck(lijst, budget), pluck(lijst, budget))')).toBe(100000 * 100000 + 250000 * 250000);
    expect(run('minAtLeast(values(t, c), 250000)')).toBe(250000);
    expect(run('minAtLeast(values(t, c), 250001)')).toBe(500000);
    expect(run('coalesce(minAtLeast(values(t, c), 500001), "offerte")')).toBe('offerte');
  });

  it('looks tables up on the reference date unless told another date', () => {
    expect(run('lookup(t, c, "a")')).toBe('2025-03-01:hit');
    expect(run('lookupAt("2024-01-01", t, c, "a")')).toBe('2024-01-01:hit');
    expect(run('lookup(t, c, "b")')).toBeNull();
  });

  it('reports syntax errors with their offset', () => {
    expect(() => parseExpr('1 +')).toThrow(ExprSyntaxError);
    const thrown = (() => { try { parseExpr('round(1, ))'); } catch (e) { return e; } })();
    expect(thrown).toBeInstanceOf(ExprSyntaxError);
    expect((thrown as ExprSyntaxError).pos).toBe(9);
    expect(() => parseExpr('a # b')).toThrow(/onverwacht teken '#'/);
  });

  it('checks names, functions, arity, tables and columns', () => {
    const env = { knows: (n: string) => n === 'x', table: (n: string) => (n === 't' ? { keys: ['k'], columns: ['k', 'c'] } : undefined) };
    const codes = (src: string) => checkExpr(parseExpr(src), env).problems.map((p) => p.code);
    expect(codes('x + 1')).toEqual([]);
    expect(codes('y + 1')).toEqual(['unknown_fact']);
    expect(codes('wortel(x)')).toEqual(['unknown_function']);
    expect(codes('round(x, x)')).toEqual(['bad_expression']);
    expect(codes('lookup(u, c, x)')).toEqual(['unknown_table']);
    expect(codes('lookup(t, d, x)')).toEqual(['unknown_column']);
    expect(codes('lookup(t, c, x, x)')).toEqual(['bad_expression']);
  });
});

describe('ISO dates', () => {
  it('accepts only real calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-1-01')).toBe(false);
    expect(isIsoDate(20250101)).toBe(false);
  });

  it('compares as calendar dates and refuses anything else', () => {
    expect(compareDates('2024-12-31', '2025-01-01')).toBeLessThan(0);
    expect(compareDates('2025-01-01', '2025-01-01')).toBe(0);
    expect(compareDates('2025-01-01', 'morgen')).toBeUndefined();
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
  });
});
