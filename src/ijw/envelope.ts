/** The request envelopes of the iJw endpoints (schemas/api/ijw-*.schema.json), checked by ajv. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApiError, type ErrorDetail } from '../base/errors.js';
import { createAjv, errorMessage, requestPath, usefulErrors } from '../base/json-schema.js';
import { toPointer } from '../load/diagnostics.js';
import type { Allocation } from './judge-declaratie.js';

const read = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../../schemas/api/${name}.schema.json`, import.meta.url)), 'utf8'));

export const IJW_SCHEMAS = {
  IjwDeclaratieRequest: read('ijw-declaratie-request'),
  IjwToewijzingRequest: read('ijw-toewijzing-request'),
  IjwResponses: read('ijw-responses'),
};

export interface DeclaratieEnvelope {
  jw323: string;
  jw301?: string[];
  toewijzingen?: (Partial<Allocation> & { toewijzingNummer: number; ingangsdatum: string })[];
  eerderGedeclareerd?: Record<string, number>;
  explain?: boolean;
}

export interface ToewijzingEnvelope {
  jw315?: string;
  jw301?: string;
  /** The referrer of a JW301's products (a JW301 names none). */
  verwijzer?: { type: string };
  lopend?: string[];
}

const ajv = createAjv();
const checks = {
  declaratie: ajv.compile(IJW_SCHEMAS.IjwDeclaratieRequest),
  toewijzing: ajv.compile(IJW_SCHEMAS.IjwToewijzingRequest),
};

export function checkEnvelope<T>(kind: keyof typeof checks, body: unknown): T {
  const v = checks[kind];
  if (v(body)) return body as T;
  // Envelope errors name fields only; a value (perhaps a BSN) is never quoted.
  const details: ErrorDetail[] = usefulErrors(v.errors ?? []).map((e) => ({ pointer: toPointer(requestPath(e)), message: errorMessage(e).replace(/\d{9}/g, '*********') }));
  if (kind === 'toewijzing' && body && typeof body === 'object' && !details.length) details.push({ pointer: '', message: 'geef precies een van jw315 en jw301' });
  throw new ApiError('invalid', 'invalid_request', 'het verzoek heeft niet de vorm van het iJw-verzoek', details.length ? details : [{ pointer: '', message: 'verwacht een JSON-object' }]);
}
