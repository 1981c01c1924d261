/** The procedure's endpoints are in the served OpenAPI document. */
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startService, type TestService } from './helpers.js';

let svc: TestService;
beforeAll(async () => { svc = await startService(); });
afterAll(() => svc?.close());

it('describes every route of the procedure and auth', async () => {
  const doc = (await request(svc.app).get('/api/openapi.json').expect(200)).body;
  const routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
  for (const r of [
    'POST /api/v1/auth/login', 'POST /api/v1/auth/logout', 'GET /api/v1/auth/me',
    'GET /api/v1/proposals', 'POST /api/v1/proposals', 'GET /api/v1/proposals/{id}', 'PATCH /api/v1/proposals/{id}',
    'POST /api/v1/proposals/{id}/submit', 'POST /api/v1/proposals/{id}/transition', 'POST /api/v1/proposals/{id}/comments', 'POST /api/v1/proposals/{id}/consents',
    'GET /api/v1/providers', 'POST /api/v1/providers', 'GET /api/v1/adoptions', 'POST /api/v1/adoptions', 'GET /api/v1/explanations',
  ]) expect(routes).toContain(r);
  expect(doc.components.schemas.ProposalDetail).toBeDefined();
  expect(doc.components.securitySchemes.session.name).toBe('pr_session');
  // Every $ref in the procedure's paths resolves.
  const refs = JSON.stringify(doc).match(/#\/components\/schemas\/[A-Za-z0-9]+/g) ?? [];
  for (const ref of refs) expect(doc.components.schemas[ref.split('/').pop()!], ref).toBeDefined();
});
