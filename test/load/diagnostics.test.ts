import { describe, expect, it } from 'vitest';
import { formatDiagnostic, type Diagnostic } from '../../src/load/diagnostics.js';
import { loadRules } from '../../src/load/load-rules.js';
import { projectFactSchemas } from '../../src/evaluate/project.js';
import { miniRules, withFile } from '../helpers/rule-tree.js';

const DECISION = 'rtp/2.0/decisions/tariefgroep.yaml';
const load = (files: Map<string, string>) => loadRules(files, projectFactSchemas()).diagnostics;
const brief = (d: Diagnostic) => `${d.file}:${d.line}:${d.column} ${d.code}`;
const replace = (from: string, to: string) => (old: string) => {
  if (!old.includes(from)) throw new Error(`fixture does not contain ${from}`);
  return old.replace(from, to);
};

describe('loader diagnostics', () => {
  it('loads the valid fixture tree without problems', () => {
    expect(load(miniRules())).toEqual([]);
  });

  it('reports bad YAML at its line and column', () => {
    const d = load(withFile(miniRules(), DECISION, replace('outcomes: [TG3, TG4, overleg_contractbeheer]', 'outcomes: [TG3, TG4')));
    expect(d.length).toBeGreaterThan(0);
    expect(d[0]).toMatchObject({ file: DECISION, code: 'yaml_syntax' });
    expect(d[0].line).toBeGreaterThanOrEqual(5);
    expect(formatDiagnostic(d[0])).toMatch(/^rtp\/2\.0\/decisions\/tariefgroep\.yaml:\d+:\d+ YAML-fout/);
  });

  it('reports the first YAML error of a file, not the cascade of tokens after it, and every duplicate key', () => {
    const broken = replace('outcomes: [TG3, TG4, overleg_contractbeheer]', 'outcomes: [TG3, TG4, overleg_contractbeheer]\noutcomes: [TG3]');
    const dup = load(withFile(miniRules(), DECISION, broken));
    expect(dup.filter((x) => x.code === 'yaml_syntax').map((x) => x.message)).toEqual(['YAML-fout: Deze sleutel komt in hetzelfde blok al voor.']);
    // A row glued to the end of the line before it: one problem where it starts, the rest counted.
    const glued = load(withFile(miniRules(), 'rtp/2.0/tables/beroepen.yaml', (t) => t.replace('  - { functie: therapeut, tariefgroep: TG3 }\n', '  - { functie: therapeut, tariefgroep: TG3 }- { functie: ergo, tariefgroep: TG3 }\n')));
    expect(glued).toHaveLength(1);
    expect(glued[0]).toMatchObject({ code: 'yaml_syntax', file: 'rtp/2.0/tables/beroepen.yaml' });
    expect(glued[0].message).toMatch(/^YAML-fout: .* \(en \d+ vervolgfouten daarna\)$/);
  });

  it('reports an unknown operator at the operator', () => {
    const d = load(withFile(miniRules(), DECISION, replace('op: isSet', 'op: ongeveer')));
    expect(d.map(brief)).toEqual([`${DECISION}:13:30 schema`]);
    expect(d[0].message).toContain('waarde moet een van');
    expect(d[0].pointer).toBe('/rules/0/when/op');
  });

  it('reports a missing source at the rule', () => {
    const d = load(withFile(miniRules(), DECISION, replace('    source: testfixture §1\n', '')));
    expect(d.map(brief)).toEqual([`${DECISION}:10:5 schema`]);
    expect(d[0].message).toBe("verplicht veld 'source' ontbreekt");
  });

  it('reports a wrong type at the value', () => {
    const d = load(withFile(miniRules(), DECISION, replace('    source: testfixture §1\n', '    source: testfixture §1\n    priority: hoog\n')));
    expect(d.map(brief)).toEqual([`${DECISION}:13:15 schema`]);
    expect(d[0].message).toBe('moet van type integer zijn');
  });

  it('reports a duplicate rule id at the second one, naming the first', () => {
    const d = load(withFile(miniRules(), DECISION, replace('  id: rtp.tariefgroep.overleg', '  id: rtp.tariefgroep.uit-beroepentabel')));
    expect(d.map(brief)).toEqual([
      `${DECISION}:20:7 duplicate_id`,
      'rtp/2.0/tests/tariefgroep.yaml:5:84 unknown_rule',
      'rtp/2.0/tests/tariefgroep.yaml:8:56 unknown_rule',
    ]);
    expect(d[0].message).toContain(`${DECISION}:10:5`);
  });

  it('reports unknown facts, tables and outcomes, all at once, sorted by position', () => {
    const files = withFile(miniRules(), DECISION, (old) =>
      old
        .replace('lookup(beroepen, tariefgroep, functie, caoSchaal)', 'lookup(beroepenn, tariefgroep, functie, caoSchaal)')
        .replace('{ fact: groep, op: isSet }', '{ fact: salaris, op: isSet }')
        .replace('outcome: overleg_contractbeheer', 'outcome: overleggen'));
    expect(load(files).map(brief)).toEqual([
      `${DECISION}:8:11 unknown_table`,
      `${DECISION}:13:19 unknown_fact`,
      `${DECISION}:24:14 unknown_outcome`,
    ]);
  });

  it('points into an expression with the column of the problem', () => {
    const d = load(withFile(miniRules(), DECISION, replace('lookup(beroepen, tariefgroep, functie, caoSchaal)', 'lookup(beroepen, tariefgroep, functie, caoSchaal) * ')));
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ code: 'bad_expression', line: 8 });
    expect(d[0].message).toContain('expressie is onvolledig');
  });

  it('reports a test that names a missing decision', () => {
    const d = load(withFile(miniRules(), 'rtp/2.0/tests/tariefgroep.yaml', replace('decision: tariefgroep', 'decision: tarief')));
    expect(d.map(brief)).toEqual(['rtp/2.0/tests/tariefgroep.yaml:1:11 unknown_decision']);
  });

  it('reports test facts that do not fit the facts schema with their place', () => {
    const d = load(withFile(miniRules(), 'rtp/2.0/tests/tariefgroep.yaml', replace('caoSchaal: 9', 'caoSchaal: negen')));
    expect(d.map(brief)).toEqual(['rtp/2.0/tests/tariefgroep.yaml:4:45 bad_value']);
    expect(d[0].message).toContain('/caoSchaal');
  });

  it('reports overlapping validity of two in-force versions of one protocol', () => {
    const d = load(withFile(miniRules(), 'rtp/2.0/ruleset.yaml', replace('validFrom: 2025-01-01', 'validFrom: 2024-12-01')));
    expect(d.map(brief)).toEqual(['rtp/2.0/ruleset.yaml:5:12 overlapping_versions']);
    expect(d[0].message).toContain('overlapt met 1.0');
  });

  it('does not count a concept version as overlapping', () => {
    const d = load(withFile(miniRules(), 'rtp/2.1/ruleset.yaml', replace('validFrom: 2026-01-01', 'validFrom: 2025-06-01')));
    expect(d).toEqual([]);
  });

  it('reports an unknown field at its key and a table row of the wrong type', () => {
    const files = withFile(
      withFile(miniRules(), DECISION, replace('    source: testfixture §1\n', '    source: testfixture §1\n    bron: dubbel\n')),
      'rtp/2.0/tables/beroepen.yaml',
      replace('{ functie: spv, caoSchaal: { max: 9 }, tariefgroep: TG3 }', '{ functie: spv, caoSchaal: { max: negen }, tariefgroep: TG3 }'),
    );
    expect(load(files).map(brief)).toEqual([`${DECISION}:13:5 schema`, 'rtp/2.0/tables/beroepen.yaml:12:32 bad_row']);
  });
  it('refuses a negative amount in a money column at its cell, in euros', () => {
    const files = withFile(miniRules(), 'rtp/2.0/tables/uurtarieven.yaml', () => [
      'id: uurtarieven', 'title: Uurtarieven', 'source: testfixture §2', 'keys: [ tariefgroep ]', 'columns:',
      '  tariefgroep: { type: string }', '  uurtarief: { type: money, title: Uurtarief }', 'rows:',
      '  - { tariefgroep: TG3, uurtarief: 7904 }', '  - { tariefgroep: TG4, uurtarief: -10000 }', '  - { tariefgroep: TG5, uurtarief: 89.5 }', ''].join('\n'));
    const d = load(files);
    expect(d.map(brief)).toEqual(['rtp/2.0/tables/uurtarieven.yaml:10:36 bad_row', 'rtp/2.0/tables/uurtarieven.yaml:11:36 bad_row']);
    expect(d.map((x) => x.message)).toEqual([
      "kolom 'uurtarief': een bedrag kan niet negatief zijn, niet -€ 100,00",
      "kolom 'uurtarief': moet een bedrag in hele centen zijn (8736 is € 87,36), niet 89.5",
    ]);
  });
});
