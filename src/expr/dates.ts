/** ISO calendar dates (YYYY-MM-DD) as plain strings; arithmetic in UTC days, never local time. */
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number of ASCII digits v[from..from+n), or -1 when one is not a digit. */
function digits(v: string, from: number, n: number): number {
  let x = 0;
  for (let i = from; i < from + n; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    x = x * 10 + c;
  }
  return x;
}

/** YYYY-MM-DD, a real calendar day. Read by character codes: it runs for every date comparison of every evaluation. */
export function isIsoDate(v: unknown): v is string {
  if (typeof v !== 'string' || v.length !== 10 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return false;
  const y = digits(v, 0, 4);
  const mo = digits(v, 5, 2);
  const d = digits(v, 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1) return false;
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
