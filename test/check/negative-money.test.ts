/**
 * negative_money: an expression that can compute a negative amount from money columns is a fout at
 * file:line:col of the operator or number; bounded with max(0, ...) it is not. Planted in the shipped
 * RTP 2.0 budget calculation (its tariffs and budgets are money columns).
 */
import { describe, expect, it } from 'vitest';
import { formatFinding } from '../../src/check/finding.js';
import { runChecks } from '../../src/check/run-checks.js';
import { projectFactSchemas, SHIPPED_RULES_DIR } from '../../src/evaluate/project.js';
import { loadRules } from '../../src/load/load-rules.js';
import { readRuleFiles } from '../../src/load/rule-source.js';
import { withFile } from '../helpers/rule-tree.js';

const FILE = 'rtp/2.0/decisions/budgetberekening.yaml';
const facts = projectFactSchemas();
const SUM = 'sumProduct(pluck(uren, uren), lookupEach(uurtarieven, uurtarief, pluck(uren, tariefgroep)))';

function findings(from: string, to: string) {
  const files = withFile(readRuleFiles(SHIPPED_RULES_DIR), FILE, (t) => {
    expect(t).toContain(from);
    return t.replace(from, to);
  });
  const loaded = loadRules(files, facts);
  expect(loaded.diagnostics).toEqual([]);
  return runChecks(loaded.versions.filter((v) => v.dir === 'rtp/2.0'), facts, { today: '2025-06-01' }).filter((f) => f.code === 'negative_money').map(formatFinding);
}

describe('static check: negative money', () => {
  it('the shipped rules compute no negative amount', () => {
    expect(findings('expr: ' + SUM, 'expr: ' + SUM)).toEqual([]);
  });

  it('a subtraction from an amount of a money column is a fout at the minus sign', () => {
    const expr = `${SUM} - 100000`;
    expect(findings('expr: ' + SUM, 'expr: ' + expr)).toEqual([
      `${FILE}:9:${11 + expr.indexOf(' - ') + 1} fout: afgeleid feit 'bedrag' trekt een bedrag af, dus de uitkomst kan negatief zijn: '${expr}'; een bedrag is nooit negatief (begrens met max(0, ...) als dat de bedoeling is) [negative_money]`,
    ]);
  });

  it('a negative number in an amount (through a derived fact, in a message parameter) is a fout at the number', () => {
    const found = findings('params: { bedrag: bedrag, standaardbudget: standaardbudget }', 'params: { bedrag: bedrag + -500, standaardbudget: standaardbudget }');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^rtp\/2\.0\/decisions\/budgetberekening\.yaml:46:\d+ fout: de default 'rtp\.budgetberekening\.berekend' \(parameter bedrag\) rekent met het negatieve getal -500 in een bedrag: 'bedrag \+ -500'/);
    const column = Number(/:46:(\d+) /.exec(found[0])![1]);
    expect(column).toBe('    params: { bedrag: '.length + 'bedrag + '.length + 1);
  });

  it('bounded below with max(0, ...) it is allowed', () => {
    expect(findings('expr: ' + SUM, `expr: max(0, ${SUM} - 100000)`)).toEqual([]);
  });
});
