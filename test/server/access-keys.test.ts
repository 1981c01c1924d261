/**
 * Who may call what (src/auth/access.ts): what a system with or without an API key, and a staff member
 * with or without a session, gets back from evaluate and from the staff tools.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createAccess, type AccessOptions } from '../../src/auth/access.js';
import { hashApiKey, userDirectory, writeUsersFile } from '../../src/auth/users-file.js';
import { ApiError } from '../../src/base/errors.js';
import { httpStatus } from '../../src/server/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'access-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function app(o: AccessOptions) {
  const a = createAccess(o);
  const x = express();
  const who = (_req: Request, res: Response) => res.json({ system: res.locals.system === true, actor: res.locals.actor?.username ?? null });
  x.get('/evaluate', a.evaluate, who);
  x.get('/staff', a.staff, who);
  x.use((err: ApiError, _req: Request, res: Response, _next: NextFunction) => res.status(httpStatus(err)).json({ code: err.code, message: err.message, details: err.details }));
  return x;
}

function usersFile(name: string, cfg: { requireApiKeyForEvaluate?: boolean; apiKeys: { name: string; hash: string }[] }) {
  const path = join(dir, name);
  writeUsersFile(path, { users: [], ...cfg });
  return userDirectory(path);
}

const anna = { actor: { username: 'anna', name: 'Anna', roles: [] } };

describe('access', () => {
  it('evaluate is open without configured keys; a presented key is still checked', async () => {
    const x = app({});
    expect((await request(x).get('/evaluate')).body).toEqual({ system: false, actor: null });
    const r = await request(x).get('/evaluate').set('X-API-Key', 'geraden');
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ code: 'unauthenticated', message: 'onbekende API-sleutel', details: [{ pointer: '/header/x-api-key', message: 'onbekende sleutel' }] });
  });

  it('with API_KEYS evaluate needs a key: X-API-Key or Authorization: Bearer (any case, spaces trimmed)', async () => {
    const x = app({ envKeys: ['sleutel-1', 'sleutel-2'] });
    const none = await request(x).get('/evaluate');
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ code: 'unauthenticated', message: 'deze dienst vraagt een API-sleutel (Authorization: Bearer <sleutel> of X-API-Key)', details: [{ pointer: '', message: 'sleutel ontbreekt' }] });
    expect((await request(x).get('/evaluate').set('X-API-Key', 'sleutel-2')).body).toEqual({ system: true, actor: null });
    expect((await request(x).get('/evaluate').set('Authorization', 'Bearer sleutel-1')).body).toEqual({ system: true, actor: null });
    expect((await request(x).get('/evaluate').set('Authorization', 'bearer  sleutel-1 ')).body).toEqual({ system: true, actor: null });
    const wrong = await request(x).get('/evaluate').set('Authorization', 'Bearer sleutel-3');
    expect(wrong.status).toBe(401);
    expect(wrong.body.details).toEqual([{ pointer: '/header/authorization', message: 'onbekende sleutel' }]);
    // Basic credentials are no key.
    expect((await request(x).get('/evaluate').set('Authorization', 'Basic c2xldXRlbC0x')).body.details).toEqual([{ pointer: '', message: 'sleutel ontbreekt' }]);
  });

  it('keys in the users file count, and requireApiKeyForEvaluate closes evaluate', async () => {
    const users = usersFile('keys.json', { requireApiKeyForEvaluate: true, apiKeys: [{ name: 'systeem', hash: hashApiKey('uit-bestand') }] });
    const x = app({ users });
    expect((await request(x).get('/evaluate')).status).toBe(401);
    expect((await request(x).get('/evaluate').set('X-API-Key', 'uit-bestand')).body).toEqual({ system: true, actor: null });
    expect((await request(x).get('/staff').set('X-API-Key', 'uit-bestand')).body).toEqual({ system: true, actor: null });
    expect((await request(x).get('/evaluate').set('X-API-Key', hashApiKey('uit-bestand'))).status).toBe(401);
    const open = app({ users: usersFile('open.json', { apiKeys: [{ name: 'systeem', hash: hashApiKey('uit-bestand') }] }) });
    expect((await request(open).get('/evaluate')).body).toEqual({ system: false, actor: null });
  });

  it('the staff tools need a session or a key; without either possible, the answer says how to enable them', async () => {
    const nothing = await request(app({})).get('/staff');
    expect(nothing.status).toBe(401);
    expect(nothing.body.message).toBe('deze omgeving heeft geen login en geen API-sleutels; stel API_KEYS in om de concept- en impactfuncties te gebruiken');
    const keysOnly = await request(app({ envKeys: ['k'] })).get('/staff');
    expect(keysOnly.body.message).toBe('deze dienst vraagt een API-sleutel (Authorization: Bearer <sleutel> of X-API-Key)');
    const withLogin = app({ session: async (req) => (req.get('cookie') === 'sessie=anna' ? anna : undefined) });
    expect((await request(withLogin).get('/staff').set('Cookie', 'sessie=anna')).body).toEqual({ system: false, actor: 'anna' });
    const loggedOut = await request(withLogin).get('/staff');
    expect(loggedOut.status).toBe(401);
    expect(loggedOut.body).toEqual({ code: 'unauthenticated', message: 'log eerst in, of gebruik een API-sleutel (Authorization: Bearer <sleutel> of X-API-Key)', details: [{ pointer: '', message: 'geen sessie of sleutel' }] });
    // With API_KEYS and a login, evaluate takes a session too.
    const both = app({ envKeys: ['k'], session: async () => anna });
    expect((await request(both).get('/evaluate')).body).toEqual({ system: false, actor: 'anna' });
  });
});
