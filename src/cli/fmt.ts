import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { formatDiagnostic } from '../load/diagnostics.js';
import { readRuleFiles } from '../load/rule-source.js';
import { formatRuleFile } from '../fmt/format-rule-file.js';
import type { Output } from './output.js';

/**
 * `fmt [--check] [dir]`: rewrites every rule file in its canonical form, or with
 * --check only reports the files that are not (exit 1). A file with a YAML
 * syntax error is reported as file:line:col and never touched.
 */
export async function fmtCommand(args: string[], io: Output, rulesDir: string): Promise<number> {
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--check');
  if (unknown.length) {
    io.err(`gebruik: fmt [--check] [map]${unknown.some((a) => a !== '--help' && a !== '-h') ? ` (onbekende optie ${unknown.join(' ')})` : ''}`);
    return 2;
  }
  const check = args.includes('--check');
  const dir = args.find((a) => !a.startsWith('--')) ?? rulesDir;
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    io.err(`${dir}: geen map`);
    return 2;
  }
  let failed = 0;
  let rewritten = 0;
  const files = readRuleFiles(dir);
  for (const [path, text] of files) {
    const r = formatRuleFile(path, text);
    if (!r.ok) {
      for (const d of r.diagnostics) io.err(formatDiagnostic(d));
      failed++;
      continue;
    }
    if (!r.changed) continue;
    if (check) {
      io.err(`${path}:1:1 niet canoniek opgemaakt (run: protocolregels fmt) [fmt]`);
      failed++;
    } else {
      writeFileSync(join(dir, ...path.split('/')), r.text);
      io.out(`opgemaakt: ${path}`);
      rewritten++;
    }
  }
  if (check) io.out(failed ? `${failed} van ${files.size} bestanden niet canoniek` : `alle ${files.size} bestanden canoniek`);
  else io.out(`${rewritten} van ${files.size} bestanden opgemaakt`);
  return failed ? 1 : 0;
}

/** For tests and tools: the canonical form of one file on disk, relative to a root. */
export function formatFileAt(root: string, full: string) {
  return formatRuleFile(relative(root, full).split(sep).join('/'), readFileSync(full, 'utf8'));
}
