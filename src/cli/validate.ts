import { formatDiagnostic } from '../load/diagnostics.js';
import { readRuleFiles } from '../load/rule-source.js';
import { loadProject } from '../project.js';
import type { Output } from './output.js';

/** `validate [dir]`: every version loads, checks and compiles; prints compile time per version. Exit 1 on any problem. */
export async function validateCommand(args: string[], io: Output, rulesDir: string): Promise<number> {
  const dir = args[0] ?? rulesDir;
  const project = loadProject(readRuleFiles(dir));
  for (const d of project.diagnostics) io.err(formatDiagnostic(d));
  for (const v of project.registry.versions) {
    const rules = [...v.decisions.values()].reduce((n, d) => n + d.engineRules.length, 0);
    io.out(`${v.meta.protocol} ${v.meta.version} (${v.meta.status}, ${v.meta.validFrom} t/m ${v.meta.validTo ?? 'open'}): ${v.decisions.size} beslissingen, ${rules} regels, gecompileerd in ${v.compileMs.toFixed(1)} ms`);
  }
  const problems = project.diagnostics.length;
  io.out(problems ? `${problems} probleem/problemen gevonden` : `alle ${project.versions.length} versies zijn geldig`);
  return problems ? 1 : 0;
}
