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

export function createRegistry(models: RuleSetVersion[], facts: FactSchemas): Registry {
  const versions = Object.freeze(
    models.map((m) => compileVersion(m, facts)).sort((a, b) => a.meta.protocol.localeCompare(b.meta.protocol) || a.meta.validFrom.localeCompare(b.meta.validFrom) || a.meta.version.localeCompare(b.meta.version, undefined, { numeric: true })),
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
