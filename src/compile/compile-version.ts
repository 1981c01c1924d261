import type { RuleSetVersion } from '../load/model.js';
import { compileDecision, type CompiledDecision } from './compile-decision.js';
import { indexTable, type TableIndex } from '../load/table-index.js';
import type { RuleSetMeta } from '../load/model.js';
import type { FactSchemas } from '../facts/fact-schemas.js';

/** One version, compiled once and shared read-only by every evaluation. */
export interface CompiledVersion {
  meta: RuleSetMeta;
  dir: string;
  contentHash: string;
  decisions: Map<string, CompiledDecision>;
  tables: Map<string, TableIndex>;
  /** The checked model it was compiled from (for diff, tests and the read API). */
  source: RuleSetVersion;
  compileMs: number;
}

/** `facts` tells which request facts each decision may lack; the loader checked their stated meanings. */
export function compileVersion(v: RuleSetVersion, facts?: FactSchemas): CompiledVersion {
  const started = performance.now();
  const decisions = new Map(v.decisions.map((d) => [d.id, compileDecision(d, facts?.get(d.facts)?.optional, facts?.get(d.facts)?.schema)]));
  const tables = new Map(v.tables.map((t) => [t.id, indexTable(t)]));
  const compiled = { meta: v.meta, dir: v.dir, contentHash: v.contentHash, decisions, tables, source: v, compileMs: 0 };
  compiled.compileMs = performance.now() - started;
  return Object.freeze(compiled);
}
