import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';
import { loadProject } from '../../src/evaluate/project.js';
import { miniRules } from '../helpers/rule-tree.js';

const project = loadProject(miniRules());
const holder = createRegistryHolder(project.registry);
const app = createApp({ holder, logger: createLogger('silent'), today: () => '2025-06-01', limits: { body: '2kb', batchBody: '64kb' } });
const facts = (functie: string, datum: string, caoSchaal = 9) => ({ functie, caoSchaal, datum });
const single = (body: unknown) => request(app).post('/api/v1/evaluate').send(body as object);

describe('POST /api/v1/evaluate', () => {
  it('answers with outcome, events, version, date and content hash', async () => {
    const r = await single({ protocol: 'RTP', decision: 'tariefgroep', facts: facts('spv', '2025-02-03', 10) });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      protocol: 'RTP', version: '2.0', decision: 'tariefgroep', date: '2025-02-03', outcome: 'TG4',
      events: [{ type: 'uitkomst', rule: 'rtp.tariefgroep.uit-beroepentabel', source: 'testfixture §1', params: { groep: 'TG4' } }],
    });
    expect(r.body.contentHash).toBe(project.registry.get('RTP', '2.0')!.contentHash);
    expect(r.body.trace).toBeUndefined();
    expect(r.headers['x-request-id']).toBeTruthy();
  });

  it('includes the trace with explain: every rule with its condition results', async () => {
    const r = await single({ protocol: 'RTP', decision: 'tariefgroep', facts: facts('kok', '2025-02-03'), explain: true });
    expect(r.body.outcome).toBe('overleg_contractbeheer');
    expect(r.body.trace).toEqual([
      { rule: 'rtp.tariefgroep.uit-beroepentabel', title: 'Tariefgroep volgt uit de beroepentabel', fired: false, priority: 50,
        conditions: { all: [{ fact: 'groep', operator: 'isSet', value: true, factValue: null, result: false }], result: false } },
    ]);
  });

  it('echoes a sane X-Request-Id', async () => {
    const r = await request(app).get('/healthz').set('X-Request-Id', 'abc-123');
    expect(r.headers['x-request-id']).toBe('abc-123');
  });

  it.each([
    ['not JSON', '{"protocol":', 400, 'invalid_request', ''],
    ['an array', '[]', 400, 'invalid_request', ''],
    ['missing facts', JSON.stringify({ protocol: 'RTP', decision: 'tariefgroep' }), 400, 'invalid_request', '/facts'],
    ['an unknown field', JSON.stringify({ protocol: 'RTP', decision: 'tariefgroep', facts: {}, extra: 1 }), 400, 'invalid_request', '/extra'],
    ['a bad date', JSON.stringify({ protocol: 'RTP', decision: 'tariefgroep', facts: {}, date: '2025-13-01' }), 400, 'invalid_request', '/date'],
    ['wrong facts', JSON.stringify({ protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 1, datum: '2025-01-01' } }), 400, 'invalid_facts', '/facts/functie'],
    ['an unknown protocol', JSON.stringify({ protocol: 'WMO', decision: 'tariefgroep', facts: {} }), 404, 'unknown_protocol', '/protocol'],
    ['an unknown decision', JSON.stringify({ protocol: 'RTP', decision: 'declaratie', facts: {} }), 404, 'unknown_decision', '/decision'],
    ['an unknown version', JSON.stringify({ protocol: 'RTP', decision: 'tariefgroep', facts: facts('spv', '2025-01-01'), version: '7.0' }), 404, 'unknown_version', '/version'],
    ['no version in force', JSON.stringify({ protocol: 'RTP', decision: 'tariefgroep', facts: facts('spv', '2022-01-01') }), 422, 'no_version_in_force', '/facts/datum'],
    ['a body over the limit', JSON.stringify({ protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'x'.repeat(5000), datum: '2025-01-01' } }), 413, 'payload_too_large', null],
  ])('gives %s a JSON error', async (_name, body, status, code, pointer) => {
    const r = await request(app).post('/api/v1/evaluate').set('content-type', 'application/json').send(body);
    expect(r.status).toBe(status);
    expect(r.headers['content-type']).toMatch(/application\/json/);
    expect(r.body.error.code).toBe(code);
    expect(typeof r.body.error.message).toBe('string');
    if (pointer !== null) expect(r.body.error.details.map((d: { pointer: string }) => d.pointer)).toContain(pointer);
  });
});

describe('POST /api/v1/evaluate/batch', () => {
  it('answers in order; a bad item in the middle gets its own error and the others succeed', async () => {
    const r = await request(app).post('/api/v1/evaluate/batch').send({
      requests: [
        { protocol: 'RTP', decision: 'tariefgroep', facts: facts('therapeut', '2024-06-01') },
        { protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'spv' } },
        { protocol: 'RTP', decision: 'tariefgroep' },
        { protocol: 'RTP', decision: 'tariefgroep', facts: facts('therapeut', '2025-06-01') },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.results).toHaveLength(4);
    expect(r.body.results[0]).toMatchObject({ version: '1.0', outcome: 'TG4' });
    expect(r.body.results[1]).toMatchObject({ status: 400, error: { code: 'invalid_facts', details: [{ pointer: '/requests/1/facts/datum' }] } });
    expect(r.body.results[2]).toMatchObject({ error: { code: 'invalid_request', details: [{ pointer: '/requests/2/facts' }] } });
    expect(r.body.results[3]).toMatchObject({ version: '2.0', outcome: 'TG3' });
  });

  it('refuses a body that is not { requests: [...] } and more than 10,000 requests', async () => {
    expect((await request(app).post('/api/v1/evaluate/batch').send({ items: [] })).body.error.code).toBe('invalid_request');
    const many = { requests: Array.from({ length: 10_001 }, () => ({})) };
    const big = createApp({ holder, logger: createLogger('silent') });
    const r = await request(big).post('/api/v1/evaluate/batch').send(many);
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].pointer).toBe('/requests');
  });
});

describe('read endpoints', () => {
  it('lists every version with status and validity', async () => {
    const r = await request(app).get('/api/v1/rulesets');
    expect(r.body.rulesets.map((v: { version: string; status: string; validTo: string | null }) => [v.version, v.status, v.validTo])).toEqual([
      ['1.0', 'werkdocument', '2024-12-31'], ['2.0', 'vastgesteld', '2025-12-31'], ['2.1', 'concept', null],
    ]);
  });

  it('gives a version with its decisions and tables, and its files', async () => {
    const r = await request(app).get('/api/v1/rulesets/RTP/2.0');
    expect(r.body.decisions[0]).toMatchObject({ id: 'tariefgroep', outcomes: ['TG3', 'TG4', 'overleg_contractbeheer'] });
    expect(r.body.tables[0].rows).toContainEqual({ functie: 'spv', caoSchaal: { min: 10 }, tariefgroep: 'TG4' });
    const f = await request(app).get('/api/v1/rulesets/RTP/2.0/files');
    expect(f.body.files.map((x: { path: string }) => x.path)).toContain('rtp/2.0/tables/beroepen.yaml');
    expect((await request(app).get('/api/v1/rulesets/RTP/3.0')).status).toBe(404);
    expect((await request(app).get('/api/v1/rulesets/XX/1.0')).body.error.code).toBe('unknown_protocol');
  });

  it('diffs two versions rule by rule and row by row', async () => {
    const r = await request(app).get('/api/v1/rulesets/RTP/diff?from=1.0&to=2.0');
    expect(r.status).toBe(200);
    expect(r.body.rows.changed).toEqual([
      expect.objectContaining({ table: 'beroepen', key: { functie: 'therapeut', caoSchaal: null }, values: { functie: 'therapeut', tariefgroep: 'TG3' }, before: { functie: 'therapeut', tariefgroep: 'TG4' } }),
    ]);
    expect(r.body.rules).toEqual({ added: [], removed: [], changed: [] });
    expect(r.body.metadata.map((m: { field: string }) => m.field)).toEqual(['version', 'status', 'title', 'validFrom', 'validTo', 'changelog']);
    expect((await request(app).get('/api/v1/rulesets/RTP/diff?from=1.0')).body.error.details[0].pointer).toBe('/query/to');
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const r = await request(app).get('/api/v1/nergens');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
  });
});

describe('drafts', () => {
  const base = { protocol: 'RTP', baseVersion: '2.0' };
  const table = project.files.get('rtp/2.0/tables/beroepen.yaml')!;

  it('checks a draft: problems with file:line:col, tests only when it loads', async () => {
    const broken = table.replace('tariefgroep: TG3 }', 'tariefgroep: 3 }');
    const r = await request(app).post('/api/v1/drafts/check').send({ ...base, files: [{ path: 'rtp/2.0/tables/beroepen.yaml', text: broken }] });
    expect(r.status).toBe(200);
    expect(r.body.diagnostics).toEqual([expect.objectContaining({ file: 'rtp/2.0/tables/beroepen.yaml', line: 11, code: 'bad_row' })]);
    const ok = await request(app).post('/api/v1/drafts/check').send({ ...base, files: [{ path: 'rtp/2.0/tables/beroepen.yaml', text: table }] });
    expect(ok.body).toMatchObject({ diagnostics: [], tests: { passed: 2, failed: 0 } });
  });

  it('runs the draft tests and reports failures', async () => {
    const changed = table.replace('functie: therapeut, tariefgroep: TG3', 'functie: therapeut, tariefgroep: TG4');
    const r = await request(app).post('/api/v1/drafts/check').send({ ...base, files: [{ path: 'rtp/2.0/tables/beroepen.yaml', text: changed }] });
    expect(r.body.tests).toMatchObject({ passed: 1, failed: 1 });
    expect(r.body.tests.cases.find((c: { passed: boolean }) => !c.passed).failures).toContain('uitkomst: verwacht TG3, kreeg TG4');
  });

  it('evaluates on the draft and diffs it against its base', async () => {
    const changed = table.replace('functie: therapeut, tariefgroep: TG3', 'functie: therapeut, tariefgroep: TG4');
    const files = [{ path: 'rtp/2.0/tables/beroepen.yaml', text: changed }];
    const r = await request(app).post('/api/v1/drafts/evaluate').send({ ...base, files, request: { decision: 'tariefgroep', facts: facts('therapeut', '2025-03-01') } });
    expect(r.body).toMatchObject({ version: '2.0', outcome: 'TG4' });
    const d = await request(app).post('/api/v1/drafts/diff').send({ ...base, files });
    expect(d.body.rows.changed).toHaveLength(1);
  });

  it('refuses files outside the base version and a draft that does not load', async () => {
    const r = await request(app).post('/api/v1/drafts/check').send({ ...base, files: [{ path: 'rtp/1.0/tables/beroepen.yaml', text: table }] });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].pointer).toBe('/files/0/path');
    const e = await request(app).post('/api/v1/drafts/evaluate').send({ ...base, files: [{ path: 'rtp/2.0/tables/beroepen.yaml', text: 'rows: [' }], request: { decision: 'tariefgroep', facts: facts('spv', '2025-01-01') } });
    expect(e.status).toBe(422);
    expect(e.body.error.code).toBe('draft_invalid');
  });
});
