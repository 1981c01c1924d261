import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { ApiError } from '../../src/base/errors.js';
import { generateCorpus } from '../../src/corpus/generate.js';
import { impactRouter } from '../../src/server/routes/impact.js';
import { loadProject } from '../../src/evaluate/project.js';
import { createApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';

const project = loadProject();
const holder = createRegistryHolder(project.registry);
const app = createApp({ holder, logger: createLogger('silent'), routers: [{ path: '/api/v1/impact', router: impactRouter({ holder }) }] });

describe('POST /api/v1/impact', () => {
  it('reports what a draft changes on a generated corpus, with money in cents', async () => {
    const path = 'rap/2.0/tables/beroepentabel.yaml';
    const doc = parseDocument(project.files.get(path)!);
    const rows = doc.get('rows') as { items: { get(k: string): unknown; set(k: string, v: unknown): void }[] };
    rows.items.find((r) => r.get('functie') === 'kinder- en jeugdtherapeut')!.set('tariefgroep', 'TG4');
    const r = await request(app).post('/api/v1/impact').send({ protocol: 'RAP', from: '2.0', to: { files: [{ path, text: doc.toString() }] }, size: 1500, seed: 3 });
    expect(r.status).toBe(200);
    expect(r.body.cases).toBe(1500);
    expect(r.body.changed).toBeGreaterThan(0);
    expect(r.body.byRule[0].rule).toBe('rap.declaratie.tariefgroep-professional');
    expect(r.body.money.nuAfgekeurd).toBeGreaterThan(0);
    expect(Number.isInteger(r.body.money.netto)).toBe(true);
  });

  it('answers a draft that does not load with 422 draft_invalid and file:line:col', async () => {
    const path = 'rap/2.0/tables/beroepentabel.yaml';
    const r = await request(app).post('/api/v1/impact').send({ protocol: 'RAP', from: '2.0', to: { files: [{ path, text: 'rows: [ {functie: x\n' }] }, size: 10 });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('draft_invalid');
    expect(r.body.error.details[0].pointer).toBe(`/to/files/0/text`);
    expect(r.body.error.details[0].message).toMatch(/^rap\/2\.0\/tables\/beroepentabel\.yaml:\d+:\d+ /);
  });

  it('runs a proposal of the procedure by id, and answers an unknown one with 404 not_found', async () => {
    const path = 'rap/2.0/tables/beroepentabel.yaml';
    const doc = parseDocument(project.files.get(path)!);
    (doc.get('rows') as { items: { get(k: string): unknown; set(k: string, v: unknown): void }[] }).items.find((r) => r.get('functie') === 'kinder- en jeugdtherapeut')!.set('tariefgroep', 'TG4');
    const proposals = new Map([[4, { protocol: 'RAP', baseVersion: '2.0', files: [{ path, text: doc.toString() }] }]]);
    const withProposals = createApp({ holder, logger: createLogger('silent'), routers: [{ path: '/api/v1/impact', router: impactRouter({
      holder,
      proposalFiles: async (id) => proposals.get(id) ?? Promise.reject(new ApiError('not_found', 'not_found', `voorstel ${id} bestaat niet`)),
    }) }] });
    const r = await request(withProposals).post('/api/v1/impact').send({ protocol: 'RAP', from: '2.0', to: { proposalId: 4 }, size: 800, seed: 5 });
    expect(r.status).toBe(200);
    expect(r.body.to).toBe('voorstel 4');
    expect(r.body.changed).toBeGreaterThan(0);
    const missing = await request(withProposals).post('/api/v1/impact').send({ protocol: 'RAP', from: '2.0', to: { proposalId: 99 }, size: 10 });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
  });

  it('reads a named corpus from the corpora folder as it is, and answers an unknown name with 404 unknown_corpus', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'corpora-'));
    const lines = [...generateCorpus(project.registry, 9, 400)];
    writeFileSync(join(dir, 'ijsselland-2025.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const named = createApp({ holder, logger: createLogger('silent'), routers: [{ path: '/api/v1/impact', router: impactRouter({ holder, corporaDir: dir }) }] });
    const r = await request(named).post('/api/v1/impact').send({ protocol: 'RAP', from: '2.0', to: { version: '1.0' }, corpus: 'ijsselland-2025' });
    expect(r.status).toBe(200);
    expect(r.body.cases).toBe(400);
    expect(r.body.evaluated).toBe(lines.filter((l) => l.protocol === 'RAP').length);
    const missing = await request(named).post('/api/v1/impact').send({ protocol: 'RAP', from: '2.0', to: { version: '1.0' }, corpus: 'bestaat-niet' });
    expect([missing.status, missing.body.error.code, missing.body.error.details[0].pointer]).toEqual([404, 'unknown_corpus', '/corpus']);
    const bad = await request(named).post('/api/v1/impact').send({ protocol: 'RAP', from: '2.0', to: { version: '1.0' }, corpus: '../etc/passwd' });
    expect([bad.status, bad.body.error.details[0].pointer]).toEqual([400, '/corpus']);
  });

  it('refuses malformed requests with pointers', async () => {
    const r = await request(app).post('/api/v1/impact').send({ protocol: 'XYZ', from: 2, size: 10 ** 9 });
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { pointer: string }) => d.pointer)).toEqual(['/protocol', '/from', '/to', '/size']);
    expect((await request(app).post('/api/v1/impact').send({ protocol: 'RAP', from: '9.9', to: { version: '2.0' } })).status).toBe(404);
  });
});
