/** The clock port: deadlines depend on "today", so tests inject a fixed one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock & { set(iso: string): void } {
  let t = new Date(iso);
  return { now: () => new Date(t), set: (next) => { t = new Date(next); } };
}

const AMSTERDAM = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in the Netherlands (the deadlines are Dutch calendar days), as YYYY-MM-DD. */
export function dutchDate(d: Date): string {
  return AMSTERDAM.format(d);
}
