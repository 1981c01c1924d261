/**
 * Issue 22: SIGTERM never ended the process once a draft had been checked (the
 * check pool's idle workers kept it alive). A real `serve` process runs a draft
 * check, an impact analysis and an iJw message, then gets SIGTERM: it exits 0
 * without hitting SHUTDOWN_TIMEOUT_MS. A large iJw message, answered on a
 * batch worker, is among them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';
import { BSN, jw301, jw323, line } from '../ijw/fixtures.js';

const KEY = 'prk_shutdown-test-sleutel-1234567890';
const SHUTDOWN_TIMEOUT_MS = 5_000;
let svc: ServeProcess | undefined;
afterAll(() => svc?.kill());

async function post(path: string, body: unknown) {
  const r = await fetch(`${svc!.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY, accept: 'application/json' }, body: JSON.stringify(body) });
  return { status: r.status, text: await r.text() };
}

describe('graceful shutdown after the worker pools ran', () => {
  it('SIGTERM after a draft check, an impact run and an iJw message ends the process with 0 within SHUTDOWN_TIMEOUT_MS', async () => {
    svc = await startServe([], { DATA_DIR: join(mkdtempSync(join(tmpdir(), 'shutdown-pools-')), 'data'), API_KEYS: KEY, SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS), BATCH_WORKERS: '1' });
    const check = await post('/api/v1/drafts/check', { protocol: 'RTP', baseVersion: '2.0', files: [] });
    expect(check.status, check.text.slice(0, 300)).toBe(200);
    const impact = await post('/api/v1/impact', { protocol: 'RAP', from: '2.0', to: { version: '2.0' }, size: 50 });
    expect(impact.status, impact.text.slice(0, 300)).toBe(200);
    const ijw = await post('/api/v1/ijw/declaratie', { jw323: jw323(), jw301: [jw301()] });
    expect(ijw.status, ijw.text.slice(0, 300)).toBe(200);
    // Over IJW_ON_WORKER_CHARS: answered on the batch worker.
    const large = jw323([{ bsn: BSN, lines: Array.from({ length: 600 }, (_, i) => line({ referentieNummer: `R${i}` })) }]);
    expect(large.length).toBeGreaterThan(256 * 1024);
    const onWorker = await post('/api/v1/ijw/declaratie', { jw323: large, jw301: [jw301()] });
    expect(onWorker.status, onWorker.text.slice(0, 300)).toBe(200);

    svc.child.kill('SIGTERM');
    const exit = await Promise.race([svc.exited, new Promise<'still running'>((r) => setTimeout(() => r('still running'), SHUTDOWN_TIMEOUT_MS + 10_000))]);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(svc.stderr()).not.toContain('SHUTDOWN_TIMEOUT_MS');
  }, 120_000);
});
