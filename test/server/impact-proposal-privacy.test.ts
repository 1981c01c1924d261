/**
 * The impact of a proposal is for staff: a system calling with an API key learns nothing about which
 * proposal ids exist. Run against the real service (serve), where proposals and API keys both exist.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password.js';
import { hashApiKey } from '../../src/auth/users-file.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';

const KEY = 'prk_systeem-van-gemeente';
let svc: ServeProcess;
let staff: { cookie: string; csrf: string };
let proposalId: number;

async function call(path: string, body: unknown, headers: Record<string, string>) {
  const r = await fetch(`${svc.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: r.status, body: await r.json() as { error?: { code: string } } & Record<string, unknown> };
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'impact-privacy-'));
  const usersFile = join(dir, 'users.json');
  writeFileSync(usersFile, JSON.stringify({
    requireApiKeyForEvaluate: false,
    users: [{ username: 'indiener', name: 'Indiener', roles: ['indiener'], password: hashPassword('indiener') }],
    apiKeys: [{ name: 'gemeente', hash: hashApiKey(KEY) }],
  }));
  svc = await startServe([], { DATA_DIR: join(dir, 'data'), USERS_FILE: usersFile });
  const login = await fetch(`${svc.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'indiener', password: 'indiener' }) });
  expect(login.status).toBe(200);
  staff = { cookie: login.headers.get('set-cookie')!.split(';')[0], csrf: ((await login.json()) as { csrfToken: string }).csrfToken };
  const created = await call('/api/v1/proposals', { title: 'Voorstel', rationale: 'Omdat het nodig is.', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', files: [] }, { cookie: staff.cookie, 'x-csrf-token': staff.csrf });
  expect(created.status).toBe(201);
  proposalId = created.body.id as number;
}, 120_000);
afterAll(() => svc?.kill());

describe('impact of a proposal asked by a system', () => {
  const impactOf = (id: number) => ({ protocol: 'RTP', from: '2.0', to: { proposalId: id }, size: 20, seed: 1 });

  it('staff see the impact of an existing proposal (so existence is what the refusal hides)', async () => {
    const r = await call('/api/v1/impact', impactOf(proposalId), { cookie: staff.cookie, 'x-csrf-token': staff.csrf });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  });

  it('a system gets the same 404 not_found for an existing and a missing proposal', async () => {
    const [existing, missing] = [await call('/api/v1/impact', impactOf(proposalId), { 'x-api-key': KEY }), await call('/api/v1/impact', impactOf(proposalId + 1000), { 'x-api-key': KEY })];
    expect([existing.status, existing.body.error?.code]).toEqual([404, 'not_found']);
    expect([missing.status, missing.body.error?.code]).toEqual([404, 'not_found']);
  });
});
