/**
 * A BSN never reaches a log, an error message or a trace in clear: any run of
 * nine digits is shown as its last three, e.g. `******782`. (Nine-digit
 * allocation numbers are masked too in such texts; that is the price of a rule
 * that needs no knowledge of where a text came from.)
 */
const NINE_DIGITS = /(?<!\d)\d{6}(\d{3})(?!\d)/g;

export function maskBsn(text: string): string {
  return text.replace(NINE_DIGITS, '******$1');
}

/** Masks every string inside a JSON-like value (for traces and events). */
export function maskDeep<T>(value: T): T {
  if (typeof value === 'string') return maskBsn(value) as T;
  if (Array.isArray(value)) return value.map(maskDeep) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v);
    return out as T;
  }
  return value;
}
