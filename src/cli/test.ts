import { formatDiagnostic } from '../load/diagnostics.js';
import { readRuleFiles } from '../load/rule-source.js';
import { loadProject } from '../project.js';
import { runAllTests } from '../testing/run-tests.js';
import type { Output } from './output.js';

/** `test [dir]`: runs every rules/**\/tests/*.yaml; ends with "N passed, N failed". */
export async function testCommand(args: string[], io: Output, rulesDir: string): Promise<number> {
  const dir = args[0] ?? rulesDir;
  const project = loadProject(readRuleFiles(dir));
  for (const d of project.diagnostics) io.err(formatDiagnostic(d));
  const loaded = project.versions.filter((v) => project.registry.get(v.meta.protocol, v.meta.version));
  const results = await runAllTests(loaded, project.registry);
  for (const r of results) {
    if (r.passed) continue;
    io.err(`${r.file}:${r.line}:${r.column} ${r.name}`);
    for (const f of r.failures) io.err(`    ${f}`);
  }
  const passed = results.filter((r) => r.passed).length;
  const failed = results.length - passed + (project.diagnostics.length ? 1 : 0);
  io.out(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}
