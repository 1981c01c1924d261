import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli-process.js';
import { miniRules, withFile, writeTree } from '../helpers/rule-tree.js';

const TESTS = 'rtp/2.0/tests/tariefgroep.yaml';
const DECISION = 'rtp/2.0/decisions/tariefgroep.yaml';

describe('protocolregels test --mutate (mutation testing of rule files)', () => {
  it('prints each unnoticed change as file:line:col with the rule or table and the change, and the score per version last', async () => {
    const r = await cli(['test', '--mutate', writeTree(miniRules()), '--version', 'rtp/2.0']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    // No case declares a professional of row 2 (TG3) or row 3 (TG4), so changing either group goes unnoticed.
    expect(lines).toEqual([
      'rtp/2.0/tables/beroepen.yaml:12:57 beroepen: rij 2, tariefgroep: TG3 -> TG4 — deze wijziging merkt geen test op [beroepen#table@rows[1].tariefgroep:TG3 -> TG4]',
      'rtp/2.0/tables/beroepen.yaml:13:58 beroepen: rij 3, tariefgroep: TG4 -> TG3 — deze wijziging merkt geen test op [beroepen#table@rows[2].tariefgroep:TG4 -> TG3]',
      'RTP 2.0: 5 mutanten, 3 gedood, 0 verklaard, 2 overleefd, 0 ongeldig; score 60,0%',
    ]);
  });

  it('a case at the row kills its mutant; --min-score fails the run below the score', async () => {
    const more = withFile(miniRules(), TESTS, (t) => `${t}  - name: spv in schaal 10 is TG4
    facts: { functie: spv, caoSchaal: 10, datum: 2025-05-01 }
    expect: { outcome: TG4 }
`);
    const dir = writeTree(more);
    const r = await cli(['test', '--mutate', dir, '--version', 'rtp/2.0']);
    expect(r.stdout).not.toContain('rows[2].tariefgroep');
    expect(r.stdout).toContain('rows[1].tariefgroep');
    expect(r.stdout.trim().split('\n').at(-1)).toBe('RTP 2.0: 5 mutanten, 4 gedood, 0 verklaard, 1 overleefd, 0 ongeldig; score 80,0%');
    expect((await cli(['test', '--mutate', dir, '--version', 'rtp/2.0', '--min-score', '80'])).code).toBe(0);
    expect((await cli(['test', '--mutate', dir, '--version', 'rtp/2.0', '--min-score', '90'])).code).toBe(1);
  });

  it('a rule note that names a surviving change as equivalent explains it; a version whose cases already fail is not mutated', async () => {
    // With only the first case, dropping the rule's one condition goes unnoticed (the rule then always fires).
    const oneCase = withFile(miniRules(), TESTS, (t) => t.slice(0, t.indexOf('  - name: onbekend')));
    const survived = await cli(['test', '--mutate', writeTree(oneCase), '--version', 'rtp/2.0']);
    expect(survived.stdout).toContain('rtp.tariefgroep.uit-beroepentabel: enige voorwaarde weggelaten');
    const explained = withFile(oneCase, DECISION, (t) => t.replace('    source: testfixture §1\n', '    source: testfixture §1\n    note: "gelijkwaardig: condition@when:enige voorwaarde weggelaten"\n'));
    const r = await cli(['test', '--mutate', writeTree(explained), '--version', 'rtp/2.0']);
    expect(r.stdout).not.toContain('enige voorwaarde weggelaten — deze wijziging merkt geen test op');
    expect(r.stdout).toContain('rtp.tariefgroep.uit-beroepentabel: enige voorwaarde weggelaten — gelijkwaardig: ');
    expect(r.stdout).toMatch(/RTP 2\.0: \d+ mutanten, \d+ gedood, 1 verklaard, /);

    const failing = withFile(miniRules(), TESTS, (t) => t.replace('outcome: TG3, fires', 'outcome: TG4, fires'));
    const bad = await cli(['test', '--mutate', writeTree(failing), '--version', 'rtp/2.0']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('RTP 2.0: 1 testgeval(len) falen al zonder mutant');
  });

  it('an explained mutant is left out of the score and printed with its reason; rows[*] explains a column in every row', async () => {
    // Both survivors are table changes (rows 2 and 3 of beroepen.tariefgroep); one marker for every row explains both.
    const explained = withFile(miniRules(), DECISION, (t) => t.replace('    source: testfixture §1\n', '    source: testfixture §1\n    note: "gelijkwaardig: beroepen#table@rows[*].tariefgroep — geen geval kan dit zien (alleen voor deze test)"\n'));
    const r = await cli(['test', '--mutate', writeTree(explained), '--version', 'rtp/2.0']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.filter((l) => l.includes('gelijkwaardig: geen geval kan dit zien (alleen voor deze test)'))).toHaveLength(2);
    expect(lines.some((l) => l.includes('merkt geen test op'))).toBe(false);
    // 5 mutants, 2 explained: the score is 3 killed of the 3 left.
    expect(lines.at(-1)).toBe('RTP 2.0: 5 mutanten, 3 gedood, 2 verklaard, 0 overleefd, 0 ongeldig; score 100,0%');
  });
});
