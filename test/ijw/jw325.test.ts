/**
 * How the JW325 treats lines that are neither approved nor rejected by a rule:
 * not granted, the standard's 0233 ("niet beoordeeld") in the XML, named in the
 * JSON twin (nietBeoordeeld) with what was missing.
 */
import { describe, expect, it } from 'vitest';
import { NIET_BEOORDEELD, type DeclaratieResult, type LineResult } from '../../src/ijw/judge-declaratie.js';
import { parseJw323 } from '../../src/ijw/jw323.js';
import { jw325Json, jw325Xml } from '../../src/ijw/jw325.js';
import { BSN, codesOf, jw323, line, LIMITS } from './fixtures.js';

const parsed = await parseJw323(jw323([{ bsn: BSN, lines: [line(), line({ referentieNummer: 'R2', begindatum: '2025-02-01', einddatum: '2025-02-14', geleverdVolume: 60, ingediend: { bedrag: 7904, debetCredit: 'D' } })] }]), { ...LIMITS });
if (!parsed.ok) throw new Error('fixture does not parse');
const m = parsed.message;
const [p1, p2] = m.clienten[0].prestaties;
const base = (p: typeof p1): Omit<LineResult, 'outcome' | 'granted' | 'codes'> => ({ client: 0, referentieNummer: p.referentieNummer, path: p.path, ingediend: p.ingediend, line: p, events: [], facts: {} });
const missing = [{ pointer: '/facts/eerderGedeclareerd', message: 'ontbreekt', rules: ['rap.declaratie.binnen-budget'] }];
const result: DeclaratieResult = {
  message: m, inMessage: [], totaalIngediend: 11856 + 7904, totaalToegekend: 11856,
  lines: [
    { ...base(p1), outcome: 'goedgekeurd', granted: true, codes: [] },
    { ...base(p2), outcome: 'onvoldoende_gegevens', granted: false, codes: [NIET_BEOORDEELD], missing },
  ],
};

describe('JW325 for a line with onvoldoende_gegevens', () => {
  it('lists it as not granted with 0233 and keeps it out of TotaalToegekend', () => {
    const c = codesOf(jw325Xml(result, '2025-03-10'));
    expect(c.antwoord).toEqual(['0200']);
    expect(c.lines).toEqual({ R2: ['0233'] });
    expect(c.toegekend).toBe(11856);
  });

  it('names it in the JSON twin with its missing facts', () => {
    const j = jw325Json(result, '2025-03-10');
    expect(j.nietBeoordeeld).toEqual(['R2']);
    expect(j.prestaties[1]).toMatchObject({ outcome: 'onvoldoende_gegevens', toegekend: false, retourCodes: ['0233'], missing });
  });
});
