/**
 * Checks a changed version the way the pipeline does: load, compile, then run
 * every test case beside it. The version is checked on its own (not against
 * the other versions of the protocol), pinned, so its status does not matter.
 * The work runs in a worker of the check pool (src/offload) with its time
 * budget: a proposal with hostile files is refused with a diagnostic, and the
 * service keeps answering meanwhile.
 */
import { createHash } from 'node:crypto';
import type { SemanticDiff } from '../diff/semantic-diff.js';
import type { FactSchemas } from '../facts/fact-schemas.js';
import { compileFailure, type Diagnostic } from '../load/diagnostics.js';
import { problemPlace, sentFilePointer } from '../base/problem.js';
import type { RuleFiles } from '../load/rule-source.js';
import { CheckRefused, sharedCheckPool, type CheckPool } from '../offload/check-pool.js';
import type { CaseResult } from '../testing/run-tests.js';
import type { AmendDetail } from './errors.js';
import { blobId } from './item-index.js';

export interface VersionCheck {
  ok: boolean;
  diagnostics: Diagnostic[];
  tests: { passed: number; failed: number; failures: CaseResult[] };
}

/**
 * `facts` must be the project's fact schemas (schemas/facts): the worker loads
 * its own copy of them, since compiled schemas cannot cross threads.
 */
export async function checkChangedVersion(dir: string, files: RuleFiles, _facts: FactSchemas, pool: CheckPool = sharedCheckPool()): Promise<VersionCheck> {
  const tests = { passed: 0, failed: 0, failures: [] as CaseResult[] };
  const whole = (message: string): VersionCheck => ({ ok: false, diagnostics: [{ code: 'limit_exceeded', message, file: `${dir}/ruleset.yaml`, line: 0, column: 0 }], tests });
  let result;
  try {
    result = await pool.run({ kind: 'check', version: { dir, files: [...files] } });
  } catch (e) {
    if (e instanceof CheckRefused) return whole(e.message);
    throw e;
  }
  if (result.kind !== 'check') throw new Error('unexpected check result');
  const { diagnostics } = result;
  if (!result.loaded || diagnostics.length) return { ok: false, diagnostics, tests };
  if (result.compileError !== undefined) {
    return { ok: false, diagnostics: [compileFailure(dir, result.compileError)], tests };
  }
  for (const r of result.cases) {
    if (r.passed) tests.passed++;
    else { tests.failed++; tests.failures.push(r); }
  }
  return { ok: tests.failed === 0, diagnostics, tests };
}

/** Diffs kept per revision (base and changed files by git blob id); at most this many. */
const MAX_DIFFS = 200;
const diffs = new Map<string, SemanticDiff | null>();

/**
 * The semantic diff base -> changed version of a proposal, computed in the check
 * pool (loading two versions costs the event loop too much) once per revision
 * and kept; null while the changed version does not load cleanly, or when the
 * check was refused (a full pool is not remembered: the next view tries again).
 */
export async function proposalDiff(dir: string, base: RuleFiles, changed: { path: string; text: string }[], pool: CheckPool = sharedCheckPool()): Promise<SemanticDiff | null> {
  const version = new Map(base);
  for (const f of changed) version.set(f.path, f.text);
  const key = createHash('sha1').update(dir).update([...base, ['', ''], ...version].map(([p, t]) => `${p}\0${blobId(t)}`).join('\n')).digest('hex');
  if (diffs.has(key)) return diffs.get(key)!;
  const remember = (d: SemanticDiff | null) => {
    diffs.set(key, d);
    if (diffs.size > MAX_DIFFS) diffs.delete(diffs.keys().next().value!);
    return d;
  };
  try {
    const r = await pool.run({ kind: 'diff', base: { dir, files: [...base] }, version: { dir, files: [...version] } });
    return remember(r.kind === 'diff' && r.diff && !r.diagnostics.length ? r.diff : null);
  } catch (e) {
    if (!(e instanceof CheckRefused)) throw e;
    return e.reason === 'budget' || e.reason === 'memory' ? remember(null) : null;
  }
}

/**
 * Diagnostics and failed test cases as error details, each naming file:line:col. `pointer` points at the
 * proposal's file as it was sent (`/files/<i>/text` of `files`), or else at what in the request named the
 * version (`at`: /path/id, /proposalIds); `filePointer` points into the rule file.
 */
export function checkDetails(check: VersionCheck, at: string, files: readonly { path: string }[] = []): AmendDetail[] {
  const where = sentFilePointer(files, '/files', at);
  return [
    ...check.diagnostics.map((d) => ({
      pointer: where(d.file), message: `${problemPlace(d)} ${d.message}`,
      code: d.code, file: d.file, line: d.line, column: d.column, ...(d.pointer ? { filePointer: d.pointer } : {}),
    })),
    ...check.tests.failures.map((t) => ({
      pointer: where(t.file), message: `${problemPlace(t)} test "${t.name}" faalt: ${t.failures.join('; ')}`,
      code: 'test_failed', file: t.file, line: t.line, column: t.column, name: t.name, failures: t.failures,
    })),
  ];
}
