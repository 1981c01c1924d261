import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatFinding } from '../../src/check/finding.js';
import { runChecks } from '../../src/check/run-checks.js';
import { createFactSchemas } from '../../src/facts/fact-schemas.js';
import { formatDiagnostic } from '../../src/load/diagnostics.js';
import { loadRules } from '../../src/load/load-rules.js';
import { readRuleFiles, type RuleFiles } from '../../src/load/rule-source.js';
import { withFile } from '../helpers/rule-tree.js';

// A small, clean version (no findings); each test plants one defect and expects exactly its finding.
const DIR = fileURLToPath(new URL('../fixtures/static-checks', import.meta.url));
const facts = createFactSchemas({ 'rtp-check-fixture': JSON.parse(readFileSync(`${DIR}/rtp-check-fixture.schema.json`, 'utf8')) });
const DECISION = 'rtp/9.0/decisions/aanvraag.yaml';
const base = () => readRuleFiles(DIR);
const today = '2025-06-01';

function check(files: RuleFiles, loaderProblems: string[] = []) {
  const loaded = loadRules(files, facts);
  expect(loaded.diagnostics.map(formatDiagnostic)).toEqual(loaderProblems);
  return runChecks(loaded.versions, facts, { today }).map(formatFinding);
}
const edit = (path: string, from: string, to: string) => withFile(base(), path, (t) => {
  expect(t).toContain(from);
  return t.replace(from, to);
});

describe('protocolregels check: one planted defect per check', () => {
  it('the fixture has no findings', () => {
    expect(check(base())).toEqual([]);
  });

  it('never_fires: contradictory conditions on one fact within an all', () => {
    const files = edit(DECISION, '        - { fact: budget, op: greaterThan, value: 500000 }\n',
      '        - { fact: budget, op: greaterThan, value: 500000 }\n        - { fact: budget, op: lessThanInclusive, value: 100000 }\n');
    expect(check(files)).toEqual([
      "rtp/9.0/decisions/aanvraag.yaml:23:7 fout: regel 'rtp.aanvraag.budget-te-hoog' kan nooit vuren: de voorwaarden op 'budget' (regel 25, regel 26) spreken elkaar tegen [never_fires]",
    ]);
  });

  it('never_fires: every branch of an any contradicts the rest (an enum checked exhaustively)', () => {
    const files = edit(DECISION, '        - { fact: vorm, op: equal, value: specifiek }\n',
      '        - { fact: vorm, op: equal, value: specifiek }\n        - any:\n            - { fact: vorm, op: in, value: [keuzebudget, offerte] }\n            - { fact: verwijzer, op: notIn, value: ["02"] }\n');
    expect(check(files)).toEqual([
      expect.stringMatching(/^rtp\/9\.0\/decisions\/aanvraag\.yaml:31:7 fout: regel 'rtp\.aanvraag\.huisarts-specifiek' kan nooit vuren: elk van de 2 manieren .* \[never_fires\]$/),
    ]);
  });

  it('outside_validity: a rule that fires only on a reference date outside the version (a warning)', () => {
    const files = edit(DECISION, '        - { fact: budget, op: greaterThan, value: 500000 }\n',
      '        - { fact: budget, op: greaterThan, value: 500000 }\n        - { fact: datum, op: dateBefore, value: 2023-01-01 }\n');
    expect(check(files)).toEqual([
      "rtp/9.0/decisions/aanvraag.yaml:26:11 waarschuwing: regel 'rtp.aanvraag.budget-te-hoog' vuurt alleen als de peildatum niet uit 'datum' komt (een eigen date of een vaste versie in het verzoek): met 'datum' binnen RTP 9.0 (2023-01-01 t/m open) kunnen de voorwaarden (regel 26) niet gelden [outside_validity]",
    ]);
  });

  it('outside_enum: a code the facts schema does not allow', () => {
    const files = edit(DECISION, '{ fact: verwijzer, op: equal, value: "02" }', '{ fact: verwijzer, op: equal, value: "03" }');
    expect(check(files)).toEqual([
      'rtp/9.0/decisions/aanvraag.yaml:32:11 fout: regel \'rtp.aanvraag.huisarts-specifiek\' vergelijkt \'verwijzer\' met "03", maar het feitenschema rtp-check-fixture kent alleen "01", "02", "04" [outside_enum]',
    ]);
  });

  it('unknown_product: a product code in no row of the products table', () => {
    const files = edit(DECISION, 'value: [41G01, 41G02]', 'value: [41G01, 41G03]');
    expect(check(files)).toEqual([
      "rtp/9.0/decisions/aanvraag.yaml:40:11 fout: regel 'rtp.aanvraag.groepsaanbod' noemt productcode \"41G03\", die in geen rij van tabel producten (rtp/9.0/tables/producten.yaml) staat [unknown_product]",
    ]);
  });

  it('shadowed: a higher-priority rule with another outcome fires on the same inputs', () => {
    const files = edit(DECISION, '{ fact: vorm, op: equal, value: specifiek }', '{ fact: vorm, op: in, value: [offerte] }');
    expect(check(files)).toEqual([
      "rtp/9.0/decisions/aanvraag.yaml:27:5 fout: regel 'rtp.aanvraag.huisarts-specifiek' (uitkomst afgewezen) wordt overschaduwd: steeds als zij vuurt, vuurt ook 'rtp.aanvraag.offerte-overleg' (regel 13, prioriteit 80) met uitkomst overleg, die voorgaat [shadowed]",
    ]);
  });

  it('overlapping_rows: two rows with the same keys valid from the same day', () => {
    const files = edit('rtp/9.0/tables/producten.yaml', 'ambulant TG3 nieuw, from: 2025-01-01', 'ambulant TG3 nieuw, from: 2023-01-01');
    expect(check(files)).toEqual([
      "rtp/9.0/tables/producten.yaml:12:5 fout: tabel 'producten': de rijen op regel 11 en 12 (productCode 45A03) gelden allebei vanaf 2023-01-01; welke een lookup teruggeeft hangt af van de volgorde in het bestand [overlapping_rows]",
    ]);
  });

  it('overlapping_rows: an end date that runs past the next row is a warning', () => {
    const files = edit('rtp/9.0/tables/producten.yaml', 'ambulant TG3, from: 2023-01-01', 'ambulant TG3, from: 2023-01-01, until: 2025-06-30');
    expect(check(files)).toEqual([
      "rtp/9.0/tables/producten.yaml:11:5 waarschuwing: tabel 'producten': de rij op regel 11 (productCode 45A03) loopt tot 2025-06-30, maar de rij op regel 12 geldt al vanaf 2025-01-01; vanaf dan geldt de nieuwere rij, niet de genoemde einddatum [overlapping_rows]",
    ]);
  });

  it('calendar_gap: a tariff group without a row in a year between the first and the last', () => {
    const files = edit('rtp/9.0/tables/tarieven.yaml', '  - { tariefgroep: TG4, uurtarief: 8400, from: 2024-01-01, until: 2024-12-31 }\n', '');
    expect(check(files)).toEqual([
      "rtp/9.0/tables/tarieven.yaml:13:5 fout: tabel 'tarieven' (per kalenderjaar) heeft voor tariefgroep TG4 geen rij in 2024, terwijl de tabel 2023 t/m 2025 beslaat [calendar_gap]",
    ]);
  });

  it('calendar_gap: years in force outside the years a perKalenderjaar table covers are a warning', async () => {
    const files = edit('rtp/9.0/ruleset.yaml', 'validFrom: 2023-01-01', 'validFrom: 2022-01-01');
    const loaded = loadRules(files, facts);
    expect(runChecks(loaded.versions, facts, { today: '2026-03-01' }).map(formatFinding)).toEqual([
      "rtp/9.0/tables/tarieven.yaml:1:1 waarschuwing: tabel 'tarieven' (per kalenderjaar) heeft geen rijen voor 2022, terwijl RTP 9.0 dan in werking is (2022-01-01 t/m open); een antwoord over 2022 noemt dat er geen tarief is [calendar_gap]",
      "rtp/9.0/tables/tarieven.yaml:1:1 waarschuwing: tabel 'tarieven' (per kalenderjaar) heeft geen rijen voor 2026, terwijl RTP 9.0 dan in werking is (2022-01-01 t/m open); een antwoord over 2026 noemt dat er geen tarief is [calendar_gap]",
    ]);
  });

  it('unknown_fact: a fact read that the facts schema does not have', () => {
    const files = edit(DECISION, 'params: { tarief: tarief }', 'params: { tarief: tarief, code: product.code }');
    expect(check(files, ["rtp/9.0/decisions/aanvraag.yaml:42:111 onbekend feit 'product.code' (kolom 111) in 'product.code' [unknown_fact]"])).toEqual([
      "rtp/9.0/decisions/aanvraag.yaml:42:111 fout: regel 'rtp.aanvraag.groepsaanbod' leest 'product.code', dat niet in het feitenschema rtp-check-fixture staat en geen afgeleid feit is [unknown_fact]",
    ]);
  });

  it('unread_fact: a fact of the schema that no rule reads (a warning)', () => {
    const schema = JSON.parse(readFileSync(`${DIR}/rtp-check-fixture.schema.json`, 'utf8'));
    schema.properties.ongebruikt = { type: 'string' };
    const wider = createFactSchemas({ 'rtp-check-fixture': schema });
    const loaded = loadRules(base(), wider);
    expect(runChecks(loaded.versions, wider, { today }).map(formatFinding)).toEqual([
      "rtp/9.0/decisions/aanvraag.yaml:3:8 waarschuwing: feit 'ongebruikt' van het feitenschema rtp-check-fixture wordt door geen regel van beslissing 'aanvraag' gelezen [unread_fact]",
    ]);
  });
});
