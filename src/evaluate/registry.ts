import { compileVersion, type CompiledVersion } from '../compile/compile-version.js';
import type { FactSchemas } from '../facts/fact-schemas.js';
import { IN_FORCE, type Protocol, type RuleSetVersion } from '../load/model.js';


/** An immutable set of compiled versions; reloading builds a new one and swaps it whole. */
export interface Registry {
  readonly versions: readonly CompiledVersion[];
  readonly facts: FactSchemas;
  protocols(): Protocol[];
  get(protocol: string, version: string): CompiledVersion | undefined;
  /** The version in force on a date: validFrom <= date <= validTo, status werkdocument or vastgesteld. */
  inForce(protocol: string, date: string): CompiledVersion | undefined;
  /** The newest version (by validFrom) of a protocol that has the decision, whatever its status. */
  newestWith(protocol: string, decision: string): CompiledVersion | undefined;
}

/**
 * Each model's compiled version, for as long as the model lives: a model kept from one load to the
 * next (load/version-load-cache.ts) is compiled once, and its compiled decisions (with the engines
 * and partitions kept per decision) serve every registry that has it.
 */
const compiledOf = new WeakMap<RuleSetVersion, { facts: FactSchemas; compiled: CompiledVersion }>();

function compiled(m: RuleSetVersion, facts: FactSchemas): CompiledVersion {
  const hit = compiledOf.get(m);
  if (hit?.facts === facts) return hit.compiled;
  const c = compileVersion(m, facts);
  compiledOf.set(m, { facts, compiled: c });
  return c;
}

export function createRegistry(models: RuleSetVersion[], facts: FactSchemas): Registry {
  const versions = Object.freeze(
    models.map((m) => compiled(m, facts)).sort((a, b) => a.meta.protocol.localeCompare(b.meta.protocol) || a.meta.validFrom.localeCompare(b.meta.validFrom) || a.meta.version.localeCompare(b.meta.version, undefined, { numeric: true })),
  );
  const byProtocol = new Map<string, CompiledVersion[]>();
  for (const v of versions) {
    const list = byProtocol.get(v.meta.protocol) ?? [];
    list.push(v);
    byProtocol.set(v.meta.protocol, list);
  }
  return {
    versions,
    facts,
    protocols: () => [...byProtocol.keys()] as Protocol[],
    get: (p, ver) => byProtocol.get(p)?.find((v) => v.meta.version === ver),
    inForce: (p, date) =>
      byProtocol.get(p)?.find((v) => IN_FORCE.has(v.meta.status) && v.meta.validFrom <= date && (!v.meta.validTo || date <= v.meta.validTo)),
    newestWith: (p, decision) => {
      const list = byProtocol.get(p) ?? [];
      for (let i = list.length - 1; i >= 0; i--) if (list[i].decisions.has(decision)) return list[i];
      return undefined;
    },
  };
}
