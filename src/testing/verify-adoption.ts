/**
 * The check of a new version before adoption, as a worker of the check pool
 * runs it (plain data in and out): the whole view with the new version loads,
 * compiles and passes its tests, and names the row changes that can never take effect. Disagreements with the other protocol and
 * what the new version breaks for calling systems are warnings, not refusals.
 */
import { breakingChanges } from '../diff/breaking-changes.js';
import { semanticDiff } from '../diff/semantic-diff.js';
import { changesWithoutEffect, type ChangeWithoutEffect } from '../diff/without-effect.js';
import { createRegistry } from '../evaluate/registry.js';
import type { FactSchemas } from '../facts/fact-schemas.js';
import { formatDiagnostic, type Diagnostic } from '../load/diagnostics.js';
import { loadRules } from '../load/load-rules.js';
import { createVersionLoadCache } from '../load/version-load-cache.js';
import { runVersionTests, type CaseResult } from './run-tests.js';

export interface AdoptionCheckInput {
  /** Every rule file of the view with the new version. */
  next: [string, string][];
  newDir: string;
  baseDir: string;
  /** "RTP 2.1 ": how diagnostics name the new version. */
  label: string;
}

export interface AdoptionCheck {
  /** The new version loaded and compiled. */
  loaded: boolean;
  problems: Diagnostic[];
  failures: CaseResult[];
  warnings: string[];
  /** Rows changed, added or removed whose period ends before the new version starts (diff/without-effect.ts). */
  withoutEffect: ChangeWithoutEffect[];
}

/** The versions of the view last checked in this thread: the next adoption's view differs in one or two. */
const lastView = createVersionLoadCache();

export async function checkAdoption(o: AdoptionCheckInput, facts: FactSchemas): Promise<AdoptionCheck> {
  const loaded = loadRules(new Map(o.next), facts, lastView);
  const warnings = loaded.diagnostics.filter((d) => d.code === 'inconsistent' && d.message.includes(o.label)).map(formatDiagnostic);
  const problems = loaded.diagnostics.filter((d) => d.code !== 'inconsistent' && (d.file.startsWith(`${o.newDir}/`) || d.file.startsWith(`${o.baseDir}/`)));
  const version = loaded.versions.find((v) => v.dir === o.newDir);
  const baseVersion = loaded.versions.find((v) => v.dir === o.baseDir);
  if (version && baseVersion) for (const b of breakingChanges(baseVersion, version, facts)) warnings.push(`${b.decision}: ${b.message}`);
  const failures = problems.length || !version ? [] : (await runVersionTests(version, createRegistry([version], facts))).filter((r) => !r.passed);
  const withoutEffect = version && baseVersion ? changesWithoutEffect(semanticDiff(baseVersion, version).rows, version.meta.validFrom) : [];
  return { loaded: !!version, problems, failures, warnings, withoutEffect };
}
