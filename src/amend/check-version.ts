/**
 * Checks a changed version the way the pipeline does: load, compile, then run
 * every test case beside it. The version is checked on its own (not against
 * the other versions of the protocol), pinned, so its status does not matter.
 */
import { createRegistry } from '../evaluate/registry.js';
import type { FactSchemas } from '../facts/fact-schemas.js';
import type { Diagnostic } from '../load/diagnostics.js';
import { loadVersion } from '../load/load-rules.js';
import type { RuleSetVersion } from '../load/model.js';
import type { RuleFiles } from '../load/rule-source.js';
import { runVersionTests, type CaseResult } from '../testing/run-tests.js';
import type { AmendDetail } from './errors.js';

export interface VersionCheck {
  ok: boolean;
  version?: RuleSetVersion;
  diagnostics: Diagnostic[];
  tests: { passed: number; failed: number; failures: CaseResult[] };
}

export async function checkChangedVersion(dir: string, files: RuleFiles, facts: FactSchemas): Promise<VersionCheck> {
  const { version, diagnostics } = loadVersion(dir, files, facts);
  const tests = { passed: 0, failed: 0, failures: [] as CaseResult[] };
  if (!version || diagnostics.length) return { ok: false, version, diagnostics, tests };
  let results: CaseResult[];
  try {
    results = await runVersionTests(version, createRegistry([version], facts));
  } catch (e) {
    const d: Diagnostic = { code: 'bad_value', message: `compileren mislukt: ${(e as Error).message}`, file: `${dir}/ruleset.yaml`, line: 0, column: 0 };
    return { ok: false, version, diagnostics: [d], tests };
  }
  for (const r of results) {
    if (r.passed) tests.passed++;
    else { tests.failed++; tests.failures.push(r); }
  }
  return { ok: tests.failed === 0, version, diagnostics, tests };
}

/** Diagnostics and failed test cases as error details, each naming file:line:col. */
export function checkDetails(check: VersionCheck): AmendDetail[] {
  return [
    ...check.diagnostics.map((d) => ({
      pointer: d.pointer ?? '', message: `${d.file}:${d.line}:${d.column} ${d.message}`,
      code: d.code, file: d.file, line: d.line, column: d.column,
    })),
    ...check.tests.failures.map((t) => ({
      pointer: '', message: `${t.file}:${t.line}:${t.column} test "${t.name}" faalt: ${t.failures.join('; ')}`,
      code: 'test_failed', file: t.file, line: t.line, column: t.column, name: t.name, failures: t.failures,
    })),
  ];
}
