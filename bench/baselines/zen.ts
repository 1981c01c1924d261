/**
 * The peer: GoRules ZEN running RAP 2.0 declaratie as a JDM graph: an
 * expression node for the derived values (tables as map literals of the 2025
 * rows) and a decision table with hit policy "collect" for the 22 checks.
 * Simplification, said in the bench output: lookups use the rows valid in 2025
 * and exact function names (the bench data is all 2025, no scale ranges).
 */
import { ZenEngine } from '@gorules/zen-engine';
import type { Answer, Facts } from '../declaratie-cases.js';
import type { Tables } from './tables.js';

export function zenDecision(t: Tables) {
  const codes = ['45A01', '45A02', '45A03', '45A04', '45A05', '45A06', '45A07', '54D01', '54D02', '41G01', '41G02', '41T01', '43T01', '44W01', '44W02', '44W03'];
  const map = (f: (c: string) => unknown) => Object.fromEntries(codes.map((c) => [c, f(c) ?? null]));
  const d = '2025-06-01';
  const functies = ['kinder- en jeugdtherapeut', 'ervaringsdeskundige', 'pedagogisch medewerker', 'GZ-psycholoog', 'psychotherapeut', 'psychiater', 'regiebehandelaar dyslexie'];
  // Tables travel in the context (ZEN's object literals take identifier keys only).
  const tables = {
    tarieven: map((c) => t.tarief(c, d)),
    eenheden: map((c) => t.productEenheid(c, d)),
    groepen: map((c) => t.productTariefgroep(c, d)),
    beroepen: Object.fromEntries(functies.map((f) => [f, t.beroepTariefgroep(f, 9, d)])),
    uitgesloten: Object.fromEntries(functies.map((f) => [f, t.uitgesloten(f, d)])),
  };
  // An expression node's output replaces its input: carry the facts through for the table.
  const expressions: [string, string][] = [
    ['waar', 'true'],
    ['prestatie', 'prestatie'],
    ['toewijzing', 'toewijzing'],
    ['gekoppeld', 'toewijzing != null and toewijzing.toewijzingNummer != null and toewijzing.toewijzingNummer == prestatie.toewijzingNummer'],
    ['uurtarief', 'tabellen.tarieven[prestatie.productCode]'],
    ['productEenheid', 'tabellen.eenheden[prestatie.productCode]'],
    ['minuten', 'prestatie.eenheid == "01" and $.productEenheid == "04"'],
    ['contractTarief', '$.uurtarief == null ? null : ($.minuten ? round($.uurtarief / 60) : $.uurtarief)'],
    ['verwacht', '$.minuten ? round($.uurtarief * prestatie.geleverdVolume / 60) : prestatie.geleverdVolume * prestatie.productTarief'],
    ['totaal', '(eerderGedeclareerd ?? 0) + prestatie.ingediendBedrag'],
    ['productTg', 'tabellen.groepen[prestatie.productCode]'],
    ['professionalTg', 'professional == null ? null : tabellen.beroepen[professional.functie]'],
    ['volume', 'prestatie.eenheid == "01" and toewijzing.omvang.eenheid == "04" ? prestatie.geleverdVolume / 60 : prestatie.geleverdVolume'],
    ['dagen', 'd(prestatie.productPeriode.einddatum).diff(d(prestatie.productPeriode.begindatum), "day") + 1'],
    ['weken', 'floor((d(prestatie.productPeriode.begindatum).weekday() - 1 + $.dagen - 1) / 7) + 1'],
    ['maanden', '(d(prestatie.productPeriode.einddatum).year() - d(prestatie.productPeriode.begindatum).year()) * 12 + d(prestatie.productPeriode.einddatum).month() - d(prestatie.productPeriode.begindatum).month() + 1'],
    ['uitgesloten', 'professional == null ? null : tabellen.uitgesloten[professional.functie]'],
    ['tijdelijkTot', 'toewijzing.ingangsdatum == null ? null : d(toewijzing.ingangsdatum).add(3, "month").format("%Y-%m-%d")'],
    // Decision-table cells are unary tests, where a parenthesised "or" reads as something else: booleans with "or" are derived here.
    ['eenheidAnders', 'toewijzing.omvang.eenheid != null and prestatie.eenheid != toewijzing.omvang.eenheid and (toewijzing.omvang.eenheid != "04" or prestatie.eenheid != "01")'],
    ['nietOmgezet', 'toewijzing.omvang.volume != 8 or toewijzing.omvang.eenheid != "04" or toewijzing.omvang.frequentie != "1"'],
    ['tijdelijkeInzet', 'prestatie.productCode == "41T01" or prestatie.productCode == "43T01"'],
    ['maandGelijk', 'd(prestatie.productPeriode.begindatum).year() == d(prestatie.productPeriode.einddatum).year() and d(prestatie.productPeriode.begindatum).month() == d(prestatie.productPeriode.einddatum).month()'],
  ];
  // Cells are unary tests against their input; with the input always true a cell holds when its expression does.
  const inputs = [{ id: 'c', name: 'check', field: 'waar' }];
  const checks: [string, string][] = [
    ['gekoppeld != true', '"9338"'],
    ['gekoppeld and toewijzing.redenWijziging == "13"', '"9384"'],
    ['gekoppeld and date(prestatie.productPeriode.begindatum) < date(toewijzing.ingangsdatum)', '"9307"'],
    ['gekoppeld and toewijzing.einddatum != null and date(prestatie.productPeriode.einddatum) > date(toewijzing.einddatum)', '"9308"'],
    ['not maandGelijk', '""'],
    ['gekoppeld and prestatie.productCategorie != toewijzing.productCategorie', '"9339"'],
    ['gekoppeld and toewijzing.productCode != null and prestatie.productCode != toewijzing.productCode', '"9340"'],
    ['prestatie.eenheid != "83" and verwacht != null and prestatie.ingediendBedrag != verwacht', '"9346"'],
    ['gekoppeld and toewijzing.budget != null and totaal > toewijzing.budget', '"9369"'],
    ['uurtarief != null and prestatie.eenheid != "83" and prestatie.productTarief != contractTarief', '"0611"'],
    ['uurtarief == null', '"0611"'],
    ['gekoppeld and eenheidAnders', '"9341"'],
    ['gekoppeld and toewijzing.omvang.frequentie == "6" and volume > toewijzing.omvang.volume', '"9321"'],
    ['gekoppeld and toewijzing.omvang.frequentie == "1" and volume > toewijzing.omvang.volume * dagen', '"9322"'],
    ['gekoppeld and toewijzing.omvang.frequentie == "2" and volume > toewijzing.omvang.volume * weken', '"9322"'],
    ['gekoppeld and toewijzing.omvang.frequentie == "4" and volume > toewijzing.omvang.volume * maanden', '"9322"'],
    ['prestatie.eenheid == "14" and prestatie.geleverdVolume > dagen', '""'],
    ['uitgesloten != null', '""'],
    ['productTg != null and professionalTg != null and productTg != professionalTg', '""'],
    ['prestatie.productCode == "54D02" and gekoppeld and date(toewijzing.ingangsdatum) >= date("2025-01-01")', '""'],
    ['prestatie.productCode == "41G02" and gekoppeld and nietOmgezet', '""'],
    ['tijdelijkeInzet and gekoppeld and date(prestatie.productPeriode.einddatum) >= date(tijdelijkTot)', '""'],
  ];
  const jdm = {
    nodes: [
      { id: 'in', type: 'inputNode', name: 'request', position: { x: 0, y: 0 } },
      { id: 'ex', type: 'expressionNode', name: 'afgeleid', position: { x: 0, y: 0 }, content: { expressions: expressions.map(([key, value], i) => ({ id: `e${i}`, key, value })) } },
      {
        id: 'dt', type: 'decisionTableNode', name: 'controles', position: { x: 0, y: 0 },
        content: { hitPolicy: 'collect', inputs, outputs: [{ id: 'o', name: 'code', field: 'code' }], rules: checks.map(([when, code], i) => ({ _id: `r${i}`, c: when, o: code })) },
      },
      { id: 'out', type: 'outputNode', name: 'response', position: { x: 0, y: 0 } },
    ],
    edges: [
      { id: 'a', sourceId: 'in', targetId: 'ex', type: 'edge' },
      { id: 'b', sourceId: 'ex', targetId: 'dt', type: 'edge' },
      { id: 'c2', sourceId: 'dt', targetId: 'out', type: 'edge' },
    ],
  };
  const decision = new ZenEngine().createDecision(jdm);
  return {
    async run(f: Facts): Promise<Answer> {
      const r = await decision.evaluate({ tabellen: tables, toewijzing: f.toewijzing ?? null, prestatie: f.prestatie, eerderGedeclareerd: f.eerderGedeclareerd ?? 0, professional: f.professional ?? null });
      const hits = (r.result as { code: string }[]) ?? [];
      if (hits.length === 0) return { outcome: 'goedgekeurd', codes: ['8001'], refusals: 0 };
      return { outcome: 'afgekeurd', codes: hits.map((h) => h.code).filter(Boolean).sort(), refusals: hits.length };
    },
  };
}
