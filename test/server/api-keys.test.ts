import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/evaluate/project.js';
import { apiKeysFromEnv } from '../../src/server/api-key-guard.js';
import { createApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';
import { miniRules } from '../helpers/rule-tree.js';

const holder = createRegistryHolder(loadProject(miniRules()).registry);
const body = { protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'spv', caoSchaal: 10, datum: '2025-02-03' } };

describe('API_KEYS', () => {
  it('reads a comma-separated list and ignores blanks', () => {
    expect(apiKeysFromEnv(' k1, ,k2 ')).toEqual(['k1', 'k2']);
    expect(apiKeysFromEnv('')).toEqual([]);
    expect(apiKeysFromEnv(undefined)).toEqual([]);
  });

  it('leaves evaluate open when no keys are set', async () => {
    const app = createApp({ holder, logger: createLogger('silent') });
    expect((await request(app).post('/api/v1/evaluate').send(body)).status).toBe(200);
  });

  describe('when keys are set', () => {
    const app = createApp({ holder, logger: createLogger('silent'), apiKeys: ['geheim-1', 'geheim-2'] });

    it.each([
      ['no key', {}, ''],
      ['a wrong bearer key', { authorization: 'Bearer fout' }, '/header/authorization'],
      ['a wrong X-API-Key', { 'x-api-key': 'geheim-' }, '/header/x-api-key'],
      ['basic auth', { authorization: 'Basic Z2VoZWltLTE6' }, ''],
    ])('refuses %s on evaluate and batch with a JSON 401', async (_n, headers, pointer) => {
      for (const path of ['/api/v1/evaluate', '/api/v1/evaluate/batch']) {
        const r = await request(app).post(path).set(headers as Record<string, string>).send(path.endsWith('batch') ? { requests: [body] } : body);
        expect(r.status).toBe(401);
        expect(r.headers['content-type']).toMatch(/application\/json/);
        expect(r.body.error).toMatchObject({ code: 'unauthenticated', details: [{ pointer }] });
      }
    });

    it('accepts a key as Bearer or as X-API-Key', async () => {
      const a = await request(app).post('/api/v1/evaluate').set('authorization', 'Bearer geheim-2').send(body);
      expect(a.status).toBe(200);
      expect(a.body.outcome).toBe('TG4');
      const b = await request(app).post('/api/v1/evaluate/batch').set('x-api-key', 'geheim-1').send({ requests: [body] });
      expect(b.status).toBe(200);
      expect(b.body.results[0].outcome).toBe('TG4');
    });

    it('does not guard the read endpoints', async () => {
      expect((await request(app).get('/api/v1/rulesets')).status).toBe(200);
      expect((await request(app).get('/healthz')).status).toBe(200);
    });
  });
});
