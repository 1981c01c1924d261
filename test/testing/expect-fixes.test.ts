import { describe, expect, it } from 'vitest';
import { applyFixes } from '../../editor/src/expect-fixes.js';
import { formatRuleFile } from '../../src/fmt/format-rule-file.js';
import { loadProject } from '../../src/evaluate/project.js';
import { runVersionTests } from '../../src/testing/run-tests.js';

const TARIFFS = 'rtp/2.0/tables/uurtarieven.yaml';
const BUDGET_TESTS = 'rtp/2.0/tests/budgetberekening.yaml';

/** RTP 2.0's test results with `files` edited. */
async function rtp20(files: Map<string, string>) {
  const p = loadProject(files);
  // The RAP's tariff for the same hour now disagrees with the RTP's (reported, not in the way of RTP's tests).
  expect(p.diagnostics.filter((d) => d.code !== 'inconsistent')).toEqual([]);
  const v = p.versions.find((x) => x.meta.protocol === 'RTP' && x.meta.version === '2.0')!;
  return runVersionTests(v, p.registry);
}

describe('"verwachte uitkomst bijwerken": a test follows an intended change', () => {
  it('names each failing expectation with old and new value, and writing them makes the tests pass with one line per amount', async () => {
    const shipped = loadProject().files;
    const raised = new Map(shipped);
    raised.set(TARIFFS, shipped.get(TARIFFS)!.replace('{ tariefgroep: TG3, uurtarief: 7904, from: 2025-01-01', '{ tariefgroep: TG3, uurtarief: 8304, from: 2025-01-01'));
    const all = (await rtp20(raised)).filter((c) => !c.passed);
    const failing = all.filter((c) => c.file === BUDGET_TESTS);
    expect(failing).toHaveLength(2);
    // 20 TG3 hours at 4 euros more: 8000 cents more, a money param (the rule's message prints it as {bedrag:euro}).
    expect(failing[0].fixes).toEqual([{ path: ['expect', 'params', 'rtp.budgetberekening.berekend', 'bedrag'], label: 'bedrag in “Budget berekend met de tarieven van de berekeningsdatum”', expected: 205920, actual: 213920, money: true }]);
    expect(failing[0].failures).toEqual(['params van rtp.budgetberekening.berekend: bedrag: verwacht 205920, kreeg 213920']);

    let text = raised.get(BUDGET_TESTS)!;
    for (const c of failing) text = applyFixes(text, c.index, c.fixes);
    const changed = text.split('\n').filter((l, i) => l !== raised.get(BUDGET_TESTS)!.split('\n')[i]);
    expect(changed).toEqual([
      '        rtp.budgetberekening.berekend: { bedrag: 213920, standaardbudget: 250000 }',
      expect.stringContaining('rtp.budgetberekening.berekend: { bedrag: 166080'),
    ]);
    expect(formatRuleFile(BUDGET_TESTS, text)).toMatchObject({ ok: true, changed: false });
    raised.set(BUDGET_TESTS, text);
    // Every other test file that expected the old amount follows the same way.
    for (const file of new Set(all.filter((c) => c.file !== BUDGET_TESTS).map((c) => c.file))) {
      let other = raised.get(file)!;
      for (const c of all.filter((x) => x.file === file)) other = applyFixes(other, c.index, c.fixes);
      raised.set(file, other);
    }
    expect((await rtp20(raised)).filter((c) => !c.passed)).toEqual([]);
  });

  it('offers the outcome too when a change moves it, and nothing for a case that passes', async () => {
    const shipped = loadProject().files;
    const results = await rtp20(new Map(shipped));
    expect(results.every((c) => c.passed && c.fixes.length === 0)).toBe(true);
  });
});
