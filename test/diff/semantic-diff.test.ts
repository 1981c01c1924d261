import { describe, expect, it } from 'vitest';
import { semanticDiff } from '../../src/diff/semantic-diff.js';
import type { RuleFiles } from '../../src/load/rule-source.js';
import { loadProject } from '../../src/evaluate/project.js';
import { miniRules, withFile } from '../helpers/rule-tree.js';

const TABLE = 'rtp/2.0/tables/beroepen.yaml';
const DECISION = 'rtp/2.0/decisions/tariefgroep.yaml';
const RULESET = 'rtp/2.0/ruleset.yaml';

function version2(files: RuleFiles) {
  const p = loadProject(files);
  expect(p.diagnostics).toEqual([]);
  return p.versions.find((v) => v.meta.version === '2.0')!;
}

const base = version2(miniRules());

/** RTP 2.0 of the fixture with `edits` applied, diffed against the fixture's own 2.0. */
function diffAfter(...edits: [string, (t: string) => string][]) {
  let files = miniRules();
  for (const [path, edit] of edits) files = withFile(files, path, edit);
  return semanticDiff(base, version2(files));
}

const NEW_RULE = `
  - id: rtp.tariefgroep.kok
    title: Een kok overlegt altijd
    source: testfixture §9
    when: { fact: functie, op: equal, value: kok }
    then:
      outcome: overleg_contractbeheer
      type: voorwaarde
      message: Overleg.
default:`;

describe('semantic diff', () => {
  it('finds nothing between a version and itself, whatever the formatting', () => {
    const d = diffAfter([TABLE, (t) => t.replace('rows:\n', '# rijen\nrows:\n').replace('{ functie: therapeut, tariefgroep: TG3 }', '{ tariefgroep: TG3, functie: therapeut }')]);
    expect(d).toMatchObject({ protocol: 'RTP', from: '2.0', to: '2.0', metadata: [] });
    expect(d.rules).toEqual({ added: [], removed: [], changed: [] });
    expect(d.rows).toEqual({ added: [], removed: [], changed: [] });
    expect(d.derived).toEqual({ added: [], removed: [], changed: [] });
  });

  it('lists rules added and changed, with the fields that changed and their sources', () => {
    const d = diffAfter([DECISION, (t) => t.replace('\ndefault:', NEW_RULE).replace('source: testfixture §1', 'source: testfixture §1a')]);
    expect(d.rules.added).toEqual([{ id: 'rtp.tariefgroep.kok', decision: 'tariefgroep', title: 'Een kok overlegt altijd', source: 'testfixture §9' }]);
    expect(d.rules.removed).toEqual([]);
    expect(d.rules.changed).toHaveLength(1);
    expect(d.rules.changed[0]).toMatchObject({ id: 'rtp.tariefgroep.uit-beroepentabel', fields: ['source'], before: { source: 'testfixture §1' }, after: { source: 'testfixture §1a' } });
  });

  it('lists a removed rule and a changed condition', () => {
    const withKok = withFile(miniRules(), DECISION, (t) => t.replace('\ndefault:', NEW_RULE));
    const a = version2(withKok);
    const b = version2(withFile(withKok, DECISION, (t) => t.replace('{ fact: functie, op: equal, value: kok }', '{ fact: functie, op: equal, value: chef }')));
    const c = version2(miniRules());
    expect(semanticDiff(a, b).rules.changed).toMatchObject([{ id: 'rtp.tariefgroep.kok', fields: ['when'] }]);
    expect(semanticDiff(a, c).rules.removed).toEqual([{ id: 'rtp.tariefgroep.kok', decision: 'tariefgroep', title: 'Een kok overlegt altijd', source: 'testfixture §9' }]);
  });

  it('lists table rows by identity (table, keys, from): changed values, added and removed rows', () => {
    const d = diffAfter([TABLE, (t) => t
      .replace('{ functie: therapeut, tariefgroep: TG3 }', '{ functie: therapeut, tariefgroep: TG4 }')
      .replace('  - { functie: spv, caoSchaal: { max: 9 }, tariefgroep: TG3 }\n', '')
      .concat('  - { functie: kok, tariefgroep: TG3 }\n')]);
    expect(d.rows.changed).toEqual([{ table: 'beroepen', key: { functie: 'therapeut', caoSchaal: null }, from: undefined, values: { functie: 'therapeut', tariefgroep: 'TG4' }, source: 'testfixture', money: [], file: 'rtp/2.0/tables/beroepen.yaml', line: 11, before: { functie: 'therapeut', tariefgroep: 'TG3' } }]);
    expect(d.rows.added).toMatchObject([{ table: 'beroepen', key: { functie: 'kok' }, values: { tariefgroep: 'TG3' }, source: 'testfixture' }]);
    expect(d.rows.removed).toMatchObject([{ table: 'beroepen', key: { functie: 'spv', caoSchaal: { max: 9 } } }]);
  });

  it('names the money columns of a row (title "in centen"), so a reader can show euros', () => {
    const project = loadProject();
    const v = (version: string) => project.versions.find((x) => x.meta.protocol === 'RTP' && x.meta.version === version)!;
    const raised = loadProject(new Map([...project.files].map(([p, t]) => [p, p === 'rtp/2.0/tables/uurtarieven.yaml' ? t.replace('{ tariefgroep: TG3, uurtarief: 7904, from: 2025-01-01, until: 2025-12-31 }', '{ tariefgroep: TG3, uurtarief: 8304, from: 2025-01-01, until: 2025-12-31 }') : t])));
    const d = semanticDiff(v('2.0'), raised.versions.find((x) => x.meta.protocol === 'RTP' && x.meta.version === '2.0')!);
    expect(d.rows.changed).toEqual([expect.objectContaining({ table: 'uurtarieven', key: { tariefgroep: 'TG3' }, from: '2025-01-01', money: ['uurtarief'], before: expect.objectContaining({ uurtarief: 7904 }), values: expect.objectContaining({ uurtarief: 8304 }) })]);
  });

  it('warns when a money value moves by more than 20%: a changed row against its old value, an added row against the row it follows', () => {
    const project = loadProject();
    const rtp = (p: typeof project) => p.versions.find((x) => x.meta.protocol === 'RTP' && x.meta.version === '2.0')!;
    const TG3 = '{ tariefgroep: TG3, uurtarief: 7904, from: 2025-01-01, until: 2025-12-31 }';
    const edit = (to: string) => semanticDiff(rtp(project), rtp(loadProject(new Map([...project.files].map(([p, t]) => [p, p === 'rtp/2.0/tables/uurtarieven.yaml' ? t.replace(TG3, to) : t])))));
    // EUR 2 more (+2.5%) is no warning; EUR 790,40 typed for 79,04 (cents for euros) is.
    expect(edit('{ tariefgroep: TG3, uurtarief: 8104, from: 2025-01-01, until: 2025-12-31 }').amountWarnings).toEqual([]);
    expect(edit('{ tariefgroep: TG3, uurtarief: 79040, from: 2025-01-01, until: 2025-12-31 }').amountWarnings).toEqual([{
      table: 'uurtarieven', key: { tariefgroep: 'TG3' }, from: '2025-01-01', column: 'uurtarief', before: 7904, after: 79040, percent: 900,
      message: 'uurtarief in uurtarieven (TG3, vanaf 2025-01-01) gaat van € 79,04 naar € 790,40 (+900%): meer dan 20% verschil. Klopt dit bedrag (euro\'s en centen)?',
    }]);
    // A 2026 row is compared with the 2025 row it follows: -25% warns.
    const next = edit(`${TG3}\n  - { tariefgroep: TG3, uurtarief: 5928, from: 2026-01-01, until: 2026-12-31 }`);
    expect(next.rows.added).toHaveLength(1);
    expect(next.amountWarnings).toMatchObject([{ from: '2026-01-01', before: 7904, after: 5928, percent: -25 }]);
  });

  it('treats a dated row (indexation) as an added row, not a change', () => {
    const d = diffAfter([TABLE, (t) => t.concat('  - { functie: therapeut, tariefgroep: TG4, from: 2025-07-01 }\n')]);
    expect(d.rows.changed).toEqual([]);
    expect(d.rows.added).toMatchObject([{ table: 'beroepen', key: { functie: 'therapeut' }, from: '2025-07-01', values: { tariefgroep: 'TG4' } }]);
  });

  it('lists metadata and derived facts that changed', () => {
    const d = diffAfter(
      [RULESET, (t) => t.replace('title: Testprotocol 2.0', 'title: Testprotocol 2.0 (herzien)')],
      [DECISION, (t) => t.replace('lookup(beroepen, tariefgroep, functie, caoSchaal)', 'lookup(beroepen, tariefgroep, functie, coalesce(caoSchaal, 0))')],
    );
    expect(d.metadata).toEqual([{ field: 'title', from: 'Testprotocol 2.0', to: 'Testprotocol 2.0 (herzien)' }]);
    expect(d.derived).toEqual({ added: [], removed: [], changed: ['tariefgroep.groep'] });
  });

  it('diffs two real versions of the fixture: 1.0 to 2.0', () => {
    const p = loadProject(miniRules());
    const [v1, v2] = ['1.0', '2.0'].map((v) => p.versions.find((x) => x.meta.version === v)!);
    const d = semanticDiff(v1, v2);
    expect(d).toMatchObject({ from: '1.0', to: '2.0' });
    expect(d.rows.changed).toMatchObject([{ table: 'beroepen', key: { functie: 'therapeut' }, values: { tariefgroep: 'TG3' }, before: { tariefgroep: 'TG4' } }]);
    expect(d.metadata.map((m) => m.field)).toContain('version');
  });
});
