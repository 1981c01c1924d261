import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRuleFiles, type RuleFiles } from '../../src/load/rule-source.js';

export const MINI_RULES_DIR = fileURLToPath(new URL('../fixtures/mini-rules', import.meta.url));

/** The small, valid RTP tree of test/fixtures/mini-rules (1.0 werkdocument, 2.0 vastgesteld, 2.1 concept). */
export function miniRules(): RuleFiles {
  return readRuleFiles(MINI_RULES_DIR);
}

/** A copy of `files` with one file replaced (or added), or with its text edited. */
export function withFile(files: RuleFiles, path: string, text: string | ((old: string) => string)): RuleFiles {
  const next = new Map(files);
  const old = files.get(path) ?? '';
  next.set(path, typeof text === 'function' ? text(old) : text);
  return next;
}

/** Writes a rule tree to a fresh temporary directory and returns its path. */
export function writeTree(files: RuleFiles): string {
  const dir = mkdtempSync(join(tmpdir(), 'rules-'));
  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
