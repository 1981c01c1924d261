/**
 * The static checks read a derived lookup as the range of its table column (src/check/fact-domain.ts),
 * the same range reading the evaluator uses for a missing key (src/evaluate/value-range.ts).
 */
import { describe, expect, it } from 'vitest';
import { formatFinding } from '../../src/check/finding.js';
import { runChecks } from '../../src/check/run-checks.js';
import { loadRules } from '../../src/load/load-rules.js';
import { readRuleFiles } from '../../src/load/rule-source.js';
import { projectFactSchemas, SHIPPED_RULES_DIR } from '../../src/evaluate/project.js';
import { withFile } from '../helpers/rule-tree.js';

const DECISION = 'rap/2.0/decisions/declaratie.yaml';

function findings(edit: (t: string) => string): string[] {
  const files = withFile(readRuleFiles(SHIPPED_RULES_DIR), DECISION, edit);
  const loaded = loadRules(files, projectFactSchemas());
  return runChecks(loaded.versions.filter((v) => v.dir === 'rap/2.0'), projectFactSchemas(), { today: '2025-06-01' })
    .filter((f) => f.code === 'never_fires').map(formatFinding);
}

describe('static checks: the values of a derived lookup', () => {
  it('a rule comparing a tariff group with one no row of the table has never fires', () => {
    const out = findings((t) => t.replace(
      "        - { fact: productTariefgroep, op: notEqual, value: { fact: professionalTariefgroep } }\n",
      "        - { fact: productTariefgroep, op: notEqual, value: { fact: professionalTariefgroep } }\n        - { fact: professionalTariefgroep, op: equal, value: TG9 }\n"));
    expect(out).toEqual([expect.stringMatching(/regel 'rap\.declaratie\.tariefgroep-professional' kan nooit vuren: de voorwaarden op 'professionalTariefgroep'.* \[never_fires\]$/)]);
  });

  it('a value the table has is fine', () => {
    const out = findings((t) => t.replace(
      "        - { fact: productTariefgroep, op: notEqual, value: { fact: professionalTariefgroep } }\n",
      "        - { fact: productTariefgroep, op: notEqual, value: { fact: professionalTariefgroep } }\n        - { fact: professionalTariefgroep, op: equal, value: TG7 }\n"));
    expect(out).toEqual([]);
  });
});
