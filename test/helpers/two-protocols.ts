import { fileURLToPath } from 'node:url';
import { formatDiagnostic, type Diagnostic } from '../../src/load/diagnostics.js';
import { loadRules } from '../../src/load/load-rules.js';
import type { RuleSetVersion } from '../../src/load/model.js';
import { readRuleFiles, type RuleFiles } from '../../src/load/rule-source.js';
import { projectFactSchemas } from '../../src/evaluate/project.js';

export const TWO_PROTOCOLS_DIR = fileURLToPath(new URL('../fixtures/two-protocols', import.meta.url));

/**
 * test/fixtures/two-protocols: RTP 2.0 and RAP 2.0 (both vastgesteld from 2025-01-01, open-ended) with
 * the tables both protocols hold, copied from the shipped 2.0 rules: equal professions tables, RTP
 * hourly tariffs 2024 and 2025 and RAP tariffs 2025 per calendar year, RAP products.
 */
export function twoProtocols(): RuleFiles {
  return readRuleFiles(TWO_PROTOCOLS_DIR);
}

/** A copy of `files` with `from` replaced by `to` in one file; throws when the file does not contain `from`. */
export function edit(files: RuleFiles, path: string, from: string, to: string): RuleFiles {
  const old = files.get(path);
  if (old === undefined || !old.includes(from)) throw new Error(`${path} does not contain ${from}`);
  return new Map(files).set(path, old.replace(from, to));
}

/** The versions the real loader builds from `files`. */
export function versionsOf(files: RuleFiles): RuleSetVersion[] {
  return loadRules(files, projectFactSchemas()).versions;
}

/** `file:line:col message [code]`, as `validate` prints it. */
export const lines = (list: Diagnostic[]): string[] => list.map(formatDiagnostic);
