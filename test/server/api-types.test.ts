/** The editor's API types are generated from schemas/api: the committed file is exactly what the schemas give. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../../src/server/api-types.js';

it('schemas/api/api-types.d.ts matches the schemas (run `npm run api-types` after changing one)', async () => {
  const generated = await generateApiTypes();
  expect(generated).toContain('export interface ProposalCreate');
  expect(generated).toContain("outcome: string");
  expect(readFileSync(API_TYPES_FILE, 'utf8')).toBe(generated);
});
