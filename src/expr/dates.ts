/** ISO calendar dates (YYYY-MM-DD) as plain strings; arithmetic in UTC days, never local time. */
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isIsoDate(v: unknown): v is string {
  if (typeof v !== 'string' || v.length !== 10) return false;
  const m = ISO.exec(v);
  if (!m) return false;
  const y = +m[1];
  const mo = +m[2];
  const d = +m[3];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= DAYS[mo - 1] + (leap ? 1 : 0);
}

function toDay(v: string): number {
  return Date.UTC(+v.slice(0, 4), +v.slice(5, 7) - 1, +v.slice(8, 10)) / 86_400_000;
}

function fromDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** Negative when a < b, 0 when equal; undefined when either is not a valid ISO date. */
export function compareDates(a: unknown, b: unknown): number | undefined {
  if (!isIsoDate(a) || !isIsoDate(b)) return undefined;
  return a < b ? -1 : a > b ? 1 : 0; // valid ISO dates sort as strings
}

export function addDays(d: string, n: number): string {
  return fromDay(toDay(d) + n);
}

/** Adds calendar months, clamping to the month's last day (2025-01-31 + 1 = 2025-02-28). */
export function addMonths(d: string, n: number): string {
  const y = +d.slice(0, 4);
  const m = +d.slice(5, 7) - 1 + n;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(+d.slice(8, 10), last);
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The last day of the date's month (2024-02-10 -> 2024-02-29). */
export function endOfMonth(d: string): string {
  const last = new Date(Date.UTC(+d.slice(0, 4), +d.slice(5, 7), 0)).getUTCDate();
  return `${d.slice(0, 8)}${String(last).padStart(2, '0')}`;
}

export function daysBetween(a: string, b: string): number {
  return toDay(b) - toDay(a);
}
