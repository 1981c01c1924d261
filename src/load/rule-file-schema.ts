import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { createAjv } from '../base/json-schema.js';

export type RuleFileKind = 'ruleset' | 'decision' | 'table' | 'testSuite';

export const RULE_FILE_SCHEMA_PATH = fileURLToPath(new URL('../../schemas/rule-files.schema.json', import.meta.url));

let compiled: Map<RuleFileKind, ValidateFunction> | undefined;

/** The ajv validator for one kind of rule file, from the single schema in schemas/. */
export function loadRuleFileSchema(kind: RuleFileKind): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(RULE_FILE_SCHEMA_PATH, 'utf8'));
    const ajv = createAjv();
    ajv.addSchema(schema);
    compiled = new Map();
    for (const k of ['ruleset', 'decision', 'table', 'testSuite'] as const) {
      compiled.set(k, ajv.getSchema(`${schema.$id}#/$defs/${k}`)!);
    }
  }
  return compiled.get(kind)!;
}
