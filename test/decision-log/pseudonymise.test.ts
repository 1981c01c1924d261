/**
 * The writer pseudonymises the facts as JSON text, in one pass over its string
 * tokens. It must replace exactly what a walk over the parsed facts replaces:
 * every identifier field's value, and every string holding a run of nine digits,
 * on the corpus and on text made to mislead a scanner (quotes, escapes, keys
 * inside strings, digits next to escapes, nine-digit numbers).
 */
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../../src/corpus/generate.js';
import { createPseudonymiser, IDENTIFIER_FIELDS, type Pseudonymiser } from '../../src/decision-log/pseudonymise.js';
import { loadProject } from '../../src/evaluate/project.js';

const pseudo = createPseudonymiser(Buffer.from('s'.repeat(64)));

/** The rule, as a walk over parsed facts: what the text pass must give. */
function walk(p: Pseudonymiser, v: unknown, field?: string): unknown {
  const kind = field !== undefined && Object.hasOwn(IDENTIFIER_FIELDS, field) ? IDENTIFIER_FIELDS[field] : undefined;
  if (kind === 'number' && typeof v === 'number') return p.number(field!, v);
  if (kind !== undefined && (typeof v === 'string' || typeof v === 'number')) return p.text(field!, String(v));
  if (typeof v === 'string') return /(?<!\d)\d{9}(?!\d)/.test(v) ? p.text('tekst', v) : v;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => walk(p, x));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(p, x, k)]));
}

const viaText = (facts: unknown) => JSON.parse(pseudo.factsJson(JSON.stringify(facts)));

describe('pseudonymising the facts as JSON text', () => {
  it('gives what a walk over the parsed facts gives, on 2,000 generated cases', () => {
    const registry = loadProject().registry;
    let identifiers = 0;
    for (const c of generateCorpus(registry, 7, 2000)) {
      expect(viaText(c.facts)).toEqual(walk(pseudo, c.facts));
      if (JSON.stringify(c.facts).includes('"toewijzingNummer":')) identifiers++;
    }
    expect(identifiers).toBeGreaterThan(500);
  });

  it('is not misled by quotes, escapes, keys inside strings, digits next to escapes or nine-digit numbers', () => {
    const tricky: unknown[] = [
      { toewijzingNummer: 123456789, bedrag: 123456789, note: 'a "toewijzingNummer":5 b' },
      { 'x"toewijzingNummer': 5, '"toewijzingNummer': 'z', toewijzingNummer: '77' },
      { a: '\u0001123456789', b: '\\"123456789\\', c: 'tel:123456789', d: '1234567890', e: 'x\n123456789\ty' },
      { lijst: [{ toewijzingNummer: 1 }, { toewijzingNummer: -2.5e3 }, '999999999', ['012345678']], toewijzingNummer: null },
      { bsn: 123456782, nested: { bsn: '123456782', toewijzingNummer: { toewijzingNummer: 42 } }, 'sleutel 123456789': 'x' },
      { leeg: '', slash: '\\', quote: '"', toewijzingNummer: 0, 'a\\': { toewijzingNummer: 3 } },
      { unicode: 'Zoë ☃ 𝄞 123456789', toewijzingNummer: 999_999_999 },
    ];
    for (const facts of tricky) expect(viaText(facts)).toEqual(walk(pseudo, facts));
    // Spot checks against the rule itself, not only against the walk.
    const out = viaText(tricky[2]) as Record<string, string>;
    expect(out.a).toMatch(/^h:[0-9a-f]{32}$/);
    expect(out.c).toMatch(/^h:/);
    expect(out.d).toBe('1234567890');
    const first = viaText(tricky[0]) as { toewijzingNummer: number; bedrag: number };
    expect(first.toewijzingNummer).not.toBe(123456789);
    expect(first.bedrag).toBe(123456789); // an amount is no identifier
  });

  it('leaves text without identifiers as it is', () => {
    const text = JSON.stringify({ productCode: '54D02', bedrag: 500000, periode: { begindatum: '2025-01-01' } });
    expect(pseudo.factsJson(text)).toBe(text);
  });
});
