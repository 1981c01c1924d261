import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { GEMEENTEN, generateCorpus } from '../../src/corpus/generate.js';
import { evaluate } from '../../src/evaluate/evaluate.js';
import { runImpact } from '../../src/impact/run-impact.js';
import { draftSides, sidesFromSpecs } from '../../src/impact/sides.js';
import { readRuleFiles } from '../../src/load/rule-source.js';
import { loadProject, SHIPPED_RULES_DIR } from '../../src/evaluate/project.js';

const shipped = readRuleFiles(SHIPPED_RULES_DIR);

/** The professions table of a 2.0 version with the kinder- en jeugdtherapeut moved back to TG4 (found by parsing, not by line). */
function tableWithTherapistTg4(path: string): string {
  const doc = parseDocument(shipped.get(path)!);
  const rows = doc.get('rows') as { items: { get(k: string): unknown; set(k: string, v: unknown): void }[] };
  const row = rows.items.find((r) => r.get('functie') === 'kinder- en jeugdtherapeut')!;
  expect(row.get('tariefgroep')).toBe('TG3');
  row.set('tariefgroep', 'TG4');
  return doc.toString();
}

/** RAP 2.0 with the therapist back in TG4. */
function therapistBackToTg4() {
  const path = 'rap/2.0/tables/beroepentabel.yaml';
  return new Map([[path, tableWithTherapistTg4(path)]]);
}

function declaratie(id: string, functie: string, begindatum: string, productCode: string, uurtarief: number, minuten: number, extra = 0) {
  const einddatum = begindatum.slice(0, 8) + '28';
  const ingediendBedrag = Math.round((uurtarief * minuten) / 60) + extra;
  return {
    protocol: 'RAP', decision: 'declaratie',
    facts: {
      toewijzing: { toewijzingNummer: 7, productCategorie: '45', productCode: null, ingangsdatum: '2024-01-01', einddatum: '2025-12-31', budget: 2500000, omvang: null, redenWijziging: null },
      prestatie: { toewijzingNummer: 7, productCategorie: '45', productCode, productPeriode: { begindatum, einddatum }, geleverdVolume: minuten, eenheid: '01', productTarief: Math.round(uurtarief / 60), ingediendBedrag },
      eerderGedeclareerd: 0,
      professional: { functie, caoSchaal: functie === "SPV'er" ? 9 : 8 },
    },
    meta: { id, gemeente: '0193' },
  };
}

function writeCorpus(lines: object[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'corpus-')), 'corpus.jsonl');
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}

describe('impact analysis', () => {
  it('moving the therapist back to TG4 changes exactly the therapist declarations from 2025-01-01', async () => {
    const lines = [
      declaratie('t25a', 'kinder- en jeugdtherapeut', '2025-01-01', '45A03', 7904, 90),
      declaratie('t25b', 'kinder- en jeugdtherapeut', '2025-03-01', '45A03', 7904, 60),
      declaratie('t25c', 'kinder- en jeugdtherapeut', '2025-06-01', '45A03', 7904, 45),
      declaratie('t25d', 'kinder- en jeugdtherapeut', '2025-09-01', '45A03', 7904, 120),
      declaratie('t25x', 'kinder- en jeugdtherapeut', '2025-10-01', '45A03', 7904, 30, 5), // already refused (9346)
      declaratie('t24a', 'kinder- en jeugdtherapeut', '2024-11-01', '45A04', 8400, 90), // RAP 1.0: untouched
      declaratie('t24b', 'kinder- en jeugdtherapeut', '2024-12-01', '45A04', 8400, 60),
      declaratie('s25a', "SPV'er", '2025-02-01', '45A03', 7904, 90),
      declaratie('s25b', "SPV'er", '2025-04-01', '45A03', 7904, 30),
      { protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'kinder- en jeugdtherapeut', caoSchaal: 9, datum: '2025-02-01' }, meta: { id: 'r1', gemeente: '0150' } },
    ];
    const { from, to } = draftSides('rap-2.0', shipped, 'rap-2.0 (concept)', therapistBackToTg4(), 'RAP', '2.0');
    const r = await runImpact({ from, to, corpus: writeCorpus(lines), workers: 2, batchSize: 3 });
    expect(r.cases).toBe(10);
    expect(r.evaluated).toBe(9);
    expect(r.changed).toBe(5);
    expect(r.transitions.map((t) => [t.from, t.to, t.count])).toEqual([
      ['declaratie: goedgekeurd', 'afgekeurd', 4],
      ['declaratie: afgekeurd', 'afgekeurd', 1],
    ]);
    expect(r.transitions[0].examples.map((e) => e.id).every((id) => id.startsWith('t25'))).toBe(true);
    expect(r.byRule).toEqual([{ rule: 'rap.declaratie.tariefgroep-professional', firesNow: 5, stopsFiring: 0 }, { rule: 'rap.declaratie.goedgekeurd', firesNow: 0, stopsFiring: 4 }]);
    // The refusal answers with the national code 0611 (TR418) in a JW325 since issue 21.
    expect(r.byCode).toEqual([{ code: '0611', added: 5, removed: 0 }, { code: '8001', added: 0, removed: 4 }]);
    const amounts = [90, 60, 45, 120].map((m) => Math.round((7904 * m) / 60));
    expect(r.money).toEqual({ nuAfgekeurd: amounts.reduce((a, b) => a + b), nuGoedgekeurd: 0, netto: -amounts.reduce((a, b) => a + b) });
    // The granted amount of each newly refused declaration drops to 0; the refused one stays 0.
    expect(r.amounts).toMatchObject({ changed: 4, delta: -amounts.reduce((a, b) => a + b), byRule: [{ rule: 'rap.declaratie.tariefgroep-professional', changed: 4 }] });
  });

  it('with the matching RTP 2.0 change, also the therapist tariff-group answers from 2025-01-01 change, and nothing else', async () => {
    const tg = (id: string, functie: string, datum: string) => ({ protocol: 'RTP', decision: 'tariefgroep', facts: { functie, caoSchaal: 9, datum }, meta: { id, gemeente: '1708' } });
    const lines = [
      declaratie('t25a', 'kinder- en jeugdtherapeut', '2025-01-01', '45A03', 7904, 90),
      declaratie('t24a', 'kinder- en jeugdtherapeut', '2024-11-01', '45A04', 8400, 90),
      declaratie('s25a', "SPV'er", '2025-02-01', '45A03', 7904, 90),
      tg('r25', 'kinder- en jeugdtherapeut', '2025-02-01'),
      tg('r26', 'kinder- en jeugdtherapeut', '2026-05-01'),
      tg('r24', 'kinder- en jeugdtherapeut', '2024-12-31'), // RTP 1.0: TG4 already
      tg('s25', "SPV'er", '2025-02-01'),
      { protocol: 'RTP', decision: 'budgetberekening', facts: { berekendOp: '2025-03-01', modus: 'inzien', uren: [{ tariefgroep: 'TG3', uren: 10 }] }, meta: { id: 'b25', gemeente: '0150' } },
    ];
    const draft = therapistBackToTg4();
    draft.set('rtp/2.0/tables/beroepentabel.yaml', tableWithTherapistTg4('rtp/2.0/tables/beroepentabel.yaml'));
    const { from, to } = draftSides('rap-2.0', shipped, 'rap-2.0 + rtp-2.0 (concept)', draft, 'RAP', '2.0');
    expect(to.protocols).toEqual(['RAP', 'RTP']);
    const r = await runImpact({ from, to, corpus: writeCorpus(lines), workers: 2, batchSize: 2 });
    expect([r.cases, r.evaluated, r.changed]).toEqual([8, 8, 3]);
    expect(r.transitions.map((t) => [t.from, t.to, t.count, t.examples.map((e) => e.id).sort().join()])).toEqual([
      ['tariefgroep: TG3', 'TG4', 2, 'r25,r26'],
      ['declaratie: goedgekeurd', 'afgekeurd', 1, 't25a'],
    ]);
    expect(r.money).toEqual({ nuAfgekeurd: 11856, nuGoedgekeurd: 0, netto: -11856 });
  });

  it('a TG3 tariff raise in RTP 2.0 changes the budget answers that use TG3 from 2025, and says by how much in money', async () => {
    const path = 'rtp/2.0/tables/uurtarieven.yaml';
    const raised = shipped.get(path)!.replace('{ tariefgroep: TG3, uurtarief: 7904, from: 2025-01-01, until: 2025-12-31 }', '{ tariefgroep: TG3, uurtarief: 8304, from: 2025-01-01, until: 2025-12-31 }');
    expect(raised).not.toBe(shipped.get(path));
    const budget = (id: string, berekendOp: string, uren: { tariefgroep: string; uren: number }[]) => ({ protocol: 'RTP', decision: 'budgetberekening', facts: { berekendOp, modus: 'inzien', uren }, meta: { id, gemeente: '0150' } });
    const lines = [
      budget('tg3-2025', '2025-03-01', [{ tariefgroep: 'TG3', uren: 10 }]), // +400 x 10
      budget('tg3-tg5-2025', '2025-06-01', [{ tariefgroep: 'TG3', uren: 5 }, { tariefgroep: 'TG5', uren: 5 }]), // +400 x 5
      budget('tg3-2024', '2024-06-01', [{ tariefgroep: 'TG3', uren: 10 }]), // 2024 tariff: unchanged
      budget('tg5-2025', '2025-06-01', [{ tariefgroep: 'TG5', uren: 10 }]), // unchanged
      declaratie('s25a', "SPV'er", '2025-02-01', '45A03', 7904, 90), // RAP: not evaluated for an RTP draft
    ];
    const { from, to } = draftSides('rtp-2.0', shipped, 'rtp-2.0 (concept)', new Map([[path, raised]]), 'RTP', '2.0');
    const r = await runImpact({ from, to, corpus: writeCorpus(lines), workers: 2, batchSize: 2 });
    expect([r.evaluated, r.changed]).toEqual([4, 2]);
    // Same outcome, same rules: only the amount moved, and that is a changed answer.
    expect(r.transitions.map((t) => [t.from, t.to, t.count])).toEqual([['budgetberekening: berekend', 'berekend', 2]]);
    expect(r.amounts).toEqual({
      changed: 2,
      delta: 4000 + 2000,
      byRule: [{ rule: 'rtp.budgetberekening.berekend', changed: 2, delta: 6000 }],
      byTariefgroep: [{ tariefgroep: 'TG3', changed: 1, delta: 4000 }, { tariefgroep: 'TG3+TG5', changed: 1, delta: 2000 }],
    });
    expect(r.transitions[0].examples.map((e) => [e.id, e.from.money, e.to.money]).sort()).toEqual([['tg3-2025', 79040, 83040], ['tg3-tg5-2025', 87360, 89360]]);
  });

  it('on the generated corpus, the TG3 raise changes some budget answers and no others', async () => {
    const path = 'rtp/2.0/tables/uurtarieven.yaml';
    const raised = shipped.get(path)!.replace('{ tariefgroep: TG3, uurtarief: 7904, from: 2025-01-01, until: 2025-12-31 }', '{ tariefgroep: TG3, uurtarief: 8304, from: 2025-01-01, until: 2025-12-31 }');
    const corpus = writeCorpus([...generateCorpus(loadProject().registry, 7, 3000)]);
    const { from, to } = draftSides('rtp-2.0', shipped, 'rtp-2.0 (concept)', new Map([[path, raised]]), 'RTP', '2.0');
    const r = await runImpact({ from, to, corpus });
    expect(r.amounts.changed).toBeGreaterThan(0);
    expect(r.changed).toBe(r.amounts.changed);
    expect(r.transitions.map((t) => t.from)).toEqual(['budgetberekening: berekend']);
    expect(r.amounts.delta).toBeGreaterThan(0);
    // Every changed budget names TG3; the raise is 400 cents per TG3 hour, so the total is a multiple of 400.
    expect(r.amounts.byTariefgroep.every((g) => g.tariefgroep.split('+').includes('TG3'))).toBe(true);
    expect(r.amounts.delta % 400).toBe(0);
  });

  it('skips lines that are no request, naming them by line number, and names cases without meta.id by line', async () => {
    const { meta: _, ...withoutMeta } = declaratie('x', 'kinder- en jeugdtherapeut', '2025-05-01', '45A03', 7904, 60);
    const file = writeCorpus([declaratie('t25a', 'kinder- en jeugdtherapeut', '2025-01-01', '45A03', 7904, 90)]);
    appendFileSync(file, '{"protocol": "RAP", niet af\n\n[1,2]\n' + JSON.stringify(withoutMeta) + '\n');
    const { from, to } = draftSides('rap-2.0', shipped, 'concept', therapistBackToTg4(), 'RAP', '2.0');
    const r = await runImpact({ from, to, corpus: file });
    expect(r.skipped).toEqual({ count: 2, examples: [{ line: 2, message: 'geen geldige JSON' }, { line: 4, message: 'geen object' }] });
    expect([r.cases, r.evaluated, r.changed]).toEqual([4, 2, 2]);
    expect(r.transitions[0].examples.map((e) => e.id)).toEqual(['t25a', 'regel 5']);
  });

  it('finds no change between a version and itself, and compares two versions pinned', async () => {
    const corpus = writeCorpus([declaratie('a', 'kinder- en jeugdtherapeut', '2025-01-01', '45A03', 7904, 90)]);
    const same = await runImpact({ ...(await sidesFromSpecs('rap-2.0', 'rap-2.0', SHIPPED_RULES_DIR)), corpus });
    expect(same.changed).toBe(0);
    const pinned = await runImpact({ ...(await sidesFromSpecs('rap-1.0', 'rap-2.0', SHIPPED_RULES_DIR)), corpus });
    expect(pinned.changed).toBe(1); // under RAP 1.0 the therapist is TG4 and 2025 tariffs do not exist
  });
});

describe('the synthetic corpus', () => {
  const registry = loadProject().registry;
  const lines = [...generateCorpus(registry, 42, 3000)];

  it('is deterministic for a seed', () => {
    expect([...generateCorpus(registry, 42, 50)]).toEqual(lines.slice(0, 50));
    expect([...generateCorpus(registry, 43, 50)]).not.toEqual(lines.slice(0, 50));
  });

  it('covers all municipalities, decisions, years and catalogue products with valid facts', async () => {
    expect(new Set(lines.map((l) => l.meta.gemeente))).toEqual(new Set(GEMEENTEN));
    expect(new Set(lines.map((l) => l.decision))).toEqual(new Set(['declaratie', 'toewijzing', 'tariefgroep', 'budgetberekening']));
    const products = new Set(lines.filter((l) => l.decision === 'declaratie').map((l) => (l.facts.prestatie as { productCode: string }).productCode));
    for (const p of ['45A01', '45A02', '45A03', '45A04', '45A05', '45A06', '45A07', '41G01', '44W01', '44W02', '44W03', '54D01', '54D02']) expect(products).toContain(p);
    const codes = new Map<string, number>();
    const rules = new Map<string, number>();
    let approved = 0;
    let declarations = 0;
    for (const l of lines) {
      const r = await evaluate(registry, l); // throws on invalid facts
      const year = +r.date.slice(0, 4);
      expect(year).toBeGreaterThanOrEqual(2023);
      expect(year).toBeLessThanOrEqual(2026);
      for (const e of r.events) rules.set(e.rule, (rules.get(e.rule) ?? 0) + 1);
      if (l.decision !== 'declaratie') continue;
      declarations++;
      if (r.outcome === 'goedgekeurd') approved++;
      for (const e of r.events) if (e.code) codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
    }
    expect(approved / declarations).toBeGreaterThan(0.7);
    expect(approved / declarations).toBeLessThan(0.95);
    for (const c of ['9346', '9369', '9384', '9307', '9308', '0611']) expect(codes.get(c) ?? 0, c).toBeGreaterThan(0);
    expect(rules.get('rap.declaratie.tariefgroep-professional') ?? 0, 'wrong tariff group').toBeGreaterThan(0);
    // The SAP signals: some declarations late, some allocations retroactive, most neither.
    const late = rules.get('rap.declaratie.binnen-declaratietermijn') ?? 0;
    const retro = rules.get('rtp.toewijzing.geen-terugwerkende-kracht') ?? 0;
    expect(late / declarations).toBeGreaterThan(0.01);
    expect(late / declarations).toBeLessThan(0.1);
    expect(retro).toBeGreaterThan(0);
    expect(retro / lines.filter((l) => l.decision === 'toewijzing').length).toBeLessThan(0.15);
  });
});
