/**
 * The one clock: "now", and "today" as the calendar date in Europe/Amsterdam (the protocols count Dutch
 * calendar days). Rules read today as `vandaag`, the amendment procedure for its 1 March rule, the
 * editor for its defaults, the logs for their time. Tests set it (`setClock(fixedClock(...))`), so at
 * 23:30 UTC on 31 December every part of the system agrees that it is 1 January already.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock standing still at `iso` until set again (tests). */
export function fixedClock(iso: string): Clock & { set(iso: string): void } {
  let t = new Date(iso);
  return { now: () => new Date(t), set: (next) => { t = new Date(next); } };
}

let current: Clock = systemClock;

/** Sets the process's clock (tests); without an argument, back to the system clock. */
export function setClock(clock?: Clock): void {
  current = clock ?? systemClock;
  cached = { until: 0, iso: '' };
}

/** The process's clock, for services that keep one (the amendment procedure's context). */
export function currentClock(): Clock {
  return current;
}

/** This moment on the clock. */
export function now(clock: Clock = current): Date {
  return clock.now();
}

const AMSTERDAM = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date of a moment in the Netherlands, as YYYY-MM-DD. */
export function amsterdamDate(d: Date): string {
  return AMSTERDAM.format(d);
}

let cached = { until: 0, iso: '' };

/**
 * Today in Amsterdam (YYYY-MM-DD) on `clock` (the process's clock by default). On the system clock it is
 * formatted at most once a second: a fresh format per request was a measurable cost.
 */
export function today(clock: Clock = current): string {
  if (clock !== systemClock) return amsterdamDate(clock.now());
  const t = Date.now();
  if (t >= cached.until || t < cached.until - 1000) cached = { until: t + 1000, iso: amsterdamDate(new Date(t)) };
  return cached.iso;
}
