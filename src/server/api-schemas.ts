import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAjv, errorMessage, errorPath, usefulErrors } from '../load/ajv.js';
import type { ErrorDetail } from '../evaluate/errors.js';
import { toPointer } from '../load/diagnostics.js';

const read = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../../schemas/api/${name}.schema.json`, import.meta.url)), 'utf8'));

/** The API's JSON Schemas (schemas/api), used both to validate bodies and in the OpenAPI document. */
export const API_SCHEMAS = {
  EvaluateRequest: read('evaluate-request'),
  EvaluateResponse: read('evaluate-response'),
  Error: read('error'),
} as const;

const ajv = createAjv();
const validateRequest = ajv.compile(API_SCHEMAS.EvaluateRequest);

/** Problems with an evaluate envelope, each with a JSON pointer below `prefix`. */
export function envelopeProblems(body: unknown, prefix = ''): ErrorDetail[] {
  if (validateRequest(body)) return [];
  return usefulErrors(validateRequest.errors ?? []).map((e) => ({ pointer: prefix + toPointer(errorPath(e)), message: errorMessage(e) }));
}
