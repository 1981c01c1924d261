/**
 * The setup every browser suite shares: the built editor, the real service on a free loopback port with
 * its SQLite store and git rules repository in a fresh temp dir, and Debian's chromium, headless.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
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
