/**
 * Periods of the decision log in calendar days of the Netherlands: `since`
 * and `until` are dates (YYYY-MM-DD, both included), turned into the UTC
 * instants where those days begin and end in Europe/Amsterdam.
 */
import { isIsoDate } from '../expr/dates.js';
import { dutchDate, type Clock } from './clock.js';
import type { DecisionPeriod } from './types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The UTC instant at which the Dutch calendar day `date` begins. */
export function dayStart(date: string): string {
  const midnightUtc = Date.parse(`${date}T00:00:00.000Z`);
  // Amsterdam is UTC+1 or UTC+2: the day begins one or two hours before midnight UTC.
  for (const h of [2, 1]) {
    const t = midnightUtc - h * HOUR;
    if (dutchDate(new Date(t)) === date && dutchDate(new Date(t - 1)) !== date) return new Date(t).toISOString();
  }
  return new Date(midnightUtc - HOUR).toISOString();
}

/** The day after `date` (YYYY-MM-DD). */
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00.000Z`) + DAY).toISOString().slice(0, 10);

/** A period from dates (each optional, both days included); throws with the option's name when one is no date. */
export function periodOf(since?: string, until?: string, names = { since: 'since', until: 'until' }): DecisionPeriod {
  for (const [k, v] of [['since', since], ['until', until]] as const) {
    if (v !== undefined && !isIsoDate(v)) throw new PeriodError(names[k], `${names[k]}: verwacht een datum JJJJ-MM-DD, niet '${String(v).slice(0, 30)}'`);
  }
  if (since !== undefined && until !== undefined && until < since) throw new PeriodError(names.until, `${names.until} ligt voor ${names.since}`);
  return { ...(since !== undefined ? { since: dayStart(since) } : {}), ...(until !== undefined ? { until: dayStart(nextDay(until)) } : {}) };
}

/** The last `days` Dutch calendar days up to and including today on the clock. */
export function lastDays(days: number, clock: Clock): { since: string; until: string } {
  const today = dutchDate(clock.now());
  const since = new Date(Date.parse(`${today}T00:00:00.000Z`) - (days - 1) * DAY).toISOString().slice(0, 10);
  return { since, until: today };
}

export class PeriodError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}
