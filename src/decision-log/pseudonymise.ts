/**
 * Direct identifiers never reach the decision log in clear: each is replaced
 * by a keyed hash (HMAC-SHA256 with the log's key), the same value always by
 * the same pseudonym, so one client's or one allocation's cases can still be
 * grouped, and rules that compare two identifiers still see them equal.
 *
 * The identifiers (every field of schemas/facts and of the iJw messages that
 * points at a person or at one client's case; test/decision-log checks the
 * schemas against this list):
 * - the client's BSN (iJw JW301, JW315, JW323 Client/Bsn): never in the
 *   facts; kept only as `subject`, the keyed hash;
 * - `toewijzingNummer` (facts of RAP declaratie: toewijzing and prestatie;
 *   iJw ToewijzingNummer): one client's allocation in the municipality's
 *   records. Replaced by a pseudonym number in 1..999999999, so the facts keep
 *   their schema and replay answers them as before;
 * - ReferentieNummer, VorigReferentieNummer, DeclaratieNummer, the message's
 *   Identificatie and AGB codes of the iJw messages: not in the facts, not kept.
 * Defence in depth: any other string in the facts holding a run of nine digits
 * (what a BSN looks like) is replaced by its keyed hash as text.
 *
 * The writer works on the facts as JSON text: one pass over the text's string
 * tokens (no parse, no copy of the facts, no second stringify), replacing
 * identifiers where they stand. The text must be JSON.stringify's output (no
 * whitespace; a quote inside a string always escaped; digits never escaped):
 * - outside a string there is no quote, so jumping from the end of one string
 *   token to the next quote always lands on the start of a string token;
 * - a string token followed by `:` is a key; its value follows at once;
 * - a string holds a run of nine digits only if the text holds one (an escape
 *   such as \u0001 adds hex digits, never removes one), so most facts are
 *   never tested string by string.
 */
import { createHmac, createSecretKey } from 'node:crypto';

/** Fact fields (by name, anywhere in the facts) that identify a client's case, and the pseudonym's type. */
export const IDENTIFIER_FIELDS: Record<string, 'number' | 'text'> = {
  toewijzingNummer: 'number',
  bsn: 'text',
};

const NINE_DIGITS = /(?<!\d)\d{9}(?!\d)/;
/** Any run of nine digits in the text (a number's or a string's). */
const NINE_OR_MORE = /\d{9}/;
const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const FIELD_LENGTHS = new Set(Object.keys(IDENTIFIER_FIELDS).map((k) => k.length));

/** The end (exclusive) of the string token opening at `start`, or -1. */
function stringEnd(json: string, start: number): number {
  let e = json.indexOf('"', start + 1);
  for (;;) {
    if (e === -1) return -1;
    let slashes = 0;
    while (json.charCodeAt(e - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return e + 1;
    e = json.indexOf('"', e + 1);
  }
}

/** The end (exclusive) of the number literal starting at `start` (digits, sign, point, exponent). */
function numberEnd(json: string, start: number): number {
  let e = start;
  for (;;) {
    const c = json.charCodeAt(e);
    if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 101 || c === 69) e++;
    else return e;
  }
}
/** The largest ToewijzingNummer the facts schema allows. */
const MAX_NUMBER = 999_999_999;

export interface Pseudonymiser {
  /** The keyed hash of an identifier as text: `h:` and 32 hex digits (128 bits). */
  text(kind: string, value: string): string;
  /** The keyed hash of an identifier as a number in 1..999999999. */
  number(kind: string, value: number): number;
  /** The facts as JSON text (JSON.stringify's output) with every identifier replaced, as JSON text. */
  factsJson(json: string): string;
}

/** Pseudonyms remembered (the same allocation recurs in many lines); forgotten all at once when full. */
const MEMO_SIZE = 50_000;

export function createPseudonymiser(key: Buffer): Pseudonymiser {
  const secret = createSecretKey(key);
  const mac = (kind: string, value: string) => createHmac('sha256', secret).update(`${kind}\u0000${value}`).digest();
  const memo = new Map<string, string | number>();
  const remember = <T extends string | number>(k: string, make: () => T): T => {
    const hit = memo.get(k);
    if (hit !== undefined) return hit as T;
    if (memo.size >= MEMO_SIZE) memo.clear();
    const v = make();
    memo.set(k, v);
    return v;
  };
  const text = (kind: string, value: string) => remember(`t\u0000${kind}\u0000${value}`, () => 'h:' + mac(kind, value).subarray(0, 16).toString('hex'));
  const number = (kind: string, value: number) => remember(`n\u0000${kind}\u0000${value}`, () => (mac(kind, String(value)).readUIntBE(0, 6) % MAX_NUMBER) + 1);
  /** An identifier's value (JSON text of a number or a string) as its pseudonym (JSON text). */
  const pseudonym = (field: string, literal: string): string => {
    const v = JSON.parse(literal) as string | number;
    return IDENTIFIER_FIELDS[field] === 'number' && typeof v === 'number' ? String(number(field, v)) : JSON.stringify(text(field, String(v)));
  };
  const factsJson = (json: string): string => {
    const digits = NINE_OR_MORE.test(json);
    let out = '';
    let copied = 0;
    let i = json.indexOf('"');
    while (i !== -1) {
      const end = stringEnd(json, i);
      if (end === -1) break;
      if (json.charCodeAt(end) === COLON) {
        // A key: an identifier's number or string value is replaced; any other value is scanned as usual.
        const field = FIELD_LENGTHS.has(end - i - 2) ? json.slice(i + 1, end - 1) : undefined;
        if (field !== undefined && Object.hasOwn(IDENTIFIER_FIELDS, field)) {
          const at = end + 1;
          const c = json.charCodeAt(at);
          const valueEnd = c === QUOTE ? stringEnd(json, at) : (c >= 48 && c <= 57) || c === 45 ? numberEnd(json, at) : -1;
          if (valueEnd !== -1) {
            out += json.slice(copied, at) + pseudonym(field, json.slice(at, valueEnd));
            copied = valueEnd;
            i = json.indexOf('"', valueEnd);
            continue;
          }
        }
      } else if (digits) {
        const token = json.slice(i, end);
        const read = token.includes('\\') ? (JSON.parse(token) as string) : token.slice(1, -1);
        if (NINE_DIGITS.test(read)) {
          out += json.slice(copied, i) + JSON.stringify(text('tekst', read));
          copied = end;
        }
      }
      i = json.indexOf('"', end);
    }
    return copied === 0 ? json : out + json.slice(copied);
  };
  return { text, number, factsJson };
}
