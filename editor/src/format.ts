/** How staff read numbers, money, dates and counts: Dutch, euros, Europe/Amsterdam. */
import { today } from '../../src/base/clock.js';

/** Cents as euros: 790400 -> "€ 7.904,00". */
export const euro = (cents: number) => new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }).format(cents / 100);

/** A signed euro amount: "+ € 60,00" / "− € 60,00". */
export const euroDelta = (cents: number) => `${cents > 0 ? '+ ' : cents < 0 ? '− ' : ''}${euro(Math.abs(cents))}`;

const local = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
/** An ISO timestamp in Amsterdam time: "27 november 2026 om 12:40" (whatever words the browser's ICU puts between). */
export function when(iso: string): string {
  const part = Object.fromEntries(local.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${part.day} ${part.month} ${part.year} om ${part.hour}:${part.minute}`;
}

const day = new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
/** A calendar date (YYYY-MM-DD) in words: "1 januari 2027". */
export const date = (iso: string) => day.format(new Date(`${iso}T00:00:00Z`));

/** Today's date in Amsterdam, YYYY-MM-DD, on the project's one clock. */
export const todayAmsterdam = () => today();

/** "1 probleem", "2 problemen". */
export const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The 1 March rule (art. 4.6 inkoopdocument): a `wijzigen` proposal submitted on or
 * before 1 March can take effect the next 1 January, later ones a year after.
 * The server's own rule (src/amend/deadline.ts), shown before submitting.
 */
export { earliestStart, earliestValidFrom } from '../../src/amend/deadline.js';

/** A cell of a table row in words; money columns in euros. */
export function cell(v: unknown, money = false): string {
  if (v === null || v === undefined) return '—';
  if (money && typeof v === 'number') return euro(v);
  if (typeof v === 'object') {
    const r = v as { min?: unknown; max?: unknown };
    if ('min' in r || 'max' in r) return r.min !== undefined && r.max !== undefined ? `${String(r.min)} t/m ${String(r.max)}` : r.min !== undefined ? `vanaf ${String(r.min)}` : `t/m ${String(r.max)}`;
    return JSON.stringify(v);
  }
  if (typeof v === 'boolean') return v ? 'ja' : 'nee';
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return date(v);
  return String(v);
}
