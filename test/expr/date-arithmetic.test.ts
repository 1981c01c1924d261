/**
 * The date functions compute by arithmetic on character codes (issue 15: they run for every derived
 * fact of every evaluation). They must answer exactly as the Date-based versions they replaced,
 * which are kept here as the reference, on every kind of valid ISO date.
 */
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, endOfMonth, isIsoDate } from '../../src/expr/dates.js';
import { callPure } from '../../src/expr/functions.js';

const ref = {
  toDay: (v: string) => Date.UTC(+v.slice(0, 4), +v.slice(5, 7) - 1, +v.slice(8, 10)) / 86_400_000,
  fromDay: (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10),
  addDays: (d: string, n: number) => ref.fromDay(ref.toDay(d) + n),
  addMonths(d: string, n: number) {
    const y = +d.slice(0, 4);
    const m = +d.slice(5, 7) - 1 + n;
    const year = y + Math.floor(m / 12);
    const month = ((m % 12) + 12) % 12;
    const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    const day = Math.min(+d.slice(8, 10), last);
    return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  },
  endOfMonth: (d: string) => `${d.slice(0, 8)}${String(new Date(Date.UTC(+d.slice(0, 4), +d.slice(5, 7), 0)).getUTCDate()).padStart(2, '0')}`,
  daysBetween: (a: string, b: string) => ref.toDay(b) - ref.toDay(a),
  weekday: (d: string) => ((new Date(d + 'T00:00:00Z').getUTCDay() + 6) % 7) + 1,
};

/** Every valid date of some years (century and leap edges, the 99/100 and 999/1000 borders) plus a seeded spread. */
function dates(): string[] {
  const out: string[] = [];
  const years = [0, 1, 4, 99, 100, 101, 400, 999, 1000, 1582, 1900, 1969, 1970, 2000, 2024, 2025, 2100, 9998, 9999];
  let seed = 7;
  for (let k = 0; k < 60; k++) years.push((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 10000);
  for (const y of years) {
    for (let m = 1; m <= 12; m++) {
      for (const d of [1, 2, 15, 27, 28, 29, 30, 31]) {
        const v = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        if (isIsoDate(v)) out.push(v);
      }
    }
  }
  return out;
}

describe('date arithmetic', () => {
  const all = dates();

  it('answers as the Date-based functions on every date: days, months, month ends, weekdays', () => {
    expect(all.length).toBeGreaterThan(5000);
    const differ: string[] = [];
    const same = (what: string, a: unknown, b: unknown) => { if (a !== b) differ.push(`${what}: ${String(a)} vs ${String(b)}`); };
    for (const d of all) {
      for (const n of [-400, -31, -1, 0, 1, 28, 365, 1000, 2.5]) same(`addDays(${d}, ${n})`, addDays(d, n), ref.addDays(d, n));
      for (const n of [-13, -12, -1, 0, 1, 3, 11, 12, 25, 1.5]) same(`addMonths(${d}, ${n})`, addMonths(d, n), ref.addMonths(d, n));
      same(`endOfMonth(${d})`, endOfMonth(d), ref.endOfMonth(d));
      same(`daysBetween(1970-01-01, ${d})`, daysBetween('1970-01-01', d), ref.daysBetween('1970-01-01', d));
      same(`daysBetween(${d}, 2025-02-28)`, daysBetween(d, '2025-02-28'), ref.daysBetween(d, '2025-02-28'));
      same(`weekday(${d})`, callPure('weekday', [d]), ref.weekday(d));
      same(`year(${d})`, callPure('year', [d]), +d.slice(0, 4));
      same(`month(${d})`, callPure('month', [d]), +d.slice(5, 7));
    }
    expect(differ.slice(0, 10)).toEqual([]);
  });

  it('gives known calendar facts', () => {
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(endOfMonth('2100-02-03')).toBe('2100-02-28');
    expect(endOfMonth('2000-02-03')).toBe('2000-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(daysBetween('2025-02-01', '2025-02-28')).toBe(27);
    expect(callPure('weekday', ['2025-02-01'])).toBe(6); // a Saturday
    expect(callPure('year', ['not a date'])).toBeNull();
  });
});
