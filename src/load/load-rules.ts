/**
 * The loader: YAML files -> checked model of every version, plus every problem
 * found, each with file:line:col. Stages run in order; a file that fails an
 * early stage is left out of later ones so one mistake is reported once.
 */
import { versionContentHash } from './content-hash.js';
import { loadRuleFileSchema, type RuleFileKind } from './rule-file-schema.js';
import { buildDecision, buildMeta, buildTable, buildTestSuite, locOf } from './build-model.js';
import { checkCalendarYears } from './check-calendar-years.js';
import { checkProtocolAgreement } from './check-protocol-agreement.js';
import { checkVersion } from './check-version.js';
import { sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { IN_FORCE, type Decision, type RuleSetVersion, type Table, type TestSuite } from './model.js';
import { groupByVersion, type RuleFiles } from './rule-source.js';
import { parseYamlFile, type YamlFile } from './yaml-file.js';
import type { FactSchemas } from '../facts/fact-schemas.js';
import { errorMessage, errorPath, usefulErrors } from '../base/json-schema.js';
import type { VersionLoadCache } from './version-load-cache.js';

export interface LoadResult {
  versions: RuleSetVersion[];
  diagnostics: Diagnostic[];
}

export function kindOf(path: string): RuleFileKind | undefined {
  const rest = path.split('/').slice(2).join('/');
  if (rest === 'ruleset.yaml') return 'ruleset';
  if (/^decisions\/[^/]+\.ya?ml$/.test(rest)) return 'decision';
  if (/^tables\/[^/]+\.ya?ml$/.test(rest)) return 'table';
  if (/^tests\/[^/]+\.ya?ml$/.test(rest)) return 'testSuite';
  return undefined;
}

/** Parses and schema-checks one file; returns its data when both succeed. */
export function checkFile(path: string, text: string): { file: YamlFile; ok: boolean; diagnostics: Diagnostic[] } {
  const file = parseYamlFile(path, text);
  const diagnostics = [...file.diagnostics];
  const kind = kindOf(path);
  if (!kind) {
    diagnostics.push({ code: 'missing_file', message: 'onbekend soort bestand: verwacht ruleset.yaml, decisions/, tables/ of tests/', file: path, line: 0, column: 0 });
    return { file, ok: false, diagnostics };
  }
  if (diagnostics.length) return { file, ok: false, diagnostics };
  const validate = loadRuleFileSchema(kind);
  if (!validate(file.data)) {
    for (const e of usefulErrors(validate.errors ?? [])) {
      const path = errorPath(e);
      diagnostics.push(file.at(path, 'schema', errorMessage(e), e.keyword === 'additionalProperties'));
    }
  }
  return { file, ok: diagnostics.length === 0, diagnostics };
}

function decisionIdOf(path: string, data: unknown): string {
  const id = (data as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : path.split('/').pop()!.replace(/\.ya?ml$/, '');
}

export function loadVersion(dir: string, files: RuleFiles, facts: FactSchemas): { version?: RuleSetVersion; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const parsed = new Map<string, YamlFile>();
  const decisions: Decision[] = [];
  const tables: Table[] = [];
  const tests: TestSuite[] = [];
  let metaData: Record<string, unknown> | undefined;
  const brokenDecisions = new Set<string>();
  const brokenTables = new Set<string>();

  // Stage 1-2: syntax and schema, per file.
  for (const [path, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const { file, ok, diagnostics: d } = checkFile(path, text);
    parsed.set(path, file);
    diagnostics.push(...d);
    if (!ok) {
      // Remember which decision is broken so tests naming it are skipped, not reported as a second problem.
      if (kindOf(path) === 'decision') brokenDecisions.add(decisionIdOf(path, file.data));
      if (kindOf(path) === 'table') brokenTables.add(decisionIdOf(path, file.data));
      continue;
    }
    const data = file.data as Record<string, unknown>;
    // Stage 3: build the model (with positions).
    switch (kindOf(path)) {
      case 'ruleset': metaData = data; break;
      case 'decision': decisions.push(buildDecision(file, data, diagnostics)); break;
      case 'table': tables.push(buildTable(file, data)); break;
      case 'testSuite': tests.push(buildTestSuite(file, data)); break;
    }
  }
  const rulesetPath = `${dir}/ruleset.yaml`;
  if (!files.has(rulesetPath)) {
    diagnostics.push({ code: 'missing_file', message: `versie ${dir} heeft geen ruleset.yaml`, file: rulesetPath, line: 0, column: 0 });
  }
  if (!metaData) return { diagnostics: sortDiagnostics(diagnostics) };

  const version: RuleSetVersion = {
    meta: buildMeta(metaData),
    dir,
    decisions: decisions.sort((a, b) => a.id.localeCompare(b.id)),
    tables,
    tests,
    files: parsed,
    contentHash: versionContentHash(dir, files), // of the files as tagged (content-hash.ts)
    metaLoc: locOf(parsed.get(rulesetPath)!, []),
  };
  // Stage 4: semantics (ids, facts, tables, outcomes, tests) across the version's files.
  diagnostics.push(...checkVersion(version, facts, brokenDecisions, brokenTables));
  diagnostics.push(...checkCalendarYears(version));
  return { version, diagnostics: sortDiagnostics(diagnostics) };
}

/**
 * Loads every version in a tree and checks that in-force versions of one protocol do not overlap in time.
 * With a cache, a version whose files did not change since the cache's last load is taken from it.
 */
export function loadRules(files: RuleFiles, facts: FactSchemas, cache?: VersionLoadCache): LoadResult {
  const diagnostics: Diagnostic[] = [];
  const versions: RuleSetVersion[] = [];
  for (const [dir, group] of [...groupByVersion(files)].sort(([a], [b]) => a.localeCompare(b))) {
    if (dir === '') {
      for (const path of group.keys()) diagnostics.push({ code: 'missing_file', message: 'regelbestand hoort in <protocol>/<versie>/', file: path, line: 0, column: 0 });
      continue;
    }
    const r = cache ? cache.get(dir, group, facts, () => loadVersion(dir, group, facts)) : loadVersion(dir, group, facts);
    diagnostics.push(...r.diagnostics);
    if (r.version) versions.push(r.version);
  }
  cache?.settle();
  diagnostics.push(...checkOverlap(versions));
  diagnostics.push(...checkProtocolAgreement(versions));
  return { versions, diagnostics: sortDiagnostics(diagnostics) };
}

export function checkOverlap(versions: RuleSetVersion[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const inForce = versions.filter((v) => IN_FORCE.has(v.meta.status)).sort((a, b) => a.meta.validFrom.localeCompare(b.meta.validFrom));
  for (let i = 0; i < inForce.length; i++) {
    for (let j = i + 1; j < inForce.length; j++) {
      const a = inForce[i];
      const b = inForce[j];
      if (a.meta.protocol !== b.meta.protocol) continue;
      const aEnd = a.meta.validTo ?? '9999-12-31';
      const bEnd = b.meta.validTo ?? '9999-12-31';
      if (b.meta.validFrom <= aEnd && a.meta.validFrom <= bEnd) {
        const f = b.files.get(`${b.dir}/ruleset.yaml`)!;
        out.push(f.at(['validFrom'], 'overlapping_versions',
          `${b.meta.protocol} ${b.meta.version} (${b.meta.validFrom} t/m ${b.meta.validTo ?? 'open'}) overlapt met ${a.meta.version} (${a.meta.validFrom} t/m ${a.meta.validTo ?? 'open'})`));
      }
    }
  }
  return out;
}
