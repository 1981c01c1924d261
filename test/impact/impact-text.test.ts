/**
 * `protocolregels impact` as text (src/cli/impact-text.ts, what the CLI prints without
 * --json) shows the money of the report: declared amounts now refused or approved, and
 * every answer whose amount changed, by rule and by tariff group, in euros written the
 * Dutch way. The reports come from a real impact run on a real draft of the shipped rules.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatImpactText } from '../../src/cli/impact-text.js';
import { euroChange, euroText } from '../../src/base/money-text.js';
import { runImpact } from '../../src/impact/run-impact.js';
import { draftSides } from '../../src/impact/sides.js';
import { readRuleFiles } from '../../src/load/rule-source.js';
import { SHIPPED_RULES_DIR } from '../../src/evaluate/project.js';

const shipped = readRuleFiles(SHIPPED_RULES_DIR);

/** The impact of changing one shipped file of a version, on the given corpus lines: the report and its text. */
async function impactOf(protocol: 'RTP' | 'RAP', version: string, path: string, change: (text: string) => string, lines: object[]) {
  const next = change(shipped.get(path)!);
  expect(next).not.toBe(shipped.get(path));
  const spec = `${protocol.toLowerCase()}-${version}`;
  const { from, to } = draftSides(spec, shipped, `${spec} (concept)`, new Map([[path, next]]), protocol, version);
  const report = await runImpact({ from, to, corpus: corpus(lines), workers: 1, batchSize: 10 });
  return { report, text: formatImpactText(report) };
}

function corpus(lines: object[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'impact-text-')), 'corpus.jsonl');
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}

const budget = (id: string, berekendOp: string, uren: { tariefgroep: string; uren: number }[]) =>
  ({ protocol: 'RTP', decision: 'budgetberekening', facts: { berekendOp, modus: 'inzien', uren }, meta: { id, gemeente: '0150' } });

describe('euros in the impact text', () => {
  it('writes cents as Dutch euros: thousands with a dot, cents after a comma, signs for changes', () => {
    expect(euroText(123456)).toBe('€ 1.234,56');
    expect(euroText(100)).toBe('€ 1,00');
    expect(euroText(5)).toBe('€ 0,05');
    expect(euroText(123456789)).toBe('€ 1.234.567,89');
    expect(euroText(-7904)).toBe('-€ 79,04');
    expect(euroChange(640800)).toBe('+ € 6.408,00');
    expect(euroChange(-7904)).toBe('- € 79,04');
    expect(euroChange(0)).toBe('€ 0,00');
  });
});

describe('protocolregels impact (text)', () => {
  it('a TG3 tariff raise in RTP 2.0: the changed budget amounts in euros, in total, by rule and by tariff group, as --json has them', async () => {
    const raise = (t: string) => t.replace('{ tariefgroep: TG3, uurtarief: 7904, from: 2025-01-01, until: 2025-12-31 }', '{ tariefgroep: TG3, uurtarief: 8304, from: 2025-01-01, until: 2025-12-31 }');
    const { report, text } = await impactOf('RTP', '2.0', 'rtp/2.0/tables/uurtarieven.yaml', raise, [
      budget('tg3-2025', '2025-03-01', [{ tariefgroep: 'TG3', uren: 10 }]), // + 10 x 4,00
      budget('tg3-tg5-2025', '2025-06-01', [{ tariefgroep: 'TG3', uren: 5 }, { tariefgroep: 'TG5', uren: 5 }]), // + 5 x 4,00
      budget('tg3-groot', '2025-06-01', [{ tariefgroep: 'TG3', uren: 400 }]), // + 400 x 4,00 = 1.600,00
      budget('tg3-2024', '2024-06-01', [{ tariefgroep: 'TG3', uren: 10 }]), // 2024 tariff: unchanged
      budget('tg5-2025', '2025-06-01', [{ tariefgroep: 'TG5', uren: 10 }]), // unchanged
    ]);
    expect(text).toContain('op 5 RTP-casussen (5 in het corpus): 3 antwoorden veranderen.');
    expect(text).toContain('  Bedragen: 3 antwoorden met een ander bedrag, samen + € 1.660,00.');
    expect(text).toContain('    rtp.budgetberekening.berekend: 3 antwoorden, + € 1.660,00');
    expect(text).toContain('    TG3: 2 antwoorden, + € 1.640,00');
    expect(text).toContain('    TG3+TG5: 1 antwoord, + € 20,00');
    expect(text).not.toMatch(/EUR|NaN|undefined|166000/);

    // Every money figure of the report (what --json prints) is in the text.
    expect(report.amounts.delta).toBe(166000);
    for (const x of [...report.amounts.byRule, ...report.amounts.byTariefgroep]) expect(text).toContain(euroChange(x.delta));
    expect(text).toContain(euroChange(report.amounts.delta));
  });

  it('a declaration now refused: the declared amount in euros and the net change in what is paid out', async () => {
    const therapistTg4 = (t: string) => t.replace(/(- \{ functie: kinder- en jeugdtherapeut, [^}\n]*tariefgroep: )TG3/, '$1TG4');
    const facts = {
      toewijzing: { toewijzingNummer: 7, productCategorie: '45', productCode: null, ingangsdatum: '2024-01-01', einddatum: '2025-12-31', budget: 2500000, omvang: null, redenWijziging: null },
      prestatie: { toewijzingNummer: 7, productCategorie: '45', productCode: '45A03', productPeriode: { begindatum: '2025-02-01', einddatum: '2025-02-28' }, geleverdVolume: 60, eenheid: '01', productTarief: 132, ingediendBedrag: 7904 },
      eerderGedeclareerd: 0,
      professional: { functie: 'kinder- en jeugdtherapeut', caoSchaal: 9 },
    };
    const { text } = await impactOf('RAP', '2.0', 'rap/2.0/tables/beroepentabel.yaml', therapistTg4, [{ protocol: 'RAP', decision: 'declaratie', facts, meta: { id: 't25' } }]);
    expect(text).toContain('  Declaraties: € 79,04 wordt nu afgekeurd, € 0,00 wordt nu goedgekeurd; netto - € 79,04 aan uitbetaling.');
    expect(text).toContain('  Bedragen: 1 antwoord met een ander bedrag, samen - € 79,04.');
  });
});
