/** The iJw endpoints sit behind the same key guard as evaluate, and are in the OpenAPI document. */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';
import { app, jw301, jw323, registry } from './fixtures.js';

describe('iJw endpoints and the service around them', () => {
  it('require an API key when the deployment sets keys', async () => {
    const guarded = createApp({ holder: createRegistryHolder(registry), logger: createLogger('silent'), today: () => '2025-03-10', apiKeys: ['geheim-sleutel-1234567890'] });
    const body = { jw323: jw323(), jw301: [jw301()] };
    const no = await request(guarded).post('/api/v1/ijw/declaratie').send(body);
    expect(no.status).toBe(401);
    expect(no.body.error.code).toBe('unauthenticated');
    const yes = await request(guarded).post('/api/v1/ijw/declaratie').set('X-API-Key', 'geheim-sleutel-1234567890').send(body);
    expect(yes.status).toBe(200);
  });

  it('are described in the OpenAPI document with their request schemas', async () => {
    const r = await request(app()).get('/api/openapi.json');
    const op = r.body.paths['/api/v1/ijw/declaratie'].post;
    expect(Object.keys(op.responses['200'].content)).toEqual(['application/xml', 'application/json']);
    expect(r.body.components.schemas.IjwDeclaratieRequest.required).toEqual(['jw323']);
    expect(r.body.paths['/api/v1/ijw/toewijzing'].post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/IjwToewijzingRequest');
  });
});
