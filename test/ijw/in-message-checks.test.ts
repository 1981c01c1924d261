/**
 * The checks on a JW323 as a whole (src/ijw/in-message-checks.ts): each at its boundary, with the rule,
 * the element path and, for TR314, return code 8021 a provider reads in the JW325.
 */
import { describe, expect, it } from 'vitest';
import { inMessageChecks } from '../../src/ijw/in-message-checks.js';
import type { Jw323, Prestatie } from '../../src/ijw/jw323.js';

const C = '/Bericht/Client[1]';
function prestatie(n: number, over: Partial<Prestatie> = {}): Prestatie {
  return {
    referentieNummer: `R${n}`, toewijzingNummer: 1201, productCategorie: '45', productCode: '45A03', begindatum: '2025-02-01', einddatum: '2025-02-28',
    geleverdVolume: 3, eenheid: '04', productTarief: 7904, ingediend: { bedrag: 23712, debetCredit: 'D' }, path: `${C}/Prestatie[${n}]`, ...over,
  } as Prestatie;
}
function message(prestaties: Prestatie[], over: Partial<Jw323> = {}): Jw323 {
  const total = prestaties.reduce((s, p) => s + (p.ingediend.debetCredit === 'C' ? -p.ingediend.bedrag : p.ingediend.bedrag), 0);
  return {
    header: {} as Jw323['header'], declaratieNummer: 'D1', periode: { begindatum: '2025-02-01', einddatum: '2025-02-28' }, dagtekening: '2025-03-05',
    totaalIngediend: { bedrag: Math.abs(total), debetCredit: total < 0 ? 'C' : 'D' }, clienten: [{ bsn: '111222333', prestaties, path: C }], ...over,
  } as Jw323;
}
const rules = (m: Jw323) => inMessageChecks(m).map((f) => f.rule);

describe('JW323 checks on the message as a whole', () => {
  it('a correct message has no findings', () => {
    expect(inMessageChecks(message([prestatie(1), prestatie(2, { productCode: '45A04', productTarief: 8736, ingediend: { bedrag: 26208, debetCredit: 'D' } })]))).toEqual([]);
  });

  it('CS340: the declaration period is exactly one calendar month (a leap February too)', () => {
    expect(rules(message([prestatie(1, { einddatum: '2025-02-27' })], { periode: { begindatum: '2025-02-01', einddatum: '2025-02-27' } }))).toEqual(['CS340']);
    expect(rules(message([prestatie(1, { begindatum: '2025-02-02' })], { periode: { begindatum: '2025-02-02', einddatum: '2025-02-28' } }))).toEqual(['CS340']);
    expect(inMessageChecks(message([prestatie(1, { begindatum: '2024-02-01', einddatum: '2024-02-29' })], { periode: { begindatum: '2024-02-01', einddatum: '2024-02-29' } }))).toEqual([]);
    expect(inMessageChecks(message([prestatie(1, { einddatum: '2025-02-27' })], { periode: { begindatum: '2025-02-01', einddatum: '2025-02-27' } }))[0]).toEqual({
      rule: 'CS340', path: '/Bericht/Declaratie/DeclaratiePeriode', message: 'de declaratieperiode 2025-02-01 t/m 2025-02-27 is niet precies een kalendermaand',
    });
  });

  it('TR134 and TR137: nothing ends after the dagtekening; ending on it is fine', () => {
    expect(inMessageChecks(message([prestatie(1)], { dagtekening: '2025-02-28' }))).toEqual([]);
    expect(inMessageChecks(message([prestatie(1)], { dagtekening: '2025-02-27' }))).toEqual([
      { rule: 'TR134', path: '/Bericht/Declaratie/DeclaratiePeriode/Einddatum', message: 'de declaratieperiode eindigt (2025-02-28) na de dagtekening 2025-02-27' },
      { rule: 'TR137', path: `${C}/Prestatie[1]/ProductPeriode`, message: 'de productperiode ligt na de dagtekening 2025-02-27' },
    ]);
  });

  it('CS002: a BSN that fails the eleven-test is named by its path, never by its value', () => {
    const f = inMessageChecks(message([prestatie(1)], { clienten: [{ bsn: '111222334', prestaties: [prestatie(1)], path: C }] }));
    expect(f).toEqual([{ rule: 'CS002', path: `${C}/Bsn`, message: 'het BSN voldoet niet aan de elfproef' }]);
  });

  it('TR314: a ReferentieNummer twice is 8021 at the second; TR416: the same performance debited twice', () => {
    const twice = inMessageChecks(message([prestatie(1), prestatie(2, { referentieNummer: 'R1', productCode: '45A04', productTarief: 8736, ingediend: { bedrag: 26208, debetCredit: 'D' } })]));
    expect(twice).toEqual([{ rule: 'TR314', code: '8021', path: `${C}/Prestatie[2]/ProductReferentie/ReferentieNummer`, message: `ReferentieNummer R1 komt al voor in ${C}/Prestatie[1]` }]);
    const debit = inMessageChecks(message([prestatie(1), prestatie(2)]));
    expect(debit).toEqual([{ rule: 'TR416', path: `${C}/Prestatie[2]`, message: `dezelfde prestatie (toewijzing, product en periode) wordt al gedebiteerd in ${C}/Prestatie[1]` }]);
    // Another allocation, product or period is another performance.
    for (const other of [{ toewijzingNummer: 1202 }, { productCategorie: '46' }, { begindatum: '2025-02-02' }, { einddatum: '2025-02-27' }]) {
      expect(rules(message([prestatie(1), prestatie(2, other)])), JSON.stringify(other)).toEqual([]);
    }
  });

  it('CD060: a credit names the line it reverses; with it, a credit of the same performance is no second debit', () => {
    const credit = (vorig?: string) => prestatie(2, { ingediend: { bedrag: 23712, debetCredit: 'C' }, ...(vorig ? { vorigReferentieNummer: vorig } : {}) });
    expect(inMessageChecks(message([prestatie(1), credit()]))).toEqual([{ rule: 'CD060', path: `${C}/Prestatie[2]/ProductReferentie`, message: 'een creditregel noemt het VorigReferentieNummer van de regel die hij terugdraait' }]);
    expect(inMessageChecks(message([prestatie(1), credit('R1')]))).toEqual([]);
  });

  it('CS337 and TR319: a product period within one month, not ending before it begins nor after the declaration period', () => {
    expect(rules(message([prestatie(1, { begindatum: '2025-01-31' })]))).toEqual(['CS337']);
    expect(rules(message([prestatie(1, { begindatum: '2025-02-10', einddatum: '2025-02-09' })]))).toEqual(['CS337']);
    expect(inMessageChecks(message([prestatie(1, { begindatum: '2025-03-01', einddatum: '2025-03-01' })], { dagtekening: '2025-03-05' }))).toEqual([
      { rule: 'TR319', path: `${C}/Prestatie[1]/ProductPeriode/Einddatum`, message: 'de productperiode eindigt (2025-03-01) na de declaratieperiode (2025-02-28)' },
    ]);
  });

  it("CD087 and CS339: in euro's (83) no ProductTarief and the amount is the volume; otherwise a ProductTarief", () => {
    const euro = (over: Partial<Prestatie>) => prestatie(1, { eenheid: '83', productTarief: undefined, geleverdVolume: 25000, ingediend: { bedrag: 25000, debetCredit: 'D' }, ...over });
    expect(inMessageChecks(message([euro({})]))).toEqual([]);
    expect(inMessageChecks(message([euro({ productTarief: 100 })]))).toEqual([{ rule: 'CD087', path: `${C}/Prestatie[1]/ProductTarief`, message: "bij eenheid 83 (euro's) hoort geen ProductTarief" }]);
    expect(inMessageChecks(message([prestatie(1, { productTarief: undefined })]))).toEqual([{ rule: 'CD087', path: `${C}/Prestatie[1]/ProductTarief`, message: 'ProductTarief ontbreekt bij eenheid 04' }]);
    expect(inMessageChecks(message([euro({ geleverdVolume: 24999 })]))).toEqual([{ rule: 'CS339', path: `${C}/Prestatie[1]/IngediendBedrag`, message: 'bij eenheid 83 is IngediendBedrag (25000) gelijk aan GeleverdVolume (24999)' }]);
  });

  it('TR358: the total is debits minus credits', () => {
    const lines = [prestatie(1), prestatie(2, { productCode: '45A04', ingediend: { bedrag: 1000, debetCredit: 'C' }, vorigReferentieNummer: 'R0' })];
    expect(inMessageChecks(message(lines))).toEqual([]);
    expect(inMessageChecks(message(lines, { totaalIngediend: { bedrag: 24712, debetCredit: 'D' } }))).toEqual([
      { rule: 'TR358', path: '/Bericht/Declaratie/TotaalIngediendBedrag', message: 'TotaalIngediendBedrag (24712) is niet de som van de prestaties, debet min credit (22712)' },
    ]);
    expect(rules(message([prestatie(1, { ingediend: { bedrag: 500, debetCredit: 'C' }, vorigReferentieNummer: 'R0' })], { totaalIngediend: { bedrag: 500, debetCredit: 'D' } }))).toEqual(['TR358']);
  });
});
