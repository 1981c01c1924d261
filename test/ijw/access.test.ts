/** The iJw endpoints sit behind the same key guard as evaluate, and are in the OpenAPI document. */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';
import { IJW_SCHEMAS } from '../../src/ijw/envelope.js';
import { createAjv } from '../../src/base/json-schema.js';
import { app, jw301, jw323, line, BSN, registry } from './fixtures.js';

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

  it('answer as their documented schemas say (JSON twin, allocation answer)', async () => {
    const ajv = createAjv();
    ajv.addSchema(IJW_SCHEMAS.IjwResponses);
    const id = IJW_SCHEMAS.IjwResponses.$id as string;
    const twin = ajv.getSchema(`${id}#/$defs/Jw325Json`)!;
    const allocation = ajv.getSchema(`${id}#/$defs/ToewijzingAnswer`)!;
    const a = app();
    for (const body of [{ jw323: jw323(), jw301: [jw301()] }, { jw323: jw323([{ bsn: BSN, lines: [line({ toewijzingNummer: 5 })] }]) }, { jw323: jw323(undefined, { dagtekening: '2025-02-01' }) }]) {
      const r = await request(a).post('/api/v1/ijw/declaratie').set('Accept', 'application/json').send(body);
      expect(twin(r.body), JSON.stringify(twin.errors)).toBe(true);
    }
    const t = await request(a).post('/api/v1/ijw/toewijzing').send({ jw301: jw301(), verwijzer: { type: '01' } });
    expect(allocation(t.body), JSON.stringify(allocation.errors)).toBe(true);
  });
});
