/**
 * OpenAPI paths of the operations endpoints: readiness (schemas/api/readiness.schema.json)
 * and the Prometheus metrics. Liveness (/healthz) is a core path.
 */
import type { OpenApiFragment } from './document.js';

export const opsOpenApi: OpenApiFragment = {
  schemas: {},
  paths: {
    '/readyz': {
      get: {
        summary: 'Readiness: the rules are loaded and (procedure mode) the store and the rules repository answer',
        security: [],
        responses: {
          200: { description: 'ready', content: { 'application/json': { schema: { $ref: '#/components/schemas/Readiness' } } } },
          503: { description: 'not_ready: a dependency did not answer (the body says which and why)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Readiness' } } } },
        },
      },
    },
    '/metrics': {
      get: {
        summary: 'Prometheus metrics of the process that answers (with serve --workers N, all workers together on METRICS_PORT)',
        description: 'Text exposition format 0.0.4. When METRICS_TOKEN is set, needs Authorization: Bearer <METRICS_TOKEN>.',
        security: [{}, { bearer: [] }],
        responses: {
          200: { description: 'the metrics', content: { 'text/plain': { schema: { type: 'string' } } } },
        },
      },
    },
  },
};
