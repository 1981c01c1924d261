/**
 * The setup every browser suite shares: the built editor, the real service on a free loopback port with
 * its SQLite store and git rules repository in a fresh temp dir, and Debian's chromium, headless.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createLogger } from '../../src/server/logger.js';
import { startServer, type Running } from '../../src/server/start.js';
import { ensureEditorBuilt } from './editor-build.js';

export const SHOTS = join(process.cwd(), 'test-results', 'screenshots');

export async function startBrowserService(dataPrefix: string, extraArgs: string[] = []): Promise<{ server: Running; browser: Browser }> {
  await ensureEditorBuilt();
  mkdirSync(SHOTS, { recursive: true });
  const data = mkdtempSync(join(tmpdir(), dataPrefix));
  process.env.DATA_DIR = data;
  process.env.RULES_REPO = join(data, 'rules-repo');
  const server = await startServer({ port: 0, logger: createLogger('silent') });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
  return { server, browser };
}

/** A table file opens as a grid: switch to its YAML (Monaco) view, as a user who types YAML would. */
export async function showYaml(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'YAML', exact: true }).click();
  await page.locator('.monaco-editor .view-line').first().waitFor();
}

/** Logs in on the editor's login form shown on `page` (demo users: password = user name) and waits for the versions page. */
export async function submitLogin(page: Page, user: string): Promise<void> {
  await page.getByLabel('Gebruikersnaam').fill(user);
  await page.getByLabel('Wachtwoord').fill(user);
  await page.keyboard.press('Enter');
  await page.getByTestId('timeline-RTP').waitFor();
}

/** A new browser context logged in as `user` on the editor at `baseUrl`, on the versions page. */
export async function pageAs(browser: Browser, baseUrl: string, user: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.goto(`${baseUrl}/editor/`);
  await submitLogin(page, user);
  return page;
}

/** A logged-in API client of the service at `baseUrl` (cookie + CSRF token), for the steps a browser test is not about. */
export async function apiClient(baseUrl: string, user: string) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user, password: user }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0];
  const { csrfToken } = await login.json() as { csrfToken: string };
  return async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${baseUrl}${path}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await r.json() as Record<string, unknown>;
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(json)}`);
    return json;
  };
}
