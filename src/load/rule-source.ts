import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The rule files of a tree: relative path (forward slashes) -> YAML text. */
export type RuleFiles = Map<string, string>;

/** Reads every *.yaml under a rules root, e.g. rules/rap/2.0/decisions/declaratie.yaml -> "rap/2.0/decisions/declaratie.yaml". */
export function readRuleFiles(root: string): RuleFiles {
  const out: RuleFiles = new Map();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.yaml') || name.endsWith('.yml')) out.set(relative(root, full).split(sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  return out;
}

/** Groups files by version directory: "<protocol>/<version>". Files outside that shape are returned under "". */
export function groupByVersion(files: RuleFiles): Map<string, RuleFiles> {
  const groups = new Map<string, RuleFiles>();
  for (const [path, text] of files) {
    const parts = path.split('/');
    const key = parts.length >= 3 ? `${parts[0]}/${parts[1]}` : '';
    if (!groups.has(key)) groups.set(key, new Map());
    groups.get(key)!.set(path, text);
  }
  return groups;
}
