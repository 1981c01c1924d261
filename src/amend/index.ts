/**
 * Wires the amendment procedure: opens (or creates) the SQLite store and the
 * rules repository, finishes any adoption a crash interrupted, and returns the
 * routers to mount plus every tagged version's rule files for the served registry.
 */
import { join, resolve } from 'node:path';
import type { Router } from 'express';
import { createAuth, type Auth } from '../auth/auth.js';
import { authRouter } from '../auth/auth-router.js';
import { DEFAULT_USERS_FILE, userDirectory } from '../auth/users-file.js';
import type { FactSchemas } from '../facts/fact-schemas.js';
import type { RuleFiles } from '../load/rule-source.js';
import { createAdoptions, type Adoptions } from './adopt.js';
import { systemClock, type Clock } from './clock.js';
import { createSerial, type AmendContext } from './context.js';
import { adoptionsRouter, explanationsRouter, proposalsRouter, providersRouter } from './http.js';
import { createProposals, type Proposals } from './proposals.js';
import { createProviders } from './providers.js';
import { initRulesRepo, type RepoStartup } from './repo-startup.js';
import type { RulesRepo } from './rules-repo.js';
import { openStore, type Store } from './store.js';
import { readVersionView } from './version-layout.js';

export interface AmendOptions {
  /** Folder for the database (default data/, from DATA_DIR). */
  dataDir: string;
  /** The rules repository (default <dataDir>/rules-repo, from RULES_REPO). */
  rulesRepo?: string;
  /** Rules imported on first start. */
  shippedRulesDir: string;
  /** Users and API keys (default config/users.json, from USERS_FILE). */
  usersFile?: string;
  facts: FactSchemas;
  clock?: Clock;
  onAdopted?: AmendContext['onAdopted'];
  hooks?: AmendContext['hooks'];
  secureCookie?: boolean;
}

export interface Amendment {
  store: Store;
  repo: RulesRepo;
  auth: Auth;
  proposals: Proposals;
  adoptions: Adoptions;
  routers: { path: string; router: Router }[];
  /** What start found: versions imported from rules/, versions whose rules/ files differ from the repository (the repository wins), a layout migration, adoptions finished or dropped after a crash. */
  startup: RepoStartup & { recovered: { finished: string[]; dropped: string[] }; repairedBranches: number[]; setAside: { id: number; reason: string }[] };
  /** Every tagged version under <protocol>/<version>/ (what the service serves). */
  versionFiles(): Promise<RuleFiles>;
  close(): void;
}

/** Defaults from the environment: DATA_DIR, RULES_REPO, USERS_FILE. */
export function amendDefaults(repoRoot: string): { dataDir: string; rulesRepo: string; usersFile: string } {
  const dataDir = resolve(process.env.DATA_DIR ?? join(repoRoot, 'data'));
  return { dataDir, rulesRepo: resolve(process.env.RULES_REPO ?? join(dataDir, 'rules-repo')), usersFile: resolve(process.env.USERS_FILE ?? DEFAULT_USERS_FILE) };
}

export async function createAmendment(opts: AmendOptions): Promise<Amendment> {
  const clock = opts.clock ?? systemClock;
  const store = openStore(join(opts.dataDir, 'procedure.sqlite'));
  try {
    const repo = await initRulesRepo(opts.rulesRepo ?? join(opts.dataDir, 'rules-repo'), opts.shippedRulesDir, { name: 'protocolregels', email: 'service@protocolregels.invalid', time: Math.floor(clock.now().getTime() / 1000) });
    const ctx: AmendContext = { store, repo, clock, facts: opts.facts, onAdopted: opts.onAdopted, hooks: opts.hooks, serial: createSerial() };
    const proposals = createProposals(ctx);
    const adoptions = createAdoptions(ctx);
    const providers = createProviders(ctx);
    const recovered = await adoptions.recover();
    const repairs = await proposals.repairBranches();
    // A password hash that changes while the service runs (also a hand edit) ends that user's sessions at once.
    const users = userDirectory(opts.usersFile ?? DEFAULT_USERS_FILE, { onPasswordChanged: (username) => store.sessions.removeUser(username) });
    const auth = createAuth({ store, users, now: () => clock.now(), secureCookie: opts.secureCookie });
    return {
      store, repo, auth, proposals, adoptions, startup: { ...repo.startup, recovered, repairedBranches: repairs.repaired, setAside: repairs.setAside },
      routers: [
        { path: '/api/v1/auth', router: authRouter(auth) },
        { path: '/api/v1/proposals', router: proposalsRouter(auth, proposals) },
        { path: '/api/v1/providers', router: providersRouter(auth, providers) },
        { path: '/api/v1/adoptions', router: adoptionsRouter(auth, adoptions) },
        { path: '/api/v1/explanations', router: explanationsRouter(auth, proposals) },
      ],
      versionFiles: () => readVersionView(repo),
      close: () => store.close(),
    };
  } catch (e) {
    store.close();
    throw e;
  }
}
