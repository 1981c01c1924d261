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
 */
import { createHmac, createSecretKey } from 'node:crypto';

/** Fact fields (by name, anywhere in the facts) that identify a client's case, and the pseudonym's type. */
export const IDENTIFIER_FIELDS: Record<string, 'number' | 'text'> = {
  toewijzingNummer: 'number',
  bsn: 'text',
};

const NINE_DIGITS = /(?<!\d)\d{9}(?!\d)/;
const MAX_DEPTH = 16;
/** The largest ToewijzingNummer the facts schema allows. */
const MAX_NUMBER = 999_999_999;

export interface Pseudonymiser {
  /** The keyed hash of an identifier as text: `h:` and 32 hex digits (128 bits). */
  text(kind: string, value: string): string;
  /** The keyed hash of an identifier as a number in 1..999999999. */
  number(kind: string, value: number): number;
  /** A copy of the facts with every identifier replaced. */
  facts(facts: Record<string, unknown>): Record<string, unknown>;
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
  const walk = (v: unknown, depth: number, field?: string): unknown => {
    const kind = field !== undefined && Object.hasOwn(IDENTIFIER_FIELDS, field) ? IDENTIFIER_FIELDS[field] : undefined;
    if (kind === 'number' && typeof v === 'number') return number(field!, v);
    if (kind !== undefined && (typeof v === 'string' || typeof v === 'number')) return text(field!, String(v));
    if (typeof v === 'string') return NINE_DIGITS.test(v) ? text('tekst', v) : v;
    if (depth > MAX_DEPTH || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x, depth + 1, k);
    return out;
  };
  return { text, number, facts: (f) => walk(f, 0) as Record<string, unknown> };
}
