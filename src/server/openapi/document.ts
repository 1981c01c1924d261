/**
 * The served OpenAPI 3.1 document, generated: request and error bodies are the
 * JSON Schemas of schemas/api (the same ones ajv validates with), paths come
 * from the core and the mounted features, and every operation gets an
 * operationId, its security and a 4xx answer here, in one place.
 */
import { API_SCHEMAS, schemaWithRefsTo } from '../../contract/api-schemas.js';
import { corePaths, coreSchemas } from './core-paths.js';
import type { DecisionContract } from './decision-contract.js';
import { addErrorCodes } from './responses.js';

export interface OpenApiFragment {
  paths: Record<string, object>;
  schemas: Record<string, object>;
}

/** Strips $schema/$id and points file references (rule-file.schema.json) at the components. */
const asComponent = (schema: unknown) => schemaWithRefsTo(schema, '#/components/schemas/');

type Op = Record<string, unknown> & { responses: Record<string, unknown>; operationId?: string; security?: unknown[]; summary?: string };
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

/** Who may call a path: public, evaluate (open unless keys are required), staff tools, or a logged-in user. */
export function securityOf(path: string): unknown[] {
  if (path.startsWith('/api/v1/evaluate') || path.startsWith('/api/v1/ijw')) return [{}, { apiKey: [] }, { bearer: [] }, { session: [] }];
  if (path.startsWith('/api/v1/drafts') || path === '/api/v1/impact') return [{ session: [] }, { apiKey: [] }, { bearer: [] }];
  if (path === '/api/v1/auth/login' || path.startsWith('/api/v1/rulesets') || path.startsWith('/api/v1/schemas') || path === '/api/openapi.json' || path === '/healthz') return [];
  return [{ session: [] }];
}

/** A readable, stable operationId from method and path: post /api/v1/proposals/{id}/submit -> postProposalsByIdSubmit. */
export function operationIdOf(method: string, path: string): string {
  const words = path.replace(/^\/api\/v1\//, '/').replace(/^\/api\//, '/').split('/').filter(Boolean)
    .map((w) => (w.startsWith('{') ? `by-${w.slice(1, -1)}` : w))
    .flatMap((w) => w.split(/[^A-Za-z0-9]+/)).filter(Boolean);
  return method + words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

/**
 * Adds what every operation must state: operationId, security, and the answers every operation of its
 * kind can give whatever its route does: 401 where a login or key may be needed (or a key is presented),
 * and for every write the body's own faults (not JSON, too large, not a JSON media type).
 */
function complete(paths: Record<string, Record<string, Op>>): void {
  for (const [path, ops] of Object.entries(paths)) {
    for (const method of METHODS) {
      const op = ops[method];
      if (!op) continue;
      op.operationId ??= operationIdOf(method, path);
      op.security ??= securityOf(path);
      if ((op.security as object[]).some((s) => Object.keys(s).length > 0)) {
        addErrorCodes(op.responses, '401', ['unauthenticated'], 'no login or API key where one is needed, or an unknown or malformed API key (a key that is presented is always checked)');
      }
      if (method !== 'get' && path.startsWith('/api/')) {
        addErrorCodes(op.responses, '400', ['invalid_request'], 'the body is not JSON');
        addErrorCodes(op.responses, '413', ['payload_too_large'], 'the body is over the limit of this route (docs/limits.md)');
        addErrorCodes(op.responses, '415', ['unsupported_media_type'], 'the body is not application/json or +json, not UTF-8, or in an unknown Content-Encoding');
      }
      if (!Object.keys(op.responses).some((s) => /^4\d\d$/.test(s))) addErrorCodes(op.responses, '404', ['not_found'], 'no such resource');
    }
  }
}

type Content = Record<string, { examples?: Record<string, { summary: string; value: unknown }>; example?: unknown }>;
const contentOf = (x: unknown) => (x as { content?: Content } | undefined)?.content?.['application/json'];

/** The examples of the served rules (requests from their test cases and the answers to them) on the operations they belong to. */
function addRuleExamples(paths: Record<string, Record<string, Op>>, contract: DecisionContract): void {
  const set = (path: string, method: string, where: 'request' | string, examples: Record<string, { summary: string; value: unknown }>) => {
    const op = paths[path]?.[method];
    const c = contentOf(where === 'request' ? op?.requestBody : op?.responses[where]);
    if (c && Object.keys(examples).length) c.examples = examples;
  };
  const x = contract.examples;
  set('/api/v1/evaluate', 'post', 'request', x.evaluate);
  set('/api/v1/evaluate', 'post', '200', x.evaluateAnswer);
  for (const [status, examples] of Object.entries(x.evaluateErrors)) set('/api/v1/evaluate', 'post', status, examples);
  set('/api/v1/evaluate/batch', 'post', 'request', { batch: x.batch });
  set('/api/v1/evaluate/batch', 'post', '200', { batch: x.batchAnswer });
  if (x.decisions) set('/api/v1/rulesets/{protocol}/{version}/decisions', 'get', '200', { decisions: x.decisions });
  if (x.draftEvaluate) set('/api/v1/drafts/evaluate', 'post', 'request', { unchanged: x.draftEvaluate });
}

/** The served OpenAPI 3.1 document: the core paths plus the fragments of the mounted features. */
export function openApiDocument(fragments: OpenApiFragment[] = [], contract?: DecisionContract): Record<string, unknown> {
  const schemas: Record<string, unknown> = {};
  const paths: Record<string, Record<string, Op>> = {};
  for (const f of fragments) {
    Object.assign(schemas, f.schemas);
    Object.assign(paths, structuredClone(f.paths));
  }
  Object.assign(schemas, coreSchemas);
  for (const [title, schema] of Object.entries(API_SCHEMAS)) schemas[title] = asComponent(schema);
  Object.assign(paths, structuredClone(corePaths));
  if (contract) {
    Object.assign(schemas, contract.schemas);
    addRuleExamples(paths, contract);
  }
  complete(paths);
  return {
    openapi: '3.1.0',
    info: {
      title: 'IJsselland protocolregels',
      version: '1.0.0',
      description: 'Evaluates the RTP and RAP of youth-care region IJsselland: decisions with reasons, rule ids, sources and iJw return codes, from the version in force on the reference date. Errors are always JSON ({ error: { code, message, details, truncated? } }); details hold at most 100 entries.',
    },
    servers: [{ url: 'http://127.0.0.1:3000', description: 'the service on its default address (PORT, HOST)' }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'an API key (API_KEYS, or `protocolregels user add-key`)' },
        bearer: { type: 'http', scheme: 'bearer', description: 'the same API key as Authorization: Bearer <key>' },
        session: { type: 'apiKey', in: 'cookie', name: 'pr_session', description: 'the session cookie of POST /api/v1/auth/login; writes also need X-CSRF-Token' },
      },
    },
  };
}
