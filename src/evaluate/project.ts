import { fileURLToPath } from 'node:url';
import { loadFactSchemas, type FactSchemas } from '../facts/fact-schemas.js';
import { loadRules, type LoadResult } from '../load/load-rules.js';
import type { VersionLoadCache } from '../load/version-load-cache.js';
import { readRuleFiles, type RuleFiles } from '../load/rule-source.js';
import { createRegistry, type Registry } from './registry.js';
import { versionDirOf } from '../base/rule-tree.js';

/** The repository's own folders, found relative to this file so any working directory works. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHIPPED_RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url));
export const FACT_SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/facts', import.meta.url));

let factSchemas: FactSchemas | undefined;
/** The facts schemas of schemas/facts, compiled once per process. */
export function projectFactSchemas(): FactSchemas {
  factSchemas ??= loadFactSchemas(FACT_SCHEMAS_DIR);
  return factSchemas;
}

export interface LoadedProject extends LoadResult {
  files: RuleFiles;
  /** Compiled from the versions whose files have no problems. */
  registry: Registry;
}

/**
 * Loads, checks and compiles a rule tree; versions with problems are left out of the registry.
 * A process that loads its tree again and again (after each adoption) passes one cache, so unchanged
 * versions are neither loaded nor compiled again (load/version-load-cache.ts).
 */
export function loadProject(files: RuleFiles = readRuleFiles(SHIPPED_RULES_DIR), cache?: VersionLoadCache): LoadedProject {
  const facts = projectFactSchemas();
  const result = loadRules(files, facts, cache);
  // A disagreement between RTP and RAP is reported by validate but takes neither version out of service:
  // each still answers by its own files, and the finding is for the people who keep them.
  const broken = new Set(result.diagnostics.filter((d) => d.code !== 'inconsistent').map((d) => versionDirOf(d.file)));
  const registry = createRegistry(result.versions.filter((v) => !broken.has(v.dir)), facts);
  return { ...result, files, registry };
}
