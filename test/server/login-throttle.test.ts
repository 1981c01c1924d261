/**
 * Login throttling without lockout, over real TCP from two (and more) loopback
 * addresses: the client binds its local address (127.0.0.2, 127.0.0.3, ...),
 * the service listens on 127.0.0.1 and counts each by its peer address.
 */
import { request as httpRequest, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startService, type TestService } from '../amend/helpers.js';

let svc: TestService | undefined;
let server: Server | undefined;
afterEach(async () => {
  server?.close();
  await svc?.close();
  svc = server = undefined;
});

async function listen(s: TestService): Promise<number> {
  server = s.app.listen(0, '127.0.0.1');
  await new Promise((r) => server!.once('listening', r));
  return (server.address() as { port: number }).port;
}

/** POST /api/v1/auth/login from `from` (a loopback address this client binds). */
function login(port: number, from: string, username: string, password: string, headers: Record<string, string> = {}): Promise<{ status: number; retryAfter?: string; code?: string }> {
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, localAddress: from, method: 'POST', path: '/api/v1/auth/login', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'] as string | undefined, code: res.statusCode === 200 ? undefined : JSON.parse(text).error?.code }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('login throttling without lockout', () => {
  it('guessing from 127.0.0.2 stops there: the right password still logs in from 127.0.0.1', async () => {
    svc = await startService();
    const port = await listen(svc);
    for (let i = 0; i < 10; i++) expect((await login(port, '127.0.0.2', 'beheerder', `fout-${i}`)).status).toBe(401);
    const refused = await login(port, '127.0.0.2', 'beheerder', 'beheerder');
    expect([refused.status, refused.code]).toEqual([429, 'too_many_requests']);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    // X-Forwarded-For is not believed without TRUST_PROXY: the guesser cannot pose as another address.
    expect((await login(port, '127.0.0.2', 'beheerder', 'beheerder', { 'x-forwarded-for': '127.0.0.9' })).status).toBe(429);

    expect((await login(port, '127.0.0.1', 'beheerder', 'beheerder')).status).toBe(200);
    // Other users from the guessing address are not held back either.
    expect((await login(port, '127.0.0.2', 'indiener', 'indiener')).status).toBe(200);
  });

  it('bounds the guesses per user name per hour over many addresses, while an address the user logged in from still gets in', async () => {
    svc = await startService();
    const port = await listen(svc);
    expect((await login(port, '127.0.0.1', 'beheerder', 'beheerder')).status).toBe(200);

    // Ten guessers, ten wrong passwords each: only 30 are checked (LOGIN_MAX_PER_USER_HOUR), the rest refused unchecked.
    let checked = 0;
    let refused = 0;
    for (let a = 3; a < 13; a++) {
      for (let i = 0; i < 10; i++) {
        const r = await login(port, `127.0.0.${a}`, 'beheerder', `fout-${a}-${i}`);
        if (r.status === 401) checked++;
        else if (r.status === 429) refused++;
        else throw new Error(`unexpected ${r.status}`);
      }
    }
    expect([checked, refused]).toEqual([30, 70]);
    // A new address, even with the right password, waits for the hour to pass...
    const fresh = await login(port, '127.0.0.20', 'beheerder', 'beheerder');
    expect([fresh.status, fresh.code]).toEqual([429, 'too_many_requests']);
    expect(Number(fresh.retryAfter)).toBeGreaterThan(900);
    // ...but the address the user logged in from is not locked out.
    expect((await login(port, '127.0.0.1', 'beheerder', 'beheerder')).status).toBe(200);

    svc.clock.set('2026-02-10T10:00:01Z');
    expect((await login(port, '127.0.0.20', 'beheerder', 'beheerder')).status).toBe(200);
  });

  it('behind a trusted proxy (TRUST_PROXY=loopback) counts the client the proxy reports in X-Forwarded-For', async () => {
    svc = await startService({ trustProxy: 'loopback' });
    const port = await listen(svc);
    const via = (client: string) => ({ 'x-forwarded-for': client });
    for (let i = 0; i < 10; i++) expect((await login(port, '127.0.0.1', 'beheerder', `fout-${i}`, via('203.0.113.7'))).status).toBe(401);
    expect((await login(port, '127.0.0.1', 'beheerder', 'beheerder', via('203.0.113.7'))).status).toBe(429);
    expect((await login(port, '127.0.0.1', 'beheerder', 'beheerder', via('198.51.100.4'))).status).toBe(200);
  });
});
