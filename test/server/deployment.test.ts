/** Secure defaults for deployment: security headers on the API and the editor, the session cookie's `Secure` behind TLS. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { secureCookieFromEnv, trustProxyFromEnv } from '../../src/base/deployment.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';
import { loadProject } from '../../src/evaluate/project.js';
import { miniRules } from '../helpers/rule-tree.js';
import { startService, type TestService } from '../amend/helpers.js';

let svc: TestService | undefined;
afterEach(async () => {
  await svc?.close();
  svc = undefined;
});

const sessionCookie = (r: request.Response) => ([r.headers['set-cookie']].flat() as string[]).find((c) => c?.startsWith('pr_session='));

describe('security headers', () => {
  const editorDir = mkdtempSync(join(tmpdir(), 'editor-dist-'));
  writeFileSync(join(editorDir, 'index.html'), '<!doctype html><title>editor</title>');
  const app = createApp({ holder: createRegistryHolder(loadProject(miniRules()).registry), logger: createLogger('silent'), editorDir });

  it('on API answers, errors included: no framing, no sniffing, a policy that allows nothing', async () => {
    for (const [path, status] of [['/api/v1/rulesets', 200], ['/api/v1/nergens', 404], ['/healthz', 200]] as const) {
      const r = await request(app).get(path);
      expect(r.status).toBe(status);
      expect(r.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('same-origin');
      expect(r.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it("on the editor: scripts, workers and connections from the service only, Monaco's inline styles, never framed", async () => {
    const r = await request(app).get('/editor/');
    expect(r.status).toBe(200);
    const csp = r.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('the session cookie behind TLS', () => {
  it('by default (auto, no proxy trusted): not Secure over plain http, and X-Forwarded-Proto is not believed', async () => {
    svc = await startService();
    for (const proto of [undefined, 'https']) {
      const r = await request(svc.app).post('/api/v1/auth/login').set(proto ? { 'x-forwarded-proto': proto } : {}).send({ username: 'indiener', password: 'indiener' });
      expect(r.status).toBe(200);
      expect(sessionCookie(r)).toMatch(/HttpOnly/);
      expect(sessionCookie(r)).not.toMatch(/Secure/);
    }
  });

  it('behind a trusted proxy (TRUST_PROXY) that reports https: Secure, and Strict-Transport-Security', async () => {
    svc = await startService({ trustProxy: 'loopback' });
    const r = await request(svc.app).post('/api/v1/auth/login').set('x-forwarded-proto', 'https').send({ username: 'indiener', password: 'indiener' });
    expect(r.status).toBe(200);
    expect(sessionCookie(r)).toMatch(/; Secure/);
    expect(r.headers['strict-transport-security']).toBe('max-age=31536000');
    const plain = await request(svc.app).post('/api/v1/auth/login').send({ username: 'indiener', password: 'indiener' });
    expect(sessionCookie(plain)).not.toMatch(/Secure/);
  });

  it('with SECURE_COOKIE=1: always Secure', async () => {
    svc = await startService({ secureCookie: secureCookieFromEnv({ SECURE_COOKIE: '1' }) });
    const r = await request(svc.app).post('/api/v1/auth/login').send({ username: 'indiener', password: 'indiener' });
    expect(sessionCookie(r)).toMatch(/; Secure/);
  });

  it('reads TRUST_PROXY and SECURE_COOKIE, refusing to trust every hop', () => {
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    expect([undefined, '', '0', 'false'].map((v) => trustProxyFromEnv({ TRUST_PROXY: v }, warn))).toEqual([false, false, false, false]);
    expect(trustProxyFromEnv({ TRUST_PROXY: '1' }, warn)).toBe(1);
    expect(trustProxyFromEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }, warn)).toBe('loopback, 10.0.0.0/8');
    expect(trustProxyFromEnv({ TRUST_PROXY: 'true' }, warn)).toBe(false);
    expect(['1', 'true', '0', 'never', undefined, 'auto', 'ja'].map((v) => secureCookieFromEnv({ SECURE_COOKIE: v }, warn))).toEqual(['always', 'always', 'never', 'never', 'auto', 'auto', 'auto']);
    expect(warnings).toHaveLength(2);
  });
});
