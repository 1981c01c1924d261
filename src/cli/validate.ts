import { formatFinding } from '../check/finding.js';
import { runChecks } from '../check/run-checks.js';
import { formatDiagnostic } from '../load/diagnostics.js';
import { readRuleFiles } from '../load/rule-source.js';
import { loadProject, projectFactSchemas } from '../evaluate/project.js';
import type { Output } from './output.js';

/**
 * `validate [dir]`: every version loads, checks and compiles; prints compile time per version; then the
 * static checks (docs/static-checks.md). Exit 1 on any load problem or any check finding that is a
 * `fout`; warnings are printed and do not fail.
 */
export async function validateCommand(args: string[], io: Output, rulesDir: string): Promise<number> {
  const dir = args[0] ?? rulesDir;
  const project = loadProject(readRuleFiles(dir));
  for (const d of project.diagnostics) io.err(formatDiagnostic(d));
  for (const v of project.registry.versions) {
    const rules = [...v.decisions.values()].reduce((n, d) => n + d.engineRules.length, 0);
    io.out(`${v.meta.protocol} ${v.meta.version} (${v.meta.status}, ${v.meta.validFrom} t/m ${v.meta.validTo ?? 'open'}): ${v.decisions.size} beslissingen, ${rules} regels, gecompileerd in ${v.compileMs.toFixed(1)} ms`);
  }
  // A fact the loader already reported as unknown on that line is not reported a second time.
  const loaderLines = new Set(project.diagnostics.filter((d) => d.code === 'unknown_fact').map((d) => `${d.file}:${d.line}`));
  const findings = runChecks(project.versions, projectFactSchemas()).filter((f) => !(f.code === 'unknown_fact' && loaderLines.has(`${f.file}:${f.line}`)));
  for (const f of findings) (f.severity === 'fout' ? io.err : io.out)(formatFinding(f));
  const errors = findings.filter((f) => f.severity === 'fout').length;
  const warnings = findings.length - errors;
  const problems = project.diagnostics.length + errors;
  if (warnings) io.out(`${warnings} waarschuwing(en) van de statische controles (laten validate niet falen)`);
  io.out(problems ? `${problems} probleem/problemen gevonden` : `alle ${project.versions.length} versies zijn geldig`);
  return problems ? 1 : 0;
}
