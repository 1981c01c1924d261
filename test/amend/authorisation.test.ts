/** Every role tries every action it may not do (403), no login gets 401, CSRF and API keys are enforced. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { createAuth } from '../../src/auth/auth.js';
import { userDirectory } from '../../src/auth/users-file.js';
import { openSqliteStore } from '../../src/amend/store/sqlite-store.js';
import { API_KEY, rewordOverleg, startService, type TestService } from './helpers.js';

let svc: TestService;
type Session = Awaited<ReturnType<TestService['login']>>;
const s: Record<string, Session> = {};
/** Proposals by indiener in each state that matters. */
const ids: Record<string, number> = {};

const send = (who: Session, method: 'post' | 'patch', path: string, body: Record<string, unknown> = {}) => who.agent[method](path).set('X-CSRF-Token', who.csrf).send(body);

beforeAll(async () => {
  svc = await startService();
  for (const u of ['indiener', 'indiener2', 'beoordelaar', 'beheerder', 'duo']) s[u] = await svc.login(u);
  await send(s.beheerder, 'post', '/api/v1/providers', { id: 'a1', name: 'Aanbieder 1' }).expect(200);
  const make = async (author: Session, category = 'wijzigen') =>
    (await send(author, 'post', '/api/v1/proposals', { title: 'Titel', rationale: 'r', category, protocol: 'RTP', baseVersion: '2.0', files: rewordOverleg() }).expect(201)).body.id as number;
  ids.concept = await make(s.indiener);
  ids.ingediend = await make(s.indiener);
  await send(s.indiener, 'post', `/api/v1/proposals/${ids.ingediend}/submit`).expect(200);
  ids.consultatie = await make(s.indiener);
  await send(s.indiener, 'post', `/api/v1/proposals/${ids.consultatie}/submit`).expect(200);
  for (const to of ['in_behandeling', 'consultatie']) await send(s.beoordelaar, 'post', `/api/v1/proposals/${ids.consultatie}/transition`, { to, reason: 'r' }).expect(200);
  ids.duo = await make(s.duo);
  await send(s.duo, 'post', `/api/v1/proposals/${ids.duo}/submit`).expect(200);
  await send(s.beoordelaar, 'post', `/api/v1/proposals/${ids.duo}/transition`, { to: 'in_behandeling', reason: 'r' }).expect(200);
});
afterAll(() => svc?.close());

describe('403 for every action a role may not do', () => {
  const cases: [string, string, () => [string, 'post' | 'patch', string, Record<string, unknown>]][] = [
    ['beoordelaar', 'create a proposal', () => ['beoordelaar', 'post', '/api/v1/proposals', { title: 'Titel', rationale: 'r', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0' }]],
    ['beheerder', 'create a proposal', () => ['beheerder', 'post', '/api/v1/proposals', { title: 'Titel', rationale: 'r', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0' }]],
    ['indiener2', "edit someone else's proposal", () => ['indiener2', 'patch', `/api/v1/proposals/${ids.concept}`, { title: 'Andere titel' }]],
    ['beoordelaar', 'edit a proposal', () => ['beoordelaar', 'patch', `/api/v1/proposals/${ids.concept}`, { title: 'Andere titel' }]],
    ['beheerder', 'edit a proposal', () => ['beheerder', 'patch', `/api/v1/proposals/${ids.concept}`, { title: 'Andere titel' }]],
    ['indiener2', "submit someone else's proposal", () => ['indiener2', 'post', `/api/v1/proposals/${ids.concept}/submit`, {}]],
    ['beoordelaar', 'submit a proposal', () => ['beoordelaar', 'post', `/api/v1/proposals/${ids.concept}/submit`, {}]],
    ['beheerder', 'submit a proposal', () => ['beheerder', 'post', `/api/v1/proposals/${ids.concept}/submit`, {}]],
    ...(['in_behandeling', 'afgewezen'] as const).flatMap((to) => (['indiener', 'indiener2', 'beheerder'] as const).map((u) =>
      [u, `move a submitted proposal to ${to}`, () => [u, 'post', `/api/v1/proposals/${ids.ingediend}/transition`, { to, reason: 'r' }]] as [string, string, () => [string, 'post', string, Record<string, unknown>]])),
    ...(['aangenomen', 'afgewezen'] as const).flatMap((to) => (['indiener', 'indiener2', 'beheerder'] as const).map((u) =>
      [u, `decide (${to}) in the consultation`, () => [u, 'post', `/api/v1/proposals/${ids.consultatie}/transition`, { to, reason: 'r' }]] as [string, string, () => [string, 'post', string, Record<string, unknown>]])),
    ['indiener', 'move to consultatie', () => ['indiener', 'post', `/api/v1/proposals/${ids.duo}/transition`, { to: 'consultatie', reason: 'r' }]],
    ['duo', 'decide on their own proposal (author who is also a reviewer)', () => ['duo', 'post', `/api/v1/proposals/${ids.duo}/transition`, { to: 'consultatie', reason: 'r' }]],
    ['duo', 'reject their own proposal', () => ['duo', 'post', `/api/v1/proposals/${ids.duo}/transition`, { to: 'afgewezen', reason: 'r' }]],
    ['beoordelaar', "withdraw someone's proposal", () => ['beoordelaar', 'post', `/api/v1/proposals/${ids.ingediend}/transition`, { to: 'ingetrokken', reason: 'r' }]],
    ['beheerder', "withdraw someone's proposal", () => ['beheerder', 'post', `/api/v1/proposals/${ids.ingediend}/transition`, { to: 'ingetrokken', reason: 'r' }]],
    ['indiener2', "withdraw someone else's proposal", () => ['indiener2', 'post', `/api/v1/proposals/${ids.ingediend}/transition`, { to: 'ingetrokken', reason: 'r' }]],
    ['indiener', 'record consent', () => ['indiener', 'post', `/api/v1/proposals/${ids.consultatie}/consents`, { providerId: 'a1', agrees: true, answeredOn: '2025-12-01', proof: 'brief 2025-117' }]],
    ['indiener2', 'record consent', () => ['indiener2', 'post', `/api/v1/proposals/${ids.consultatie}/consents`, { providerId: 'a1', agrees: true, answeredOn: '2025-12-01', proof: 'brief 2025-117' }]],
    ['indiener', 'maintain the provider register', () => ['indiener', 'post', '/api/v1/providers', { id: 'x', name: 'X' }]],
    ['beoordelaar', 'maintain the provider register', () => ['beoordelaar', 'post', '/api/v1/providers', { id: 'x', name: 'X' }]],
    ['indiener', 'adopt a version', () => ['indiener', 'post', '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: [ids.consultatie] }]],
    ['beoordelaar', 'adopt a version', () => ['beoordelaar', 'post', '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: [ids.consultatie] }]],
  ];

  it.each(cases)('%s may not %s', async (_who, _what, build) => {
    const [who, method, path, body] = build();
    const before = (await svc.amend.store.listProposals()).map((p) => `${p.id}:${p.state}:${p.title}`);
    const r = await send(s[who], method, path, body);
    expect(r.status, JSON.stringify(r.body)).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    expect((await svc.amend.store.listProposals()).map((p) => `${p.id}:${p.state}:${p.title}`)).toEqual(before);
  });

  it('an admin who wrote an accepted proposal may not adopt it', async () => {
    const baas = await svc.login('baas');
    const id = (await send(baas, 'post', '/api/v1/proposals', { title: 'Eigen voorstel', rationale: 'r', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', files: rewordOverleg() }).expect(201)).body.id;
    await send(baas, 'post', `/api/v1/proposals/${id}/submit`).expect(200);
    for (const to of ['in_behandeling', 'aangenomen']) await send(s.beoordelaar, 'post', `/api/v1/proposals/${id}/transition`, { to, reason: 'r' }).expect(200);
    const r = await send(baas, 'post', '/api/v1/adoptions', { protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: [id] });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toBe(`u stelt uw eigen voorstel ${id} niet vast`);
    expect(await svc.amend.adoptions.list()).toEqual([]);
  });

  it('the author is told why they may not decide', async () => {
    const r = await send(s.duo, 'post', `/api/v1/proposals/${ids.duo}/transition`, { to: 'consultatie', reason: 'r' });
    expect(r.body.error.message).toBe('u beslist niet over uw eigen voorstel');
  });
});

describe('401 without a login', () => {
  const anon = () => request(svc.app);
  it.each([
    ['get', '/api/v1/proposals'], ['get', '/api/v1/proposals/1'], ['post', '/api/v1/proposals'], ['patch', '/api/v1/proposals/1'],
    ['post', '/api/v1/proposals/1/submit'], ['post', '/api/v1/proposals/1/transition'], ['post', '/api/v1/proposals/1/comments'],
    ['post', '/api/v1/proposals/1/consents'], ['get', '/api/v1/providers'], ['post', '/api/v1/providers'], ['get', '/api/v1/adoptions'],
    ['post', '/api/v1/adoptions'], ['get', '/api/v1/explanations'], ['get', '/api/v1/auth/me'],
  ] as const)('%s %s', async (method, path) => {
    const r = await anon()[method](path).send({});
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthenticated');
  });

  it('refuses a wrong password with 401 and sets no cookie', async () => {
    const r = await anon().post('/api/v1/auth/login').send({ username: 'beheerder', password: 'fout' });
    expect(r.status).toBe(401);
    expect(r.headers['set-cookie']).toBeUndefined();
  });

  it('ends the session at logout', async () => {
    const me = await svc.login('indiener2');
    await me.agent.get('/api/v1/auth/me').expect(200);
    await me.agent.post('/api/v1/auth/logout').set('X-CSRF-Token', me.csrf).expect(204);
    expect((await me.agent.get('/api/v1/proposals')).status).toBe(401);
  });
});

describe('session cookie and CSRF', () => {
  it('sets an HttpOnly SameSite=Strict cookie', async () => {
    const r = await request(svc.app).post('/api/v1/auth/login').send({ username: 'indiener', password: 'indiener' });
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toMatch(/pr_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(r.body).toMatchObject({ user: { username: 'indiener', roles: ['indiener'] }, csrfToken: expect.any(String) });
  });

  it('refuses a state-changing request without or with a wrong X-CSRF-Token (403 csrf_failed)', async () => {
    const body = { title: 'Titel', rationale: 'r', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0' };
    const missing = await s.indiener.agent.post('/api/v1/proposals').send(body);
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('csrf_failed');
    const wrong = await s.indiener.agent.post('/api/v1/proposals').set('X-CSRF-Token', s.beheerder.csrf).send(body);
    expect(wrong.status).toBe(403);
    // Reads need no token.
    expect((await s.indiener.agent.get('/api/v1/proposals')).status).toBe(200);
  });
});

describe('API keys for evaluate', () => {
  const req = { protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'therapeut', datum: '2025-05-01' } };
  it('is open in the default setup and needs a key when the config asks for it', async () => {
    expect((await request(svc.app).post('/api/v1/evaluate').send(req)).status).toBe(200);
    const strict = await startService({ requireApiKey: true });
    try {
      const none = await request(strict.app).post('/api/v1/evaluate').send(req);
      expect(none.status).toBe(401);
      expect(none.body.error.code).toBe('unauthenticated');
      expect((await request(strict.app).post('/api/v1/evaluate').set('Authorization', 'Bearer prk_fout').send(req)).status).toBe(401);
      expect((await request(strict.app).post('/api/v1/evaluate').set('Authorization', `Bearer ${API_KEY}`).send(req)).body.outcome).toBe('TG3');
      expect((await request(strict.app).post('/api/v1/evaluate').set('X-API-Key', API_KEY).send(req)).status).toBe(200);
    } finally { strict.close(); }
  });
});

describe('the user CLI', () => {
  it('creates the first admin with a scrypt hash, who can then log in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'users-'));
    const file = join(dir, 'users.json');
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l) };
    process.env.USERS_FILE = file;
    try {
      expect(await main(['user', 'add', 'eerste', '--role', 'beheerder', '--name', 'Eerste Beheerder', '--password', 'een-lang-wachtwoord'], io)).toBe(0);
      expect(await main(['user', 'add', 'kort', '--role', 'beheerder', '--password', 'kort'], io)).toBe(2);
      expect(await main(['user', 'add', 'x', '--role', 'koning', '--password', 'een-lang-wachtwoord'], io)).toBe(2);
    } finally { delete process.env.USERS_FILE; }
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('een-lang-wachtwoord');
    expect(JSON.parse(text).users).toEqual([{ username: 'eerste', name: 'Eerste Beheerder', roles: ['beheerder'], password: expect.stringMatching(/^scrypt\$16384\$8\$1\$/), passwordChangedAt: expect.any(String) }]);
    const store = await openSqliteStore(join(dir, 'db.sqlite'));
    try {
      const auth = createAuth({ store, users: userDirectory(file) });
      expect((await auth.login('eerste', 'een-lang-wachtwoord'))?.user).toEqual({ username: 'eerste', name: 'Eerste Beheerder', roles: ['beheerder'] });
      expect(await auth.login('eerste', 'fout')).toBeUndefined();
    } finally { await store.close(); }
  });

  it('ships demo users whose password is their name', async () => {
    const demo = JSON.parse(readFileSync(new URL('../../config/users.json', import.meta.url), 'utf8'));
    expect(demo.users.map((u: { username: string; roles: string[] }) => `${u.username}:${u.roles.join(',')}`)).toEqual(['indiener:indiener', 'beoordelaar:beoordelaar', 'beheerder:beheerder']);
    const { verifyPassword } = await import('../../src/auth/password.js');
    for (const u of demo.users) expect(await verifyPassword(u.username, u.password)).toBe(true);
  });
});
