/** Helpers for one version's slice of a rule tree ("<protocol>/<version>/..."). */
import type { RuleFiles } from '../load/rule-source.js';

export { versionDir } from '../base/rule-tree.js';

export function filesOfVersion(all: RuleFiles, dir: string): RuleFiles {
  const out: RuleFiles = new Map();
  for (const [path, text] of all) if (path.startsWith(`${dir}/`)) out.set(path, text);
  return out;
}

/** A version's files, keyed by their path relative to the version folder. */
export function relativeTo(all: RuleFiles, dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, text] of all) if (path.startsWith(`${dir}/`)) out.set(path.slice(dir.length + 1), text);
  return out;
}

/** The base version's files with the changed ones laid over them. */
export function overlay(base: RuleFiles, changed: { path: string; text: string }[]): RuleFiles {
  const out = new Map(base);
  for (const f of changed) out.set(f.path, f.text);
  return out;
}

/** The same files under another version directory. */
export function rehome(files: RuleFiles, fromDir: string, toDir: string): RuleFiles {
  const out: RuleFiles = new Map();
  for (const [path, text] of files) out.set(path.startsWith(`${fromDir}/`) ? `${toDir}/${path.slice(fromDir.length + 1)}` : path, text);
  return out;
}

const FILE_SHAPE = /^(ruleset\.ya?ml|(decisions|tables|tests)\/[A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml)$/;

/** Problems with the paths of a proposal's files (they must lie in the base version's directory). */
export function pathProblems(dir: string, files: unknown[]): { pointer: string; message: string }[] {
  const out: { pointer: string; message: string }[] = [];
  const seen = new Set<string>();
  files.forEach((raw, i) => {
    const f = (raw && typeof raw === 'object' ? raw : {}) as { path?: unknown; text?: unknown };
    if (typeof f.path !== 'string' || !f.path.startsWith(`${dir}/`) || !FILE_SHAPE.test(f.path.slice(dir.length + 1))) {
      out.push({ pointer: `/files/${i}/path`, message: `pad moet liggen in ${dir}/ (ruleset.yaml, decisions/, tables/ of tests/), kreeg ${JSON.stringify(f.path)}` });
    } else if (seen.has(f.path)) {
      out.push({ pointer: `/files/${i}/path`, message: `${f.path} staat twee keer in het voorstel` });
    } else seen.add(f.path);
    if (typeof f.text !== 'string') out.push({ pointer: `/files/${i}/text`, message: 'text moet een tekst (YAML) zijn' });
  });
  return out;
}
