/**
 * The API's JSON Schemas (schemas/api): the single source for validating
 * request bodies (here, with ajv), for the OpenAPI document's components
 * (src/server/openapi) and for the editor's API types (npm run api-types).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createAjv, createFirstErrorAjv, errorMessage, requestPath } from '../base/json-schema.js';
import { boundedValidator, type BoundedValidate } from '../facts/bounded-validate.js';
import { ApiError, type ErrorDetail } from '../base/errors.js';
import { pointerToken, toPointer } from '../base/json-pointer.js';
import type { ApiSchemas } from '../../schemas/api/api-types.js';

export const API_SCHEMA_DIR = fileURLToPath(new URL('../../schemas/api/', import.meta.url));

/** Every schemas/api/<file>.schema.json by its title (EvaluateRequest, ProposalCreate, ...). */
function readAll(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const f of readdirSync(API_SCHEMA_DIR).filter((n) => n.endsWith('.schema.json')).sort()) {
    const s = JSON.parse(readFileSync(API_SCHEMA_DIR + f, 'utf8')) as Record<string, unknown>;
    out[String(s.title)] = s;
  }
  return out;
}

export const API_SCHEMAS: Record<string, Record<string, unknown>> = readAll();
/** A schema's title, e.g. EvaluateRequest. */
export type ApiSchemaName = string;

const full = createAjv();
const first = createFirstErrorAjv();
for (const s of Object.values(API_SCHEMAS)) {
  full.addSchema(s);
  first.addSchema(s);
}
const validators = new Map<string, BoundedValidate>();
function validatorOf(name: string): BoundedValidate {
  let v = validators.get(name);
  if (!v) {
    const schema = API_SCHEMAS[name];
    if (!schema) throw new Error(`geen API-schema ${name}`);
    v = boundedValidator(full, first, { $ref: String(schema.$id) });
    validators.set(name, v);
  }
  return v;
}


/**
 * Problems of `body` against an API schema, each with a JSON pointer below
 * `prefix`, in the order the schema lists its fields (bounded: see facts/bounded-validate).
 */
export function schemaProblems(name: ApiSchemaName, body: unknown, prefix = ''): ErrorDetail[] {
  const { errors } = validatorOf(name)(body);
  if (!errors.length) return [];
  const order = Object.keys((API_SCHEMAS[name].properties ?? {}) as object);
  const rank = (path: string[]) => (path.length && order.includes(path[0]) ? order.indexOf(path[0]) : order.length);
  return errors
    .map((e, i) => ({ e, i, path: requestPath(e) }))
    .sort((a, b) => rank(a.path) - rank(b.path) || a.i - b.i)
    .map(({ e, path }) => ({ pointer: prefix + toPointer(path), message: errorMessage(e) }));
}

/** Problems with an evaluate envelope, each with a JSON pointer below `prefix`. */
export function envelopeProblems(body: unknown, prefix = ''): ErrorDetail[] {
  return schemaProblems('EvaluateRequest', body, prefix);
}

/** A definition of the contract with a generated type (schemas/api/api-types.d.ts, `npm run api-types`). */
export type ContractName = keyof ApiSchemas & ApiSchemaName;
/** The generated type of a contract definition. */
export type ContractType<N extends ContractName> = NonNullable<ApiSchemas[N]>;

/** Returns the body, typed by the contract, when it fits the schema; else throws 400 invalid_request with every problem's pointer. */
export function validateBody<N extends ContractName>(name: N, body: unknown): ContractType<N> {
  const problems = schemaProblems(name, body);
  if (problems.length) throw new ApiError('invalid', 'invalid_request', `het verzoek heeft niet de vorm van ${name}`, problems);
  return body as ContractType<N>;
}

/** A NUL character or a lone surrogate: text that cannot be stored or committed faithfully. */
const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Pointers (at most `max`) to strings or keys in `body` that hold a NUL character or a lone surrogate. */
export function badTextPointers(body: unknown, max = 100): string[] {
  const out: string[] = [];
  const esc = pointerToken;
  const stack: [unknown, string][] = [[body, '']];
  while (stack.length && out.length < max) {
    const [v, at] = stack.pop()!;
    if (typeof v === 'string') {
      if (BAD_TEXT.test(v)) out.push(at);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${at}/${i}`]);
    } else if (v && typeof v === 'object') {
      for (const k of Object.keys(v).reverse()) {
        if (BAD_TEXT.test(k)) out.push(`${at}/${esc(k.replace(BAD_TEXT, '?'))}`);
        stack.push([(v as Record<string, unknown>)[k], `${at}/${esc(k)}`]);
      }
    }
  }
  return out;
}

/** Throws 400 invalid_request when any string in the body holds a NUL character or a lone surrogate. */
export function requireCleanText(body: unknown): void {
  const bad = badTextPointers(body);
  if (bad.length) {
    throw new ApiError('invalid', 'invalid_request', 'tekst met een NUL-teken of een losse surrogaat (ongeldige Unicode) wordt niet aangenomen',
      bad.map((pointer) => ({ pointer, message: 'bevat een NUL-teken of ongeldige Unicode' })));
  }
}

/** What a request body is checked for once parsed: its API schema, clean text, and what an absent body is checked as. */
export interface BodyCheck {
  schema?: ContractName;
  cleanText?: boolean;
  /** An absent body (no body sent) is checked against the schema as this value (e.g. `{}`); by default as it is. */
  absent?: unknown;
}

/** Checks a parsed body (validateBody, then requireCleanText) as the check says; returns the body as it is. */
export function checkParsedBody(body: unknown, check: BodyCheck): unknown {
  if (check.schema) validateBody(check.schema, body === undefined && check.absent !== undefined ? check.absent : body);
  if (check.cleanText) requireCleanText(body);
  return body;
}

const FILE_TO_TITLE = new Map(Object.values(API_SCHEMAS).map((s) => [String(s.$id).split('/').pop()!, String(s.title)]));

/**
 * An API schema for embedding in one document (the OpenAPI components, the generated client types): $schema and
 * $id dropped, and file references (rule-file.schema.json) pointed at `${prefix}<title>` in that document.
 */
export function schemaWithRefsTo(schema: unknown, prefix: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => schemaWithRefsTo(s, prefix));
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$schema' || k === '$id') continue;
    out[k] = k === '$ref' && typeof v === 'string' && FILE_TO_TITLE.has(v) ? `${prefix}${FILE_TO_TITLE.get(v)}` : schemaWithRefsTo(v, prefix);
  }
  return out;
}
