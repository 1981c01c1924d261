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

/** Year and month of a valid ISO date, read by character codes (no substrings). */
export function yearOf(v: string): number {
  return digits(v, 0, 4);
}

export function monthOf(v: string): number {
  return digits(v, 5, 2);
}

const leapYear = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

/** Days in month m (1-12) of year y. */
const monthDays = (y: number, m: number) => DAYS[m - 1] + (m === 2 && leapYear(y) ? 1 : 0);

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days algorithm of H. Hinnant);
 * Date.UTC gives the same for every year from 100 on (below 100 it reads the year as 1900 + year).
 */
function civilToDay(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

/** YYYY-MM-DD of a year 1000..9999 (the fast road's range; other years go through Date as before). */
const iso = (y: number, m: number, d: number) => `${y}-${pad2(m)}-${pad2(d)}`;

function toDay(v: string): number {
  const y = yearOf(v);
  if (y >= 100) return civilToDay(y, monthOf(v), digits(v, 8, 2));
  return Date.UTC(+v.slice(0, 4), +v.slice(5, 7) - 1, +v.slice(8, 10)) / 86_400_000;
}

function fromDay(day: number): string {
  // Whole days of the years 1000..9999 by arithmetic; anything else exactly as Date prints it.
  if (Number.isInteger(day) && day >= -354_285 && day <= 2_932_896) {
    const z = day + 719468;
    const era = Math.floor(z / 146097);
    const doe = z - era * 146097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const m = mp < 10 ? mp + 3 : mp - 9;
    return iso(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
  }
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** ISO weekday of a valid ISO date: 1 Monday .. 7 Sunday. */
export function isoWeekday(v: string): number {
  const dow = (((civilToDay(yearOf(v), monthOf(v), digits(v, 8, 2)) + 4) % 7) + 7) % 7; // 0 Sunday, as getUTCDay
  return ((dow + 6) % 7) + 1;
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
  const y = yearOf(d);
  const m = monthOf(d) - 1 + n;
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  if (year >= 1000 && year <= 9999 && Number.isInteger(month)) return iso(year, month + 1, Math.min(digits(d, 8, 2), monthDays(year, month + 1)));
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(+d.slice(8, 10), last);
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The last day of the date's month (2024-02-10 -> 2024-02-29). */
export function endOfMonth(d: string): string {
  const y = yearOf(d);
  const last = y >= 100 ? monthDays(y, monthOf(d)) : new Date(Date.UTC(y, monthOf(d), 0)).getUTCDate();
  return `${d.slice(0, 8)}${pad2(last)}`;
}

export function daysBetween(a: string, b: string): number {
  return toDay(b) - toDay(a);
}
