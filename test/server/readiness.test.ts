/**
 * GET /readyz: 200 when the rules are loaded and (procedure mode) the store and the
 * rules repository answer, 503 with the reason otherwise; /healthz stays alive
 * meanwhile. Answers fit the documented Readiness schema.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { schemaProblems } from '../../src/contract/api-schemas.js';
import { createLogger } from '../../src/server/logger.js';
import type { DependencyReadiness } from '../../src/server/readiness.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';
import { startServer, type Running } from '../../src/server/start.js';
import { loadProject } from '../../src/evaluate/project.js';
import { miniRules } from '../helpers/rule-tree.js';

const project = loadProject(miniRules());
const appWith = (ready?: () => Promise<DependencyReadiness>) => {
  const holder = createRegistryHolder(project.registry);
  return { holder, app: createApp({ holder, logger: createLogger('silent'), ready }) };
};
const healthy: DependencyReadiness = { store: { ok: true, kind: 'postgres' }, rulesRepo: { ok: true, main: 'a'.repeat(40) } };

describe('GET /readyz', () => {
  it('plain mode: ready with the registry alone; generation, versions and pid; no store or repository', async () => {
    const { app, holder } = appWith();
    const r = await request(app).get('/readyz');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ready', store: null, rulesRepo: null, generation: 1, versions: 3, pid: process.pid });
    expect(schemaProblems('Readiness', r.body)).toEqual([]);
    holder.swap(project.registry);
    expect((await request(app).get('/readyz')).body.generation).toBe(2);
  });

  it('ready when the store and the repository answer; 503 naming the store when it does not', async () => {
    expect((await request(appWith(async () => healthy).app).get('/readyz')).body).toMatchObject({ status: 'ready', store: { ok: true, kind: 'postgres' }, rulesRepo: { ok: true } });
    const down = await request(appWith(async () => ({ ...healthy, store: { ok: false, kind: 'postgres', error: 'connect ECONNREFUSED 127.0.0.1:5432' } })).app).get('/readyz');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'not_ready', store: { ok: false, kind: 'postgres', error: 'connect ECONNREFUSED 127.0.0.1:5432' }, rulesRepo: { ok: true } });
    expect(schemaProblems('Readiness', down.body)).toEqual([]);
  });

  it('a check that throws or never answers is not ready (503 with the reason), and /healthz answers meanwhile', async () => {
    const thrown = await request(appWith(async () => { throw new Error('kapot'); }).app).get('/readyz');
    expect(thrown.status).toBe(503);
    expect(thrown.body).toMatchObject({ status: 'not_ready', store: { ok: false, error: 'kapot' }, rulesRepo: { ok: false, error: 'kapot' } });

    const { app } = appWith(() => new Promise<never>(() => undefined));
    const pending = request(app).get('/readyz');
    const health = await request(app).get('/healthz');
    expect(health.status).toBe(200);
    const hung = await pending;
    expect(hung.status).toBe(503);
    expect(hung.body.store.error).toBe('geen antwoord binnen 2000 ms');
  });

  it('is documented in the OpenAPI document: /readyz public with the Readiness schema, /metrics with the bearer token', async () => {
    const doc = (await request(appWith().app).get('/api/openapi.json')).body;
    expect(doc.paths['/readyz'].get.security).toEqual([]);
    expect(doc.paths['/readyz'].get.responses['503'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Readiness' });
    expect(doc.components.schemas.Readiness.required).toEqual(['status', 'store', 'rulesRepo', 'generation', 'versions', 'pid']);
    expect(doc.paths['/metrics'].get.responses['200'].content['text/plain']).toBeDefined();
    expect(doc.paths['/metrics'].get.responses['401']).toBeDefined();
  });
});

describe('GET /readyz in procedure mode (SQLite store, rules repository under a temporary DATA_DIR)', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'readyz-')), 'data');
  const savedDataDir = process.env.DATA_DIR;
  const savedRepo = process.env.RULES_REPO;
  let running: Running | undefined;
  afterAll(async () => {
    await running?.close();
    if (savedDataDir === undefined) delete process.env.DATA_DIR;
    else process.env.DATA_DIR = savedDataDir;
    if (savedRepo !== undefined) process.env.RULES_REPO = savedRepo;
  });

  it('names the store and the commit of main; 503 while the rules repository is gone, ready again when it is back', async () => {
    process.env.DATA_DIR = dataDir;
    delete process.env.RULES_REPO;
    running = await startServer({ port: 0, logger: createLogger('silent'), batchWorkers: 0 });
    const repo = join(dataDir, 'rules-repo');
    const main = execFileSync('git', ['-C', repo, 'rev-parse', 'refs/heads/main'], { encoding: 'utf8' }).trim();

    const ready = await fetch(`${running.url}/readyz`);
    expect(ready.status).toBe(200);
    const body = await ready.json();
    expect(body).toMatchObject({ status: 'ready', store: { ok: true, kind: 'sqlite' }, rulesRepo: { ok: true, main }, generation: 1, pid: process.pid });
    expect(body.versions).toBeGreaterThan(0);
    expect(JSON.stringify(body)).not.toContain(dataDir);

    renameSync(repo, `${repo}.weg`);
    try {
      const gone = await fetch(`${running.url}/readyz`);
      expect(gone.status).toBe(503);
      expect(await gone.json()).toMatchObject({ status: 'not_ready', rulesRepo: { ok: false } });
      expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    } finally {
      renameSync(`${repo}.weg`, repo);
    }
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
  });
});
