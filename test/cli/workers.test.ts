/**
 * `serve --workers N`: real processes on loopback. Two workers answer on one port
 * (two pids in /readyz), one scrape of METRICS_PORT counts the requests of both,
 * a killed worker is replaced, SIGTERM stops them all with exit 0; the embedded
 * SQLite store refuses more than one worker.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { MINI_RULES_DIR } from '../helpers/rule-tree.js';
import { BIN, getFresh, startServe, type ServeProcess } from '../helpers/serve-process.js';

const run = promisify(execFile);

async function cli(args: string[], env: Record<string, string | undefined>) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { ...process.env, PORT: '0', ...env }, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

const readyPid = async (url: string) => {
  const r = await getFresh(`${url}/readyz`);
  expect(r.status).toBe(200);
  return (JSON.parse(r.text) as { pid: number }).pid;
};

describe('serve --workers 2 (plain mode)', () => {
  let svc: ServeProcess | undefined;
  afterAll(() => svc?.kill());

  it('two workers answer on one port, the metrics port sums them, a killed worker is replaced, SIGTERM ends all with 0', async () => {
    svc = await startServe(['--rules', MINI_RULES_DIR, '--workers', '2'], { METRICS_PORT: '0' });
    expect(svc.stdout()).toContain('met 2 werkers');
    const primary = svc.child.pid!;

    const pids = new Set<number>();
    for (let i = 0; i < 10; i++) pids.add(await readyPid(svc.url));
    expect(pids.size).toBe(2);
    expect(pids.has(primary)).toBe(false);

    // Eight evaluations over fresh connections land on both workers; one scrape on METRICS_PORT counts all eight.
    const body = JSON.stringify({ protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'spv', caoSchaal: 10, datum: '2025-02-03' } });
    for (let i = 0; i < 8; i++) {
      const r = await fetch(`${svc.url}/api/v1/evaluate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(r.status).toBe(200);
    }
    expect(svc.metricsUrl).toBeDefined();
    const scrape = await getFresh(`${svc.metricsUrl}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.text).toContain('protocolregels_evaluations_total{protocol="RTP",decision="tariefgroep",outcome="TG4"} 8');
    expect(scrape.text).toContain('protocolregels_http_request_duration_seconds_count{method="POST",route="/api/v1/evaluate",status="200"} 8');

    // A worker that dies is replaced: a new pid answers, the killed one no more.
    const [victim] = pids;
    process.kill(victim, 'SIGKILL');
    await expect.poll(async () => {
      const seen = new Set<number>();
      for (let i = 0; i < 4; i++) seen.add(await readyPid(svc!.url).catch(() => 0));
      return seen.size === 2 && !seen.has(victim) && !seen.has(0);
    }, { timeout: 30_000, interval: 300 }).toBe(true);
    expect(svc.stderr()).toMatch(new RegExp(`werker ${victim} stopte onverwacht \\(SIGKILL\\); een nieuwe start over \\d+ ms`));

    svc.child.kill('SIGTERM');
    expect(await svc.exited).toEqual({ code: 0, signal: null });
  }, 120_000);
});

describe('serve --workers 2 with the procedure on PostgreSQL (DATABASE_URL)', () => {
  let pg: TestPostgres | undefined;
  let svc: ServeProcess | undefined;
  afterAll(async () => {
    svc?.kill();
    await svc?.exited;
    await pg?.stop();
  });

  it('both workers are ready on the shared store and rules repository; SIGTERM ends them with 0', async () => {
    pg = await startPostgres();
    const root = mkdtempSync(join(tmpdir(), 'workers-pg-'));
    svc = await startServe(['--workers', '2'], { DATABASE_URL: await pg.createDatabase('workers'), DATA_DIR: join(root, 'data'), RULES_REPO: join(root, 'rules-repo') });
    const seen = new Map<number, { store: unknown; rulesRepo: { ok: boolean; main?: string } }>();
    for (let i = 0; i < 8; i++) {
      const r = await getFresh(`${svc.url}/readyz`);
      expect(r.status).toBe(200);
      const body = JSON.parse(r.text);
      seen.set(body.pid, body);
    }
    expect(seen.size).toBe(2);
    const [one, two] = [...seen.values()];
    expect(one.store).toEqual({ ok: true, kind: 'postgres' });
    expect(two.store).toEqual({ ok: true, kind: 'postgres' });
    expect(one.rulesRepo.main).toMatch(/^[0-9a-f]{40}$/);
    expect(two.rulesRepo.main).toBe(one.rulesRepo.main);
    expect(JSON.stringify([...seen.values()])).not.toContain('postgres://');
    svc.child.kill('SIGTERM');
    expect(await svc.exited).toEqual({ code: 0, signal: null });
  }, 180_000);
});

describe('serve --workers with the embedded SQLite store', () => {
  it('refuses more than one worker, naming DATABASE_URL, before touching the data directory', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'workers-')), 'data');
    const r = await cli(['serve', '--workers', '2'], { DATA_DIR: dataDir, DATABASE_URL: undefined });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DATABASE_URL');
    expect(r.stderr).toContain('SQLite');
    expect(r.stdout).not.toContain('luistert op');
    const viaEnv = await cli(['serve'], { DATA_DIR: dataDir, WORKERS: '3', DATABASE_URL: undefined });
    expect(viaEnv.code).toBe(2);
    expect(viaEnv.stderr).toContain('--workers 3 kan niet met de ingebouwde SQLite-opslag');
  });

  it('says what is wrong with a worker count that is not a number from 1 to 64', async () => {
    for (const bad of ['0', 'twee', '65', '1.5']) {
      const r = await cli(['serve', '--rules', MINI_RULES_DIR, '--workers', bad], {});
      expect(r.code, bad).toBe(2);
      expect(r.stderr, bad).toContain(`--workers moet een geheel getal van 1 tot en met 64 zijn (gekregen: "${bad}")`);
    }
  });
});
