/**
 * An integrator's first hour, from the served OpenAPI alone: openapi-typescript makes the types of
 * the running service's document, a small program types one evaluate request per decision with
 * openapi-fetch (facts checked by tsc against the decision's facts schema), and runs against the
 * service on loopback. A fact the schema does not know, or a protocol it does not serve, must not
 * type-check: the facts are really typed (not Record<string, never> or any).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { requestComponent } from '../../src/server/openapi/decision-contract.js';
import { REPO_ROOT, SHIPPED_RULES_DIR } from '../../src/evaluate/project.js';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';

const run = promisify(execFile);
const BIN = join(REPO_ROOT, 'node_modules', '.bin');

let svc: ServeProcess;
let dir: string;
let examples: { protocol: string; decision: string; facts: object }[];
let outcomes: Record<string, string>;

beforeAll(async () => {
  svc = await startServe(['--rules', SHIPPED_RULES_DIR], { API_KEYS: '' });
  dir = mkdtempSync(join(tmpdir(), 'typed-client-'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], types: ['node'], noEmit: true, skipLibCheck: true },
    include: ['*.ts'],
  }));
  await run(join(BIN, 'openapi-typescript'), [`${svc.url}/api/openapi.json`, '-o', join(dir, 'api.d.ts')], { cwd: dir });
  const doc = (await (await fetch(`${svc.url}/api/openapi.json`)).json()) as {
    paths: Record<string, { post: { requestBody: { content: { 'application/json': { examples: Record<string, { value: { protocol: string; decision: string; facts: object } }> } } }; responses: { 200: { content: { 'application/json': { examples: Record<string, { value: { outcome: string } }> } } } } } }>;
  };
  const op = doc.paths['/api/v1/evaluate'].post;
  examples = Object.values(op.requestBody.content['application/json'].examples).map((e) => e.value);
  outcomes = Object.fromEntries(Object.entries(op.responses[200].content['application/json'].examples).map(([k, e]) => [k, e.value.outcome]));
}, 180_000);

afterAll(() => {
  svc?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const tsc = () => run(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir }).then(() => '', (e: { stdout: string }) => e.stdout || String(e));

/** One typed constant per decision: `const x: Schemas['RapDeclaratieRequest'] = {...}` (facts as the rule set's test case has them). */
const typedRequests = (extraFact?: string) => examples.map((e, i) => {
  const facts = extraFact ? { ...e.facts, [extraFact]: 1 } : e.facts;
  return `const request${i}: Schemas['${requestComponent(e.protocol, e.decision)}'] = ${JSON.stringify({ ...e, facts }, null, 2)};`;
}).join('\n');

it('types evaluate per decision from the served OpenAPI, type-checks and runs against the service', async () => {
  expect(examples.length).toBeGreaterThanOrEqual(5);
  writeFileSync(join(dir, 'client.ts'), `import createClient from 'openapi-fetch';
import type { components, paths } from './api.js';

type Schemas = components['schemas'];
const client = createClient<paths>({ baseUrl: process.argv[2] });

${typedRequests()}
const requests: Schemas['EvaluateRequest'][] = [${examples.map((_e, i) => `request${i}`).join(', ')}];

const answers: { decision: Schemas['Decision']; outcome: Schemas['Outcome'] }[] = [];
for (const body of requests) {
  const { data, error, response } = await client.POST('/api/v1/evaluate', { body });
  if (!data) throw new Error(\`\${response.status} \${JSON.stringify(error)}\`);
  answers.push({ decision: data.decision, outcome: data.outcome });
}
const { data: listed } = await client.GET('/api/v1/rulesets/{protocol}/{version}/decisions', { params: { path: { protocol: 'RAP', version: '2.0' } } });
const { error: refused } = await client.POST('/api/v1/evaluate', { body: { ...request0, facts: {} } as unknown as Schemas['EvaluateRequest'] });
console.log(JSON.stringify({ answers, listed: listed?.decisions.map((d) => d.id), refused: refused?.error.code }));
`);
  expect(await tsc()).toBe('');
  const { stdout } = await run(process.execPath, ['--import', 'tsx', join(dir, 'client.ts'), svc.url], { cwd: dir });
  const out = JSON.parse(stdout) as { answers: { decision: string; outcome: string }[]; listed: string[]; refused: string };
  expect(out.answers.map((a) => a.decision)).toEqual(examples.map((e) => e.decision));
  expect(out.answers.map((a) => a.outcome)).toEqual(examples.map((e) => outcomes[`${e.protocol.toLowerCase()}-${e.decision}`]));
  expect(out.listed).toEqual(['declaratie']);
  expect(out.refused).toBe('invalid_facts');
}, 180_000);

it('refuses at compile time a fact the decision does not know, and a protocol the service does not serve', async () => {
  writeFileSync(join(dir, 'client.ts'), `import type { components } from './api.js';
type Schemas = components['schemas'];
${typedRequests('onbekendFeit')}
const wrong: Schemas['EvaluateRequest'] = { protocol: 'XYZ', decision: 'declaratie', facts: {} };
export { wrong };
`);
  const out = await tsc();
  expect(out.match(/onbekendFeit/g)?.length ?? 0, out).toBeGreaterThanOrEqual(examples.length);
  expect(out).toMatch(/"XYZ"/);
}, 120_000);
