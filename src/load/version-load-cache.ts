/**
 * Loaded versions kept from one load of a rule tree to the next, for a process that loads the same
 * tree again and again (a service after every adoption, a worker that checks each adoption). A
 * version's load depends only on its folder, its files' texts and the fact schemas, so a version
 * whose files are byte for byte the same is not parsed, checked and compiled again: the same model
 * (and, through createRegistry, the same compiled version) serves the next generation.
 *
 * Bounded by what is served: each load keeps only the versions of that load, so a version that left
 * the tree, or whose files changed (a derived end date), is dropped with the generation that had it.
 * Without this, every adoption loaded all N versions again: work and garbage per adoption grew with
 * the number of versions adopted, and so did the heap V8 kept for it (docs/operations.md, soak).
 */
import { createHash } from 'node:crypto';
import type { FactSchemas } from '../facts/fact-schemas.js';
import type { Diagnostic } from './diagnostics.js';
import type { RuleSetVersion } from './model.js';

export interface LoadedVersion {
  version?: RuleSetVersion;
  diagnostics: Diagnostic[];
}

export interface VersionLoadCache {
  /** The load of one version folder: the kept one when folder and files are unchanged, else `load()`'s. */
  get(dir: string, files: ReadonlyMap<string, string>, facts: FactSchemas, load: () => LoadedVersion): LoadedVersion;
  /** Ends a load of the whole tree: only the versions asked for since the last `settle()` stay. */
  settle(): void;
  /** Versions kept (for tests and the soak's probe). */
  size(): number;
}

/** The identity of a version's input: folder and every path and text, in path order. */
function inputKey(dir: string, files: ReadonlyMap<string, string>): string {
  const h = createHash('sha256').update(dir).update('\0');
  for (const path of [...files.keys()].sort()) h.update(path).update('\0').update(files.get(path)!).update('\0');
  return h.digest('hex');
}

export function createVersionLoadCache(): VersionLoadCache {
  let kept = new Map<string, LoadedVersion>();
  let used = new Map<string, LoadedVersion>();
  let keptFacts: FactSchemas | undefined;
  return {
    get(dir, files, facts, load) {
      if (facts !== keptFacts) {
        // Other fact schemas give other checks: nothing kept applies.
        kept = new Map();
        used = new Map();
        keptFacts = facts;
      }
      const key = inputKey(dir, files);
      const hit = used.get(key) ?? kept.get(key);
      const loaded = hit ?? load();
      used.set(key, loaded);
      return loaded;
    },
    settle() {
      kept = used;
      used = new Map();
    },
    size: () => kept.size,
  };
}
