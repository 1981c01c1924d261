/**
 * The contract test: what the running service answers is what its OpenAPI document declares.
 * Driven by the served document alone, so an operation, status or code added later (by a route or
 * a guard) is covered without touching this file: every operation is called with its own example
 * and with the faults a client makes (no credentials, an unknown API key, no CSRF token, a body
 * that is not JSON, not JSON at all, too large or of the wrong shape, a bad path or query
 * parameter); every answer's status must be declared for that operation and its body must match
 * the declared schema, whose `error.code` enum names the codes. Every example in the document
 * validates against its schema.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAjv } from '../../src/base/json-schema.js';
import { REPO_ROOT } from '../../src/evaluate/project.js';
import { requestComponent } from '../../src/server/openapi/decision-contract.js';
import { OVERSIZED_BYTES, startContractService, type ContractService } from './contract-service.js';

type Schema = Record<string, unknown>;
interface Param { name: string; in: string; required?: boolean; example?: unknown; schema?: Schema }
interface MediaType { schema?: Schema; example?: unknown; examples?: Record<string, { value: unknown }> }
interface Operation {
  parameters?: Param[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, { content?: Record<string, MediaType> }>;
  security?: Record<string, unknown>[];
}
interface Doc { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } }

let svc: ContractService;
let doc: Doc;
const ajv = createAjv();
const validators = new Map<Schema, ReturnType<typeof ajv.compile>>();
const validate = (schema: Schema, value: unknown) => {
  let v = validators.get(schema);
  if (!v) validators.set(schema, (v = ajv.compile({ ...schema, components: doc.components })));
  return v(value) ? undefined : ajv.errorsText(v.errors);
};

beforeAll(async () => {
  svc = await startContractService();
  doc = (await (await fetch(`${svc.url}/api/openapi.json`)).json()) as Doc;
}, 180_000);
afterAll(() => svc?.stop());

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) => METHODS.filter((m) => ops[m]).map((m) => ({ path, method: m, op: ops[m] })));

/** The first example of a media type: `example`, or the first of `examples`. */
const firstExample = (m: MediaType | undefined) => (m?.example !== undefined ? m.example : m?.examples ? Object.values(m.examples)[0]?.value : undefined);

interface Probe {
  name: string;
  path: string;
  query?: Record<string, string>;
  auth: 'session' | 'none' | 'unknown-key' | 'no-csrf';
  body?: string;
  type?: string;
}

/** The requests every operation is driven with: its example, and each fault a client can make. */
function probes(path: string, method: string, op: Operation): Probe[] {
  const params = op.parameters ?? [];
  const fill = (values: Record<string, string>) => path.replace(/\{(\w+)\}/g, (_m, n: string) => encodeURIComponent(values[n] ?? String(params.find((p) => p.name === n)?.example ?? '1')));
  const query: Record<string, string> = {};
  for (const p of params) if (p.in === 'query' && p.required) query[p.name] = String(p.example ?? 'x');
  const example = firstExample(op.requestBody?.content['application/json']);
  const body = method === 'get' ? undefined : JSON.stringify(example ?? {});
  const out: Probe[] = [
    { name: 'example', path: fill({}), query, auth: 'session', body, type: body ? 'application/json' : undefined },
    { name: 'no credentials', path: fill({}), query, auth: 'none', body, type: body ? 'application/json' : undefined },
    { name: 'unknown API key', path: fill({}), query, auth: 'unknown-key', body, type: body ? 'application/json' : undefined },
  ];
  for (const p of params.filter((x) => x.in === 'path')) {
    out.push({ name: `path ${p.name}=XYZ`, path: fill({ [p.name]: 'XYZ' }), query, auth: 'session', body, type: body ? 'application/json' : undefined });
    out.push({ name: `path ${p.name}=0`, path: fill({ [p.name]: '0' }), query, auth: 'session', body, type: body ? 'application/json' : undefined });
    out.push({ name: `path ${p.name}=999999`, path: fill({ [p.name]: '999999' }), query, auth: 'session', body, type: body ? 'application/json' : undefined });
  }
  for (const p of params.filter((x) => x.in === 'query')) {
    out.push({ name: `query ${p.name}=XYZ`, path: fill({}), query: { ...query, [p.name]: 'XYZ' }, auth: 'session', body, type: body ? 'application/json' : undefined });
  }
  for (const p of params.filter((x) => x.in === 'query' && x.required)) {
    const { [p.name]: _left, ...rest } = query;
    out.push({ name: `query ${p.name} missing`, path: fill({}), query: rest, auth: 'session' });
  }
  if (method !== 'get') {
    const at = fill({});
    out.push(
      { name: 'no CSRF token', path: at, query, auth: 'no-csrf', body, type: 'application/json' },
      { name: '+json media type', path: at, query, auth: 'session', body, type: 'application/vnd.api+json' },
      { name: 'not JSON', path: at, query, auth: 'session', body: '{"a":', type: 'application/json' },
      { name: 'text/plain', path: at, query, auth: 'session', body: 'hallo', type: 'text/plain' },
      { name: 'wrong shape (array)', path: at, query, auth: 'session', body: '[1,2]', type: 'application/json' },
      { name: 'wrong shape (unknown field)', path: at, query, auth: 'session', body: '{"onbekend":true}', type: 'application/json' },
      { name: 'oversized', path: at, query, auth: 'session', body: JSON.stringify({ x: 'a'.repeat(OVERSIZED_BYTES) }), type: 'application/json' },
    );
  }
  return out;
}

interface Observation { op: string; probe: string; status: number; type: string; body: string }

async function send(method: string, p: Probe, session: { cookie: string; csrf: string }): Promise<Observation & { ok: boolean }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (p.type) headers['content-type'] = p.type;
  if (p.auth === 'session' || p.auth === 'no-csrf') headers.cookie = session.cookie;
  if (p.auth === 'session') headers['x-csrf-token'] = session.csrf;
  if (p.auth === 'unknown-key') headers['x-api-key'] = 'prk_bestaat-niet';
  const qs = new URLSearchParams(p.query ?? {}).toString();
  const r = await fetch(`${svc.url}${p.path}${qs ? `?${qs}` : ''}`, { method: method.toUpperCase(), headers, body: p.body });
  return { ok: true, op: '', probe: p.name, status: r.status, type: (r.headers.get('content-type') ?? '').split(';')[0], body: await r.text() };
}

/** Why an observed answer does not fit the operation's declaration (undefined when it fits). */
function misfit(op: Operation, o: Observation): string | undefined {
  if (o.status >= 500) return `5xx: ${o.body.slice(0, 300)}`;
  const declared = op.responses[String(o.status)] ?? op.responses.default;
  if (!declared) return `status ${o.status} not declared (declared: ${Object.keys(op.responses).join(', ')}); body ${o.body.slice(0, 300)}`;
  if (!declared.content) return o.body === '' ? undefined : `status ${o.status} declares no body, got ${o.body.slice(0, 200)}`;
  const media = declared.content[o.type];
  if (!media) return `status ${o.status}: content type ${o.type} not declared (${Object.keys(declared.content).join(', ')})`;
  if (o.type !== 'application/json' || !media.schema) return undefined;
  const problem = validate(media.schema, JSON.parse(o.body));
  return problem ? `status ${o.status} body does not match its declaration (${problem}): ${o.body.slice(0, 300)}` : undefined;
}

/**
 * The pointer rule, where a probe spoils one part of the request: a refused path or query parameter is
 * pointed at as /path/<name> or /query/<name>, a refused media type at /header/content-type.
 */
function wrongPointer(p: Probe, o: Observation): string | undefined {
  if (o.status < 400 || o.type !== 'application/json') return undefined;
  const details = (JSON.parse(o.body) as { error?: { details?: { pointer: string }[] } }).error?.details ?? [];
  const m = /^(path|query) (\w+)/.exec(p.name);
  const want = m ? `/${m[1]}/${m[2]}` : p.name === 'text/plain' ? '/header/content-type' : undefined;
  if (!want || !details.length || o.status === 401) return undefined;
  return details.some((d) => d.pointer === want) ? undefined : `pointers ${JSON.stringify(details.map((d) => d.pointer))}, expected ${want}`;
}

describe('the served OpenAPI document and the service agree', () => {
  it('every example in the document validates against its schema', () => {
    const bad: string[] = [];
    let examples = 0;
    const check = (where: string, m: MediaType | undefined) => {
      if (!m?.schema) return;
      const all = [...(m.example !== undefined ? [m.example] : []), ...Object.values(m.examples ?? {}).map((e) => e.value)];
      for (const value of all) {
        examples++;
        const problem = validate(m.schema, value);
        if (problem) bad.push(`${where}: ${problem}`);
      }
    };
    for (const { path, method, op } of operations()) {
      check(`${method} ${path} request`, op.requestBody?.content['application/json']);
      for (const [status, r] of Object.entries(op.responses)) check(`${method} ${path} ${status}`, r.content?.['application/json']);
    }
    expect(bad).toEqual([]);
    expect(examples).toBeGreaterThanOrEqual(20);
  });

  it('every request body has an example, and evaluate one per decision of the served rules', async () => {
    const missing = operations().filter(({ op }) => op.requestBody && firstExample(op.requestBody.content['application/json']) === undefined).map(({ path, method }) => `${method} ${path}`);
    expect(missing).toEqual([]);
    const evaluate = doc.paths['/api/v1/evaluate'].post.requestBody!.content['application/json'].examples!;
    const decisions = (doc.components.schemas.Decision as { enum: string[] }).enum;
    expect(new Set(Object.values(evaluate).map((e) => (e.value as { decision: string }).decision))).toEqual(new Set(decisions));
  });

  it('every status and error code the service answers is declared for its operation', async () => {
    const misfits: string[] = [];
    const seen = new Map<string, Set<string>>();
    // Creating the proposal first gives the {id} operations one to work on (the example id 1).
    const ordered = operations().sort((a, b) => Number(b.path === '/api/v1/proposals' && b.method === 'post') - Number(a.path === '/api/v1/proposals' && a.method === 'post'));
    let session = await svc.login();
    for (const { path, method, op } of ordered) {
      const key = `${method.toUpperCase()} ${path}`;
      for (const p of probes(path, method, op)) {
        const o = await send(method, p, session);
        // The logout example ends its session: the next request gets a fresh one.
        if (path === '/api/v1/auth/logout') session = await svc.login();
        const why = misfit(op, o) ?? wrongPointer(p, o);
        if (why) misfits.push(`${key} [${p.name}]: ${why}`);
        const code = o.type === 'application/json' && o.status >= 400 ? (JSON.parse(o.body) as { error?: { code?: string } }).error?.code : undefined;
        seen.set(key, (seen.get(key) ?? new Set()).add(`${o.status}${code ? ` ${code}` : ''}`));
      }
    }
    if (process.env.CONTRACT_SEEN) writeFileSync(process.env.CONTRACT_SEEN, JSON.stringify(Object.fromEntries([...seen].map(([k, v]) => [k, [...v].sort()])), null, 1));
    expect(misfits).toEqual([]);
    // The faults were seen: every write refused a body too large, not JSON and not of a JSON type.
    for (const { path, method } of operations().filter((x) => x.method !== 'get' && x.path.startsWith('/api/'))) {
      const s = seen.get(`${method.toUpperCase()} ${path}`)!;
      expect([...s], `${method} ${path}`).toEqual(expect.arrayContaining(['413 payload_too_large', '415 unsupported_media_type', '400 invalid_request']));
    }
    expect(seen.size).toBe(operations().length);
  }, 600_000);
});

describe('one answer for one fault, wherever it is made', () => {
  const call = async (method: string, path: string, body?: unknown, o: { type?: string; key?: string; session?: boolean } = {}) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = o.type ?? 'application/json';
    if (o.key) headers['x-api-key'] = o.key;
    if (o.session !== false && !o.key) {
      const s = await svc.login();
      Object.assign(headers, { cookie: s.cookie, 'x-csrf-token': s.csrf });
    }
    const r = await fetch(`${svc.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, body: (await r.json().catch(() => undefined)) as { error: { code: string; message: string; details: { pointer: string; message: string }[] } } & Record<string, unknown> };
  };
  const pointers = (r: { body: { error: { details: { pointer: string }[] } } }) => r.body.error.details.map((d) => d.pointer);
  const broken = { protocol: 'RTP', baseVersion: '2.0', files: [{ path: 'rtp/2.0/decisions/tariefgroep.yaml', text: 'id: tariefgroep\noutcomes: [\n' }] };
  const example = (path: string) => firstExample(doc.paths[path].post.requestBody!.content['application/json']) as Record<string, unknown>;

  it('a draft that does not load is 422 draft_invalid on diff, as on evaluate, pointing at the file in the request', async () => {
    const diff = await call('POST', '/api/v1/drafts/diff', broken);
    expect(diff.status).toBe(422);
    expect(diff.body.error.code).toBe('draft_invalid');
    expect(pointers(diff)).toContain('/files/0/text');
    const evaluated = await call('POST', '/api/v1/drafts/evaluate', { ...broken, request: { decision: 'tariefgroep', facts: { functie: 'SPV\'er', datum: '2025-03-01' } } });
    expect([evaluated.status, evaluated.body.error.code]).toEqual([422, 'draft_invalid']);
  }, 60_000);

  it('a missing field is pointed at itself, in the body, a nested request, facts, iJw envelope and query', async () => {
    const noFacts = await call('POST', '/api/v1/evaluate', { protocol: 'RAP', decision: 'declaratie' });
    expect(pointers(noFacts)).toEqual(['/facts']);
    const facts = (example('/api/v1/evaluate') as { facts: Record<string, unknown> }).facts;
    const decision = (example('/api/v1/evaluate') as { protocol: string; decision: string });
    // A fact the decision's schema requires (the facts component its typed request refers to).
    const typed = doc.components.schemas[requestComponent(decision.protocol, decision.decision)] as { properties: { facts: { $ref: string } } };
    const required = (doc.components.schemas[typed.properties.facts.$ref.split('/').pop()!] as { required: string[] }).required[0];
    const { [required]: _gone, ...rest } = facts;
    const noFact = await call('POST', '/api/v1/evaluate', { protocol: decision.protocol, decision: decision.decision, facts: rest });
    expect(noFact.body.error.code).toBe('invalid_facts');
    expect(pointers(noFact)).toContain(`/facts/${required}`);
    const draft = await call('POST', '/api/v1/drafts/evaluate', { protocol: 'RTP', baseVersion: '2.0', files: [], request: { facts: {} } });
    expect(pointers(draft)).toEqual(['/request/decision']);
    const unknownDecision = await call('POST', '/api/v1/drafts/evaluate', { protocol: 'RTP', baseVersion: '2.0', files: [], request: { decision: 'bestaat-niet', facts: {} } });
    expect([unknownDecision.status, pointers(unknownDecision)]).toEqual([404, ['/request/decision']]);
    const ijw = await call('POST', '/api/v1/ijw/declaratie', {});
    expect(pointers(ijw)).toEqual(['/jw323']);
    const diff = await call('GET', '/api/v1/rulesets/RTP/diff?from=1.0');
    expect(pointers(diff)).toEqual(['/query/to']);
    const state = await call('GET', '/api/v1/proposals?state=XYZ');
    expect([state.status, pointers(state)]).toEqual([400, ['/query/state']]);
    const version = await call('GET', '/api/v1/rulesets/RTP/9.9/decisions');
    expect([version.status, pointers(version)]).toEqual([404, ['/path/version']]);
  }, 60_000);

  it('parameters are checked: /proposals/abc and ?protocol=XYZ are 400 with their pointer', async () => {
    const abc = await call('GET', '/api/v1/proposals/abc');
    expect([abc.status, pointers(abc)]).toEqual([400, ['/path/id']]);
    expect(abc.body.error.message).not.toMatch(/NaN/);
    const xyz = await call('GET', '/api/v1/explanations?protocol=XYZ');
    expect([xyz.status, pointers(xyz)]).toEqual([400, ['/query/protocol']]);
    expect((await call('GET', '/api/v1/explanations?protocol=RTP')).status).toBe(200);
  });

  it('logging out without a session is 204, as declared', async () => {
    const r = await fetch(`${svc.url}/api/v1/auth/logout`, { method: 'POST' });
    expect(r.status).toBe(204);
    expect(doc.paths['/api/v1/auth/logout'].post.responses['204']).toBeDefined();
  });

  it('a +json media type is taken by every JSON route alike', async () => {
    const type = 'application/vnd.api+json';
    expect((await call('POST', '/api/v1/evaluate', example('/api/v1/evaluate'), { type })).status).toBe(200);
    expect((await call('POST', '/api/v1/evaluate/batch', example('/api/v1/evaluate/batch'), { type })).status).toBe(200);
    expect((await call('POST', '/api/v1/ijw/toewijzing', example('/api/v1/ijw/toewijzing'), { type })).status).toBe(200);
    expect((await call('POST', '/api/v1/auth/login', example('/api/v1/auth/login'), { type, session: false })).status).toBe(200);
  });

  it('with no API keys configured, an unknown key is 401 on every route that takes keys', async () => {
    for (const path of ['/api/v1/evaluate', '/api/v1/evaluate/batch', '/api/v1/ijw/declaratie', '/api/v1/drafts/check', '/api/v1/impact']) {
      const r = await call('POST', path, example(path), { key: 'prk_bestaat-niet' });
      expect([path, r.status, r.body.error.code, pointers(r)]).toEqual([path, 401, 'unauthenticated', ['/header/x-api-key']]);
    }
    // Without a key, evaluate stays open.
    expect((await call('POST', '/api/v1/evaluate', example('/api/v1/evaluate'), { session: false })).status).toBe(200);
  });

  it('lists each decision with its facts schema, outcomes and reference-date fact; the examples fit the listed schemas', async () => {
    const listed = new Map<string, { facts: { schema: Schema }; outcomes: string[]; referenceDate: { pointer: string } }>();
    for (const v of ((await (await fetch(`${svc.url}/api/v1/rulesets`)).json()) as { rulesets: { protocol: string; version: string }[] }).rulesets) {
      const r = (await (await fetch(`${svc.url}/api/v1/rulesets/${v.protocol}/${v.version}/decisions`)).json()) as { decisions: { id: string; facts: { schema: Schema }; outcomes: string[]; referenceDate: { pointer: string } }[] };
      for (const d of r.decisions) listed.set(`${v.protocol} ${d.id}`, d);
    }
    const examples = Object.values(doc.paths['/api/v1/evaluate'].post.requestBody!.content['application/json'].examples!).map((e) => e.value as { protocol: string; decision: string; facts: object });
    for (const e of examples) {
      const d = listed.get(`${e.protocol} ${e.decision}`)!;
      expect(d.outcomes).toContain('onvoldoende_gegevens');
      expect(d.referenceDate.pointer).toMatch(/^\/facts\//);
      expect(ajv.validate(d.facts.schema, e.facts), `${e.protocol} ${e.decision}: ${ajv.errorsText(ajv.errors)}`).toBe(true);
    }
    expect([...listed.keys()].map((k) => k.split(' ')[1]).sort()).toEqual(expect.arrayContaining((doc.components.schemas.Decision as { enum: string[] }).enum));
  });
});

describe('self-contained', () => {
  const OUTSIDE = /CONTRACT\.md|\.\.\/shared\/|\/work\/shared/;

  it('no served answer refers to a file outside the repository', async () => {
    const paths = ['/api/openapi.json', '/api/v1/rulesets'];
    for (const v of ((await (await fetch(`${svc.url}/api/v1/rulesets`)).json()) as { rulesets: { protocol: string; version: string }[] }).rulesets) {
      paths.push(`/api/v1/rulesets/${v.protocol}/${v.version}`, `/api/v1/rulesets/${v.protocol}/${v.version}/decisions`);
    }
    for (const p of paths) expect((await (await fetch(`${svc.url}${p}`)).text()).match(OUTSIDE)?.[0], p).toBeUndefined();
    const answers = Object.values(doc.paths['/api/v1/evaluate'].post.responses['200'].content!['application/json'].examples!);
    expect(JSON.stringify(answers).match(OUTSIDE)?.[0]).toBeUndefined();
  });

  it('no document or rule file refers to a file outside the repository', () => {
    const files = execFileSync('git', ['ls-files', 'README.md', 'docs', 'rules', 'schemas', 'src'], { cwd: REPO_ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    const hits = files.filter((f) => OUTSIDE.test(readFileSync(join(REPO_ROOT, f), 'utf8')));
    expect(hits).toEqual([]);
  });
});
