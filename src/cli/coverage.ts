import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRuleFiles } from '../load/rule-source.js';
import { loadProject, REPO_ROOT } from '../evaluate/project.js';
import { coverage, coverageMarkdown, untested } from '../testing/coverage.js';
import { runAllTests } from '../testing/run-tests.js';
import type { Output } from './output.js';

/** `coverage [--write]`: the table of rules and the test cases that exercise them; exit 1 if a rule is untested. */
export async function coverageCommand(args: string[], io: Output, rulesDir: string): Promise<number> {
  const project = loadProject(readRuleFiles(rulesDir));
  const results = await runAllTests(project.versions, project.registry);
  const rows = coverage(project.versions, results);
  const md = coverageMarkdown(rows);
  if (args.includes('--write')) {
    writeFileSync(join(REPO_ROOT, 'docs', 'coverage.md'), md);
    io.out('docs/coverage.md bijgewerkt');
  } else io.out(md);
  const missing = untested(rows);
  for (const r of missing) io.err(`niet volledig getest: ${r.protocol} ${r.version} ${r.rule} (gaat af: ${r.fires}, gaat niet af: ${r.doesNotFire})`);
  return missing.length ? 1 : 0;
}
