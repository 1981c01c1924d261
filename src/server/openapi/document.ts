import { API_SCHEMAS } from '../api-schemas.js';
import { corePaths, coreSchemas } from './core-paths.js';

export interface OpenApiFragment {
  paths: Record<string, object>;
  schemas: Record<string, object>;
}

/** Strips $schema/$id so the API's JSON Schemas can sit under components. */
function asComponent(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

/** The served OpenAPI 3.1 document: the core paths plus the fragments of the mounted features. */
export function openApiDocument(fragments: OpenApiFragment[] = []): Record<string, unknown> {
  const schemas: Record<string, object> = {};
  const paths: Record<string, object> = {};
  for (const f of fragments) {
    Object.assign(schemas, f.schemas);
    Object.assign(paths, f.paths);
  }
  Object.assign(schemas, coreSchemas, {
    EvaluateRequest: asComponent(API_SCHEMAS.EvaluateRequest),
    EvaluateResponse: asComponent(API_SCHEMAS.EvaluateResponse),
    Error: asComponent(API_SCHEMAS.Error),
  });
  Object.assign(paths, corePaths);
  return {
    openapi: '3.1.0',
    info: {
      title: 'IJsselland protocolregels',
      version: '1.0.0',
      description: 'Evaluates the RTP and RAP of youth-care region IJsselland: decisions with reasons, rule ids, sources and iJw return codes, from the version in force on the reference date.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        bearer: { type: 'http', scheme: 'bearer' },
        session: { type: 'apiKey', in: 'cookie', name: 'pr_session' },
      },
    },
  };
}
