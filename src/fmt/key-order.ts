/**
 * The canonical key order per kind of node: the order of `properties` in
 * schemas/rule-files.schema.json, so the schema stays the single source.
 */
import { readFileSync } from 'node:fs';
import { RULE_FILE_SCHEMA_PATH } from '../load/rule-file-schema.js';

type Defs = Record<string, { properties?: Record<string, unknown> }>;

let defs: Defs | undefined;

export function keyOrder(def: string): string[] {
  defs ??= (JSON.parse(readFileSync(RULE_FILE_SCHEMA_PATH, 'utf8')) as { $defs: Defs }).$defs;
  return Object.keys(defs[def]?.properties ?? {});
}
