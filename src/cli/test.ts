import { formatDiagnostic } from '../load/diagnostics.js';
import { readRuleFiles } from '../load/rule-source.js';
import { loadProject, projectFactSchemas } from '../evaluate/project.js';
import { BaselineFailsError, mutateVersion, type MutationReport } from '../testing/run-mutation.js';
import { runAllTests } from '../testing/run-tests.js';
import type { Output } from './output.js';

const percent = (x: number) => `${(x * 100).toLocaleString('nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;

function printMutation(r: MutationReport, io: Output): void {
  for (const m of r.results) {
    const { loc, target, change, key } = m.mutant;
    if (m.status === 'verklaard') io.out(`${loc.file}:${loc.line}:${loc.column} ${target}: ${change} — gelijkwaardig: ${m.explanation || '(geen reden)'} [${key}]`);
  }
  for (const m of r.results) {
    if (m.status !== 'overleefd') continue;
    const { loc, target, change, key } = m.mutant;
    io.out(`${loc.file}:${loc.line}:${loc.column} ${target}: ${change} — deze wijziging merkt geen test op [${key}]`);
  }
}

/**
 * `test [dir]`: runs every rules/**\/tests/*.yaml; ends with "N passed, N failed".
 * `test --mutate [dir] [--version rap/2.0] [--min-score 90]`: mutation testing of the rule files;
 * prints each surviving mutant as file:line:col and the score per version last.
 */
export async function testCommand(args: string[], io: Output, rulesDir: string): Promise<number> {
  const mutate = args.includes('--mutate');
  const opt = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  const flagValues = new Set(['--version', '--min-score'].map(opt));
  const dir = args.find((a) => !a.startsWith('--') && !flagValues.has(a)) ?? rulesDir;
  const project = loadProject(readRuleFiles(dir));
  for (const d of project.diagnostics) io.err(formatDiagnostic(d));
  const loaded = project.versions.filter((v) => project.registry.get(v.meta.protocol, v.meta.version));
  if (mutate) return mutateCommand(loaded, io, opt('--version'), opt('--min-score'));
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

async function mutateCommand(versions: ReturnType<typeof loadProject>['versions'], io: Output, only?: string, minScore?: string): Promise<number> {
  const chosen = only ? versions.filter((v) => v.dir === only) : versions;
  if (only && !chosen.length) { io.err(`versie ${only} bestaat niet of laadt niet`); return 2; }
  const min = minScore === undefined ? undefined : Number(minScore) / 100;
  if (min !== undefined && !(min >= 0 && min <= 1)) { io.err(`--min-score verwacht een percentage van 0 tot 100, niet '${minScore}'`); return 2; }
  const reports: MutationReport[] = [];
  for (const v of chosen) {
    try {
      const r = await mutateVersion(v, projectFactSchemas());
      printMutation(r, io);
      reports.push(r);
    } catch (e) {
      if (!(e instanceof BaselineFailsError)) throw e;
      io.err(e.message);
      return 1;
    }
  }
  for (const r of reports) {
    const c = r.counts;
    io.out(`${r.protocol} ${r.version}: ${r.results.length} mutanten, ${c.gedood} gedood, ${c.verklaard} verklaard, ${c.overleefd} overleefd, ${c.ongeldig} ongeldig; score ${percent(r.score)}`);
  }
  return min !== undefined && reports.some((r) => r.score < min) ? 1 : 0;
}
