import { runChecks } from '../check/run-checks.js';
import { formatFinding } from '../check/finding.js';
import { readRuleFiles } from '../load/rule-source.js';
import { loadProject, projectFactSchemas } from '../evaluate/project.js';
import type { Output } from './output.js';

/** `check [dir]`: the static checks (docs/static-checks.md). Exit 1 when any finding is a `fout`; warnings are printed only. */
export async function checkCommand(args: string[], io: Output, rulesDir: string): Promise<number> {
  const dir = args[0] ?? rulesDir;
  const project = loadProject(readRuleFiles(dir));
  const findings = runChecks(project.versions, projectFactSchemas());
  for (const f of findings) (f.severity === 'fout' ? io.err : io.out)(formatFinding(f));
  const errors = findings.filter((f) => f.severity === 'fout').length;
  io.out(`${errors} fout(en), ${findings.length - errors} waarschuwing(en) in ${project.versions.length} versies`);
  return errors ? 1 : 0;
}
