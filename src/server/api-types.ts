/**
 * TypeScript types for API clients (the editor), generated from the same
 * schemas/api JSON Schemas that validate the bodies and make the OpenAPI
 * document, so client, validation and docs cannot drift.
 * `npm run api-types` writes schemas/api/api-types.d.ts; a test checks that
 * the committed file is what the schemas give.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import { API_SCHEMAS, API_SCHEMA_DIR, schemaWithRefsTo } from '../contract/api-schemas.js';

export const API_TYPES_FILE = `${API_SCHEMA_DIR}api-types.d.ts`;

/** The declarations of every API schema, by its title. */
export async function generateApiTypes(): Promise<string> {
  const $defs = Object.fromEntries(Object.entries(API_SCHEMAS).sort(([a], [b]) => a.localeCompare(b)).map(([title, s]) => [title, { ...(schemaWithRefsTo(s, '#/$defs/') as object), title }]));
  const root = { title: 'ApiSchemas', type: 'object', additionalProperties: false, properties: Object.fromEntries(Object.keys($defs).map((t) => [t, { $ref: `#/$defs/${t}` }])), $defs };
  return compile(root as never, 'ApiSchemas', {
    bannerComment: '/* Generated from schemas/api/*.schema.json by `npm run api-types` (src/server/api-types.ts). Do not edit. */',
    additionalProperties: false,
    unreachableDefinitions: true,
    declareExternallyReferenced: true,
    format: true,
    style: { singleQuote: true, printWidth: 140 },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--write')) {
  writeFileSync(API_TYPES_FILE, await generateApiTypes());
  process.stdout.write(`${API_TYPES_FILE}\n`);
}
