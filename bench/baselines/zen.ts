/**
 * The peer: GoRules ZEN running RAP 2.0 declaratie as its documentation advises: the JDM graph is
 * compiled once (ZenDecisionContent) into one decision that is reused, and the tables live inside
 * the graph as decision tables (products and tariffs by product code; the professions table by
 * function and cao-scale range; the excluded functions), followed by an expression node for the
 * derived values and a decision table with hit policy "collect" for the 22 checks, each row giving
 * the rule id, the return code and the amounts of its event.
 * Simplification, said in the bench output: the product and tariff rows are those valid in 2025
 * (the bench data is all 2025).
 */
import { ZenDecisionContent, ZenEngine } from '@gorules/zen-engine';
import { answerOfHits, type Answer, type Facts, type Hit } from '../declaratie-cases.js';
import type { Tables } from './tables.js';
import { loadProject } from '../../src/evaluate/project.js';

const q = (s: string) => JSON.stringify(s);
let nodeId = 0;
const node = (type: string, name: string, content?: object) => ({ id: `n${nodeId++}`, type, name, position: { x: 0, y: 0 }, ...(content ? { content } : {}) });

/** A decision table node (hit policy `first`) that adds its outputs to the context (passThrough). */
function lookup(name: string, inputs: [string, string][], outputs: [string, string][], rows: string[][]) {
  return node('decisionTableNode', name, {
    hitPolicy: 'first', passThrough: true, executionMode: 'single',
    inputs: inputs.map(([id, field]) => ({ id, name: id, field })),
    outputs: outputs.map(([id, field]) => ({ id, name: id, field })),
    rules: rows.map((cells, i) => Object.fromEntries([['_id', `${name}${i}`], ...[...inputs, ...outputs].map(([id], k) => [id, cells[k]])])),
  });
}

export function zenDecision(t: Tables) {
  const d = '2025-06-01';
  const v = loadProject().versions.find((x) => x.meta.protocol === 'RAP' && x.meta.version === '2.0')!;
  const rowsOf = (id: string) => v.tables.find((x) => x.id === id)!.rows.map((r) => r.values as Record<string, any>);
  const codes = [...new Set(rowsOf('producten').map((r) => r.productCode as string))];
  const products = lookup('producten', [['code', 'prestatie.productCode']], [['tarief', 'tabel.uurtarief'], ['eenheid', 'tabel.productEenheid'], ['groep', 'tabel.productTg']],
    codes.map((c) => [q(c), String(t.tarief(c, d) ?? 'null'), q(t.productEenheid(c, d) ?? ''), t.productTariefgroep(c, d) == null ? 'null' : q(t.productTariefgroep(c, d)!)]));
  const beroepen = lookup('beroepentabel', [['functie', 'professional.functie'], ['schaal', 'professional.caoSchaal']], [['groep', 'tabel.professionalTg']],
    [...rowsOf('beroepentabel').map((r) => {
      const range = r.caoSchaal as { min?: number; max?: number } | undefined;
      const schaal = !range ? '' : range.min !== undefined && range.max !== undefined ? `[${range.min}..${range.max}]` : range.min !== undefined ? `>= ${range.min}` : `<= ${range.max}`;
      return [q(r.functie), schaal, q(r.tariefgroep)];
    }), ['', '', 'null']]);
  const uitgesloten = lookup('uitgeslotenFuncties', [['functie', 'professional.functie']], [['reden', 'tabel.uitgesloten']],
    [...rowsOf('uitgeslotenFuncties').map((r) => [q(r.functie), q(r.reden)]), ['', 'null']]);
  const expressions: [string, string][] = [
    ['waar', 'true'],
    ['gekoppeld', 'toewijzing != null and toewijzing.toewijzingNummer != null and toewijzing.toewijzingNummer == prestatie.toewijzingNummer'],
    ['minuten', 'prestatie.eenheid == "01" and tabel.productEenheid == "04"'],
    ['contractTarief', 'tabel.uurtarief == null ? null : ($.minuten ? round(tabel.uurtarief / 60) : tabel.uurtarief)'],
    ['verwacht', '$.minuten ? (tabel.uurtarief == null ? null : round(tabel.uurtarief * prestatie.geleverdVolume / 60)) : prestatie.geleverdVolume * prestatie.productTarief'],
    ['totaal', '(eerderGedeclareerd ?? 0) + prestatie.ingediendBedrag'],
    ['volume', 'prestatie.eenheid == "01" and toewijzing.omvang.eenheid == "04" ? prestatie.geleverdVolume / 60 : prestatie.geleverdVolume'],
    ['dagen', 'd(prestatie.productPeriode.einddatum).diff(d(prestatie.productPeriode.begindatum), "day") + 1'],
    ['weken', 'floor((d(prestatie.productPeriode.begindatum).weekday() - 1 + $.dagen - 1) / 7) + 1'],
    ['maanden', '(d(prestatie.productPeriode.einddatum).year() - d(prestatie.productPeriode.begindatum).year()) * 12 + d(prestatie.productPeriode.einddatum).month() - d(prestatie.productPeriode.begindatum).month() + 1'],
    ['tijdelijkTot', 'toewijzing.ingangsdatum == null ? null : d(toewijzing.ingangsdatum).add(3, "month").format("%Y-%m-%d")'],
    // Decision-table cells are unary tests, where a parenthesised "or" reads as something else: booleans with "or" are derived here.
    ['eenheidAnders', 'toewijzing.omvang.eenheid != null and prestatie.eenheid != toewijzing.omvang.eenheid and (toewijzing.omvang.eenheid != "04" or prestatie.eenheid != "01")'],
    ['nietOmgezet', 'toewijzing.omvang.volume != 8 or toewijzing.omvang.eenheid != "04" or toewijzing.omvang.frequentie != "1"'],
    ['tijdelijkeInzet', 'prestatie.productCode == "41T01" or prestatie.productCode == "43T01"'],
    ['maandGelijk', 'd(prestatie.productPeriode.begindatum).year() == d(prestatie.productPeriode.einddatum).year() and d(prestatie.productPeriode.begindatum).month() == d(prestatie.productPeriode.einddatum).month()'],
  ];
  const derived = node('expressionNode', 'afgeleid', { passThrough: true, executionMode: 'single', expressions: expressions.map(([key, value], i) => ({ id: `e${i}`, key, value })) });
  // Cells are unary tests against their input; with the input always true a cell holds when its expression does.
  const checks: [string, string, string, string][] = [
    ['gekoppeld != true', 'toewijzing-bestaat', '"9338"', 'null'],
    ['gekoppeld and toewijzing.redenWijziging == "13"', 'toewijzing-verwijderd', '"9384"', 'null'],
    ['gekoppeld and date(prestatie.productPeriode.begindatum) < date(toewijzing.ingangsdatum)', 'begin-na-ingangsdatum', '"9307"', 'null'],
    ['gekoppeld and toewijzing.einddatum != null and date(prestatie.productPeriode.einddatum) > date(toewijzing.einddatum)', 'eind-voor-einddatum', '"9308"', 'null'],
    ['not maandGelijk', 'periode-binnen-een-maand', '"9319"', 'null'],
    ['gekoppeld and prestatie.productCategorie != toewijzing.productCategorie', 'categorie-gelijk', '"9339"', 'null'],
    ['gekoppeld and toewijzing.productCode != null and prestatie.productCode != toewijzing.productCode', 'productcode-gelijk', '"9340"', 'null'],
    ['gekoppeld and eenheidAnders', 'eenheid-gelijk', '"9341"', 'null'],
    ['prestatie.eenheid != "83" and verwacht != null and prestatie.ingediendBedrag != verwacht', 'bedrag-volume-maal-tarief', '"9346"', '{ingediend: prestatie.ingediendBedrag, verwacht: verwacht}'],
    ['gekoppeld and toewijzing.budget != null and totaal > toewijzing.budget', 'binnen-budget', '"9369"', '{totaal: totaal, budget: toewijzing.budget}'],
    ['gekoppeld and toewijzing.omvang.frequentie == "6" and volume > toewijzing.omvang.volume', 'volume-binnen-totale-omvang', '"9321"', 'null'],
    ['gekoppeld and toewijzing.omvang.frequentie == "1" and volume > toewijzing.omvang.volume * dagen', 'volume-binnen-omvang-per-dag', '"9322"', 'null'],
    ['gekoppeld and toewijzing.omvang.frequentie == "2" and volume > toewijzing.omvang.volume * weken', 'volume-binnen-omvang-per-week', '"9322"', 'null'],
    ['gekoppeld and toewijzing.omvang.frequentie == "4" and volume > toewijzing.omvang.volume * maanden', 'volume-binnen-omvang-per-maand', '"9322"', 'null'],
    ['prestatie.eenheid == "14" and prestatie.geleverdVolume > dagen', 'etmalen-niet-meer-dan-dagen', '"9321"', 'null'],
    ['tabel.uurtarief != null and prestatie.eenheid != "83" and prestatie.productTarief != contractTarief', 'producttarief-gecontracteerd', '"0611"', '{tarief: prestatie.productTarief, contract: contractTarief}'],
    ['tabel.uurtarief == null', 'product-zonder-tarief', '"0611"', 'null'],
    ['tabel.productTg != null and tabel.professionalTg != null and tabel.productTg != tabel.professionalTg', 'tariefgroep-professional', '"0611"', 'null'],
    ['tabel.uitgesloten != null', 'functie-niet-in-beroepentabel', '"0611"', 'null'],
    ['prestatie.productCode == "54D02" and gekoppeld and date(toewijzing.ingangsdatum) >= date("2025-01-01")', 'dyslexie-stuks-alleen-lopend', '"9340"', 'null'],
    ['prestatie.productCode == "41G02" and gekoppeld and nietOmgezet', 'extra-zwaar-omgezette-beschikking', '"9340"', 'null'],
    ['tijdelijkeInzet and gekoppeld and date(prestatie.productPeriode.einddatum) >= date(tijdelijkTot)', 'tijdelijke-inzet-binnen-3-maanden', '"9308"', 'null'],
  ];
  const controles = node('decisionTableNode', 'controles', {
    hitPolicy: 'collect', passThrough: false, executionMode: 'single',
    inputs: [{ id: 'c', name: 'check', field: 'waar' }],
    outputs: [{ id: 'r', name: 'rule', field: 'rule' }, { id: 'k', name: 'code', field: 'code' }, { id: 'a', name: 'amounts', field: 'amounts' }],
    rules: checks.map(([when, rule, code, amounts], i) => ({ _id: `r${i}`, c: when, r: q(`rap.declaratie.${rule}`), k: code, a: amounts })),
  });
  const input = node('inputNode', 'request');
  const output = node('outputNode', 'response');
  const chain = [input, products, beroepen, uitgesloten, derived, controles, output];
  const jdm = { nodes: chain, edges: chain.slice(1).map((n, i) => ({ id: `edge${i}`, sourceId: chain[i].id, targetId: n.id, type: 'edge' })) };
  const engine = new ZenEngine();
  const decision = engine.createDecision(new ZenDecisionContent(jdm));
  return {
    async run(f: Facts): Promise<Answer> {
      const r = await decision.evaluate({ toewijzing: f.toewijzing ?? null, prestatie: f.prestatie, eerderGedeclareerd: f.eerderGedeclareerd ?? 0, professional: f.professional ?? null });
      const rows = (r.result as { rule: string; code: string | null; amounts: Record<string, number> | null }[]) ?? [];
      return answerOfHits(rows.map((h): Hit => ({ rule: h.rule, ...(h.code ? { code: h.code } : {}), ...(h.amounts ? { amounts: h.amounts } : {}) })));
    },
  };
}
