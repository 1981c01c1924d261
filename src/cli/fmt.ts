import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { formatDiagnostic } from '../load/diagnostics.js';
import { readRuleFiles } from '../load/rule-source.js';
import { formatRuleFile } from '../fmt/format-rule-file.js';
import type { Output } from './output.js';

/** One file to format: the name to print (relative to its folder, or as given) and where it lives. */
interface Target {
  name: string;
  full: string;
  text: string;
}

/** The rule files behind each argument: every *.yaml under a folder, or a file as named. */
function targets(paths: string[], io: Output): Target[] | undefined {
  const out: Target[] = [];
  for (const p of paths) {
    const st = statSync(p, { throwIfNoEntry: false });
    if (st?.isDirectory()) {
      for (const [rel, text] of readRuleFiles(p)) out.push({ name: rel, full: join(p, ...rel.split('/')), text });
    } else if (st?.isFile()) {
      out.push({ name: p.split(sep).join('/'), full: p, text: readFileSync(p, 'utf8') });
    } else {
      io.err(`${p}: bestand of map bestaat niet`);
      return undefined;
    }
  }
  return out;
}

/**
 * `fmt [--check] [map-of-bestand...]`: rewrites rule files in their canonical
 * form (default: the whole rules folder), or with --check only reports the
 * files that are not (exit 1) and writes nothing. A file with a YAML syntax
 * error is reported as file:line:col, counts as a failure and is never touched.
 */
export async function fmtCommand(args: string[], io: Output, rulesDir: string): Promise<number> {
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--check');
  if (unknown.length) {
    io.err(`onbekende optie: ${unknown.join(' ')} (gebruik: fmt [--check] [map-of-bestand...])`);
    return 2;
  }
  const check = args.includes('--check');
  const paths = args.filter((a) => !a.startsWith('-'));
  const files = targets(paths.length ? paths : [rulesDir], io);
  if (!files) return 2;
  let failed = 0;
  let rewritten = 0;
  for (const f of files) {
    const r = formatRuleFile(f.name, f.text);
    if (!r.ok) {
      for (const d of r.diagnostics) io.err(formatDiagnostic(d));
      failed++;
      continue;
    }
    if (!r.changed) continue;
    if (check) {
      io.err(`${f.name}:1:1 niet canoniek opgemaakt (run: protocolregels fmt)`);
      failed++;
    } else {
      writeFileSync(f.full, r.text);
      io.out(`opgemaakt: ${f.name}`);
      rewritten++;
    }
  }
  if (check) io.out(failed ? `${failed} van ${files.length} bestanden niet canoniek` : `alle ${files.length} bestanden canoniek`);
  else io.out(`${rewritten} van ${files.length} bestanden opgemaakt${failed ? `, ${failed} met fouten niet aangeraakt` : ''}`);
  return failed ? 1 : 0;
}

/** For tests and tools: the canonical form of one file on disk, relative to a root. */
export function formatFileAt(root: string, full: string) {
  return formatRuleFile(relative(root, full).split(sep).join('/'), readFileSync(full, 'utf8'));
}
