/**
 * A running amendment service for API tests: the real app (createApp) with a
 * temp data dir, a temp rules repo initialised from test/amend/fixtures/rules,
 * its own users file, an injected clock, and the registry holder adoption swaps.
 */
import { Router, type Express } from 'express';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { fixedClock } from '../../src/base/clock.js';
import { today } from '../../src/base/clock.js';
import { createAmendment, type Amendment } from '../../src/server/procedure/setup.js';
import type { Quotas } from '../../src/amend/quotas.js';
import { hashPassword } from '../../src/auth/password.js';
import { hashApiKey } from '../../src/auth/users-file.js';
import type { Registry } from '../../src/evaluate/registry.js';
import { loadProject, projectFactSchemas } from '../../src/evaluate/project.js';
import { amendPaths, amendSchemas } from '../../src/server/openapi/procedure-paths.js';
import { createApp } from '../../src/server/app.js';
import type { SecureCookie, TrustProxy } from '../../src/base/deployment.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder, type RegistryHolder } from '../../src/server/registry-holder.js';
import { impactRouter } from '../../src/server/routes/impact.js';
import { decisionLogFeature } from '../../src/server/decision-log-feature.js';
import { createAccess } from '../../src/auth/access.js';
import type { DecisionLog } from '../../src/decision-log/decision-log.js';

export const FIXTURE_RULES = fileURLToPath(new URL('./fixtures/rules', import.meta.url));
export const API_KEY = 'prk_test-sleutel';

/** Test users: username = password. "duo" is both proposer and reviewer, "baas" proposer and admin. */
export const USERS: Record<string, string[]> = {
  indiener: ['indiener'], indiener2: ['indiener'], beoordelaar: ['beoordelaar'], beheerder: ['beheerder'], duo: ['indiener', 'beoordelaar'], baas: ['indiener', 'beheerder'],
};

let usersFile: string | undefined;
function testUsersFile(requireApiKey: boolean): string {
  if (!usersFile) {
    const dir = mkdtempSync(join(tmpdir(), 'amend-users-'));
    const users = Object.entries(USERS).map(([username, roles]) => ({ username, name: `Test ${username}`, roles, password: hashPassword(username) }));
    usersFile = join(dir, 'users.json');
    writeFileSync(usersFile, JSON.stringify({ requireApiKeyForEvaluate: false, users, apiKeys: [{ name: 'test', hash: hashApiKey(API_KEY) }] }));
    writeFileSync(join(dir, 'strict.json'), JSON.stringify({ requireApiKeyForEvaluate: true, users, apiKeys: [{ name: 'test', hash: hashApiKey(API_KEY) }] }));
  }
  return requireApiKey ? join(usersFile, '..', 'strict.json') : usersFile;
}

export interface TestService {
  app: Express;
  amend: Amendment;
  dataDir: string;
  rulesRepo: string;
  clock: ReturnType<typeof fixedClock>;
  registry(): Registry;
  login(username: string): Promise<{ agent: TestAgent; csrf: string }>;
  close(): Promise<void>;
  /** With `decisionLog: true`. */
  decisionLog?: DecisionLog;
}

export async function startService(opts: { dataDir?: string; rulesRepo?: string; databaseUrl?: string; shippedRulesDir?: string; now?: string; requireApiKey?: boolean; hooks?: { at(p: string): void | Promise<void> }; trustProxy?: TrustProxy; secureCookie?: SecureCookie; quotas?: Partial<Quotas>; decisionLog?: boolean } = {}): Promise<TestService> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'amend-data-'));
  const rulesRepo = opts.rulesRepo ?? join(dataDir, 'rules-repo');
  const clock = fixedClock(opts.now ?? '2026-02-10T09:00:00Z');
  let holder: RegistryHolder | undefined;
  const amend = await createAmendment({
    dataDir, rulesRepo, databaseUrl: opts.databaseUrl, shippedRulesDir: opts.shippedRulesDir ?? FIXTURE_RULES, usersFile: testUsersFile(opts.requireApiKey === true), facts: projectFactSchemas(), clock, hooks: opts.hooks, secureCookie: opts.secureCookie, quotas: opts.quotas,
    onAdopted: (files) => holder?.swap(loadProject(files).registry),
  });
  holder = createRegistryHolder(loadProject(await amend.versionFiles()).registry);
  // Mounted as serve does it (src/server/start.ts via setupAmendment): the evaluate guard first.
  const guard = Router();
  guard.use(amend.auth.apiKeyGuard());
  // With decisionLog: the decision log, GET /api/v1/decisions and impact on the log, as serve mounts them.
  const decisions = opts.decisionLog ? await decisionLogFeature({ store: amend.store, dataDir, requireLogin: () => amend.auth.requireLogin(), clock, env: {} }) : undefined;
  const h = holder;
  const app = createApp({
    holder, logger: createLogger('silent'), today: () => today(clock), decisionLog: decisions?.log, adoptionOf: (p, v) => amend.adoptions.ofVersion(p, v),
    // With the decision log, access as serve builds it (staff tools: a login or an API key).
    ...(decisions ? { access: createAccess({ users: amend.auth.users, session: amend.auth.session }) } : {}),
    routers: [
      { path: '/api/v1/evaluate', router: guard }, ...amend.routers,
      ...(decisions ? [{ path: '/api/v1/impact', router: impactRouter({ holder: h, proposalFiles: (id) => amend.proposals.view(id), loggedCorpus: decisions.loggedCorpus }) }, ...decisions.routers] : []),
    ],
    openapi: [{ paths: amendPaths, schemas: amendSchemas }, ...(decisions ? [decisions.openapi] : [])], trustProxy: opts.trustProxy,
  });
  const login = async (username: string) => {
    const agent = request.agent(app);
    const r = await agent.post('/api/v1/auth/login').send({ username, password: username });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return { agent, csrf: r.body.csrfToken as string };
  };
  const close = async () => {
    await decisions?.log?.close();
    await amend.close();
  };
  return { app, amend, dataDir, rulesRepo, clock, registry: () => holder!.current(), login, close, decisionLog: decisions?.log };
}

/** The fixture's files, and edits of them as proposal files. */
export const PATHS = {
  table: 'rtp/2.0/tables/beroepen.yaml',
  decision: 'rtp/2.0/decisions/tariefgroep.yaml',
  tests: 'rtp/2.0/tests/tariefgroep.yaml',
};

import { readFileSync } from 'node:fs';
export const fixtureText = (path: string) => readFileSync(join(FIXTURE_RULES, path), 'utf8');

/** Adds a row "psycholoog -> TG4" and a test case for it (a valid verwerken change). */
export function addPsycholoog() {
  return [
    { path: PATHS.table, text: fixtureText(PATHS.table).replace('  - { functie: therapeut, tariefgroep: TG3 }\n', '  - { functie: therapeut, tariefgroep: TG3 }\n  - { functie: psycholoog, tariefgroep: TG4 }\n') },
    { path: PATHS.tests, text: fixtureText(PATHS.tests) + '  - name: psycholoog in TG4\n    facts: { functie: psycholoog, datum: 2025-05-01 }\n    expect: { outcome: TG4 }\n' },
  ];
}

/** Changes the default rule's message (another file than addPsycholoog). */
export function rewordOverleg() {
  return [{ path: PATHS.decision, text: fixtureText(PATHS.decision).replace('    message: Overleg met contractbeheer.', '    message: Overleg met contractbeheer van RSJ IJsselland; RSJ beslist.') }];
}

/** Changes the row "spv tot en met schaal 9" to TG4 (two proposals doing this conflict). */
export function spvToTg4(source?: string) {
  return [{ path: PATHS.table, text: fixtureText(PATHS.table).replace('  - { functie: spv, caoSchaal: { max: 9 }, tariefgroep: TG3 }', `  - { functie: spv, caoSchaal: { max: 9 }, tariefgroep: TG4${source ? `, source: ${source}` : ''} }`) }];
}

/** Moves therapeut to TG4: the version's own test then fails. */
export function therapeutToTg4() {
  return [{ path: PATHS.table, text: fixtureText(PATHS.table).replace('  - { functie: therapeut, tariefgroep: TG3 }', '  - { functie: therapeut, tariefgroep: TG4 }') }];
}

/** Adds a source to the row "spv vanaf schaal 10" (same file as addPsycholoog, another row). */
export function spvFrom10Sourced() {
  return [{ path: PATHS.table, text: fixtureText(PATHS.table).replace('  - { functie: spv, caoSchaal: { min: 10 }, tariefgroep: TG4 }', '  - { functie: spv, caoSchaal: { min: 10 }, tariefgroep: TG4, source: brief 22 }') }];
}
