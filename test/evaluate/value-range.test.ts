/**
 * Unknown within a known range (src/evaluate/value-range.ts): a check whose missing fact gives one
 * verdict at every value it can still take is decided; one whose verdict depends on the value is not.
 */
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/evaluate/evaluate.js';
import { loadProject } from '../../src/evaluate/project.js';
import { readRuleFiles } from '../../src/load/rule-source.js';
import { SHIPPED_RULES_DIR } from '../../src/evaluate/project.js';
import { withFile } from '../helpers/rule-tree.js';

const shipped = () => readRuleFiles(SHIPPED_RULES_DIR);
const RULE = 'rap.declaratie.tariefgroep-professional';

/** A 2025 line of 90 minutes of `code` on a budget allocation, by `professional`. */
function declaratie(code: string, perMinute: number, professional: Record<string, unknown> | undefined) {
  return {
    protocol: 'RAP', decision: 'declaratie', facts: {
      toewijzing: { toewijzingNummer: 1201, productCategorie: '45', productCode: null, ingangsdatum: '2024-09-01', einddatum: '2025-08-31', budget: 750000, omvang: null, redenWijziging: null },
      prestatie: {
        toewijzingNummer: 1201, productCategorie: '45', productCode: code, productPeriode: { begindatum: '2025-02-01', einddatum: '2025-02-28' },
        geleverdVolume: 90, eenheid: '01', productTarief: perMinute, ingediendBedrag: Math.round((perMinute * 60 * 90) / 60),
      },
      eerderGedeclareerd: 120000, ingediendOp: '2025-03-10', ...(professional ? { professional } : {}),
    },
  };
}
// Hourly tariffs 2025 (RAP 2.0 tarieven): per minute round(uurtarief / 60); the amount from the hourly tariff.
const TG6 = (p?: Record<string, unknown>) => ({ ...declaratie('45A06', 180, p), facts: { ...declaratie('45A06', 180, p).facts, prestatie: { ...declaratie('45A06', 180, p).facts.prestatie, ingediendBedrag: 16224 } } });
const TG3 = (p?: Record<string, unknown>) => ({ ...declaratie('45A03', 132, p), facts: { ...declaratie('45A03', 132, p).facts, prestatie: { ...declaratie('45A03', 132, p).facts.prestatie, ingediendBedrag: 11856 } } });

describe('the range reading of a table lookup with a missing key', () => {
  const { registry } = loadProject();

  it("an SPV'er without a scale is TG3 or TG4: a TG6 line is refused, naming the missing scale", async () => {
    const r = await evaluate(registry, TG6({ functie: "SPV'er" }), { today: '2025-03-10' });
    expect(r.outcome).toBe('afgekeurd');
    const e = r.events.find((x) => x.rule === RULE)!;
    expect(e.params.juist).toEqual(['TG3', 'TG4']);
    expect(e.message).toBe("SPV'er declareert op 2025-02-01 onder TG3 of TG4, niet onder TG6.");
    const m = r.missing.find((x) => x.rules.includes(RULE))!;
    expect(m.pointer).toBe('/facts/professional/caoSchaal');
    expect(m.message).toContain('toch gecontroleerd');
    // The rows it rests on are in the answer's placeholders.
    expect(r.illustrativeBasis.map((b) => b.ref)).toEqual(expect.arrayContaining(["beroepentabel:SPV'er,..9", "beroepentabel:SPV'er,10.."]));
  });

  it('the trace shows the check as performed and fired', async () => {
    const r = await evaluate(registry, { ...TG6({ functie: "SPV'er" }), explain: true }, { today: '2025-03-10' });
    const t = r.trace!.find((x) => x.rule === RULE)!;
    expect(t).toMatchObject({ fired: true, missing: ['/facts/professional/caoSchaal'] });
    expect(t.status).toBeUndefined();
  });

  it('why-not agrees: no scale would flip the refusal, another function would', async () => {
    const r = await evaluate(registry, { ...TG6({ functie: "SPV'er" }), explain: 'waarom-niet' }, { today: '2025-03-10' });
    const w = r.waaromNiet!.rules.find((x) => x.rule === RULE)!;
    expect(w.changes.map((c) => c.fact)).not.toContain('professional.caoSchaal');
    expect(w.changes.find((c) => c.fact === 'professional.functie')).toMatchObject({ values: ['psychotherapeut'], outcome: 'goedgekeurd' });
  });

  it("a TG3 line by an SPV'er without a scale depends on the scale: not checked, approved with the signal", async () => {
    const r = await evaluate(registry, TG3({ functie: "SPV'er" }), { today: '2025-03-10' });
    expect(r.outcome).toBe('goedgekeurd');
    expect(r.events.map((e) => e.rule)).not.toContain(RULE);
    expect(r.missing.find((x) => x.rules.includes(RULE))).toMatchObject({ pointer: '/facts/professional/caoSchaal' });
    expect(r.missing.find((x) => x.rules.includes(RULE))!.message).toContain('niet gecontroleerd');
  });

  it('without the professional at all, any function is possible (and none): nothing is decided, the whole professional is named', async () => {
    const r = await evaluate(registry, TG6(undefined), { today: '2025-03-10' });
    expect(r.outcome).toBe('goedgekeurd');
    expect(r.missing.map((m) => m.pointer)).toContain('/facts/professional');
    expect(r.missing.map((m) => m.pointer)).not.toContain('/facts/professional/caoSchaal');
  });

  it('rows that leave a scale uncovered leave "no tariff group" possible: then the TG6 line is not decided', async () => {
    const files = withFile(shipped(), 'rap/2.0/tables/beroepentabel.yaml', (t) => t.replace("caoSchaal: { max: 9 }, tariefgroep: TG3", "caoSchaal: { min: 5, max: 9 }, tariefgroep: TG3"));
    const gap = loadProject(files).registry;
    const r = await evaluate(gap, TG6({ functie: "SPV'er" }), { today: '2025-03-10' });
    expect(r.outcome).toBe('goedgekeurd');
    expect(r.events.map((e) => e.rule)).not.toContain(RULE);
    expect(r.missing.find((x) => x.rules.includes(RULE))!.message).toContain('niet gecontroleerd');
  });
});

describe('the range reading of a missing fact with an enum', () => {
  const DECISION = 'rtp/2.0/decisions/toewijzing.yaml';
  const planted = `  - id: rtp.toewijzing.test-kdc-bekend
    title: Test - het aanbod zegt iets over KDC/ODC
    source: test
    when:
      all:
        - { fact: toewijzing.productCode, op: equal, value: 41G02 }
        - { fact: aanbod.kdcOdc, op: in, value: [ true, false ] }
    then: { type: info, message: KDC/ODC is ja of nee. }
`;
  const files = withFile(shipped(), DECISION, (t) => t.replace('rules:\n', `rules:\n${planted}`));
  const { registry } = loadProject(files);
  const request = (aanbod: Record<string, unknown>) => ({
    protocol: 'RTP', decision: 'toewijzing', facts: {
      verwijzer: { type: '01' },
      toewijzing: { vorm: 'specifiek', productCode: '41G02', productCategorie: '41', ingangsdatum: '2025-02-01', einddatum: '2025-12-31', omvang: { volume: 8, eenheid: '04', frequentie: '1' } },
      aanbod,
    },
  });

  it('a boolean left out is true or false: a check that holds for both is performed and fires', async () => {
    const r = await evaluate(registry, request({ paramedischIntegraal: true }), { today: '2025-02-01' });
    expect(r.events.map((e) => e.rule)).toContain('rtp.toewijzing.test-kdc-bekend');
  });

  it('a check whose verdict depends on the boolean is not performed: onvoldoende_gegevens naming it', async () => {
    const r = await evaluate(registry, request({ paramedischIntegraal: true }), { today: '2025-02-01' });
    expect(r.outcome).toBe('onvoldoende_gegevens');
    expect(r.missing.find((m) => m.rules.includes('rtp.toewijzing.extra-zwaar-alleen-kdc-odc'))).toMatchObject({ pointer: '/facts/aanbod/kdcOdc' });
  });
});
