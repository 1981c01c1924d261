/**
 * Wires the amendment procedure: opens (or creates) the store (SQLite, or
 * PostgreSQL with DATABASE_URL) and the rules repository (RULES_REPO), finishes
 * any adoption a crash interrupted, follows adoptions made by other processes,
 * and returns the routers to mount plus every tagged version's rule files.
 */
import { join, resolve } from 'node:path';
import type { Router } from 'express';
import { createAuth, type Auth } from '../../auth/auth.js';
import { authRouter } from '../routes/auth.js';
import { DEFAULT_USERS_FILE, userDirectory } from '../../auth/users-file.js';
import type { FactSchemas } from '../../facts/fact-schemas.js';
import type { RuleFiles } from '../../load/rule-source.js';
import type { SecureCookie } from '../../base/deployment.js';
import { limitsFromEnv } from '../../base/limits.js';
import { createAdoptions, type Adoptions } from '../../amend/adopt.js';
import { currentClock } from '../../base/clock.js';
import type { Clock } from '../../base/clock.js';
import { REPOSITORY_LOCK, repositoryLock, type AmendContext } from '../../amend/context.js';
import { followAdoptions, type Follower } from '../../amend/follow-adoptions.js';
import { adoptionsRouter, explanationsRouter, proposalsRouter, providersRouter } from '../routes/procedure.js';
import { createProposals, type Proposals } from '../../amend/proposals.js';
import type { Quotas } from '../../amend/quotas.js';
import { initRulesRepo, type RepoStartup } from '../../amend/repo-startup.js';
import { MAIN, type RulesRepo } from '../../amend/rules-repo.js';
import { openStore } from '../../amend/store/open-store.js';
import type { Store } from '../../amend/store/store.js';
import { createProviders } from '../../amend/use-cases/keep-provider-register.js';
import { readVersionView } from '../../amend/version-layout.js';

export interface AmendOptions {
  /** Folder for the SQLite database (default data/, from DATA_DIR). */
  dataDir: string;
  /** PostgreSQL instead of SQLite (DATABASE_URL). */
  databaseUrl?: string;
  /** The rules repository (default <dataDir>/rules-repo, from RULES_REPO); shared by every process. */
  rulesRepo?: string;
  /** Rules imported on first start. */
  shippedRulesDir: string;
  /** Users and API keys (default config/users.json, from USERS_FILE). */
  usersFile?: string;
  facts: FactSchemas;
  clock?: Clock;
  /** Called when the served versions change: an adoption here, or one another process made. */
  onAdopted?: AmendContext['onAdopted'];
  hooks?: AmendContext['hooks'];
  /** Per-user quotas (default: from the environment, src/base/limits.ts). */
  quotas?: Partial<Quotas>;
  /** SECURE_COOKIE (src/base/deployment.ts); default auto. */
  secureCookie?: SecureCookie;
  /** How often main is looked at for adoptions by other processes (ms; default 1000 with PostgreSQL, 0 = only notifications). */
  followPollMs?: number;
  onFollowError?: (e: unknown) => void;
}

export interface Readiness {
  store: { ok: boolean; kind: Store['kind']; error?: string };
  rulesRepo: { ok: boolean; main?: string; error?: string };
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
  /** Whether the store and the rules repository answer (for /readyz). */
  readiness(): Promise<Readiness>;
  close(): Promise<void>;
}

/** Defaults from the environment: DATA_DIR, DATABASE_URL, RULES_REPO, USERS_FILE. */
export function amendDefaults(repoRoot: string): { dataDir: string; databaseUrl?: string; rulesRepo: string; usersFile: string } {
  const dataDir = resolve(process.env.DATA_DIR ?? join(repoRoot, 'data'));
  return {
    dataDir,
    ...(process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : {}),
    rulesRepo: resolve(process.env.RULES_REPO ?? join(dataDir, 'rules-repo')),
    usersFile: resolve(process.env.USERS_FILE ?? DEFAULT_USERS_FILE),
  };
}

const message = (e: unknown) => String((e as Error)?.message ?? e).slice(0, 300);

export async function createAmendment(opts: AmendOptions): Promise<Amendment> {
  const clock = opts.clock ?? currentClock();
  const store = await openStore({ databaseUrl: opts.databaseUrl, dataDir: opts.dataDir });
  let follower: Follower | undefined;
  try {
    // Start-up writes to the shared repository (first import, crash recovery, branch repair) under its lock:
    // processes that start at once take turns.
    const start = await store.lock(REPOSITORY_LOCK, async () => {
      const repo = await initRulesRepo(opts.rulesRepo ?? join(opts.dataDir, 'rules-repo'), opts.shippedRulesDir, { name: 'protocolregels', email: 'service@protocolregels.invalid', time: Math.floor(clock.now().getTime() / 1000) });
      const onAdopted: AmendContext['onAdopted'] = async (files, main) => {
        follower?.markServed(main);
        await opts.onAdopted?.(files, main);
      };
      // The context's lock is the store's, not re-entrant: nothing below takes ctx.exclusive while this start-up lock is held.
      const quotas = { ...limitsFromEnv().quotas, ...opts.quotas };
      const ctx: AmendContext = { store, repo, clock, facts: opts.facts, onAdopted, hooks: opts.hooks, exclusive: repositoryLock(store), quotas };
      const proposals = createProposals(ctx);
      const adoptions = createAdoptions(ctx);
      const recovered = await adoptions.recover();
      const repairs = await proposals.repairBranches();
      return { repo, ctx, proposals, adoptions, recovered, repairs };
    });
    const { repo, ctx, proposals, adoptions, recovered, repairs } = start;
    follower = await followAdoptions({
      store, repo, pollMs: opts.followPollMs ?? (store.kind === 'postgres' ? 1000 : 0),
      onChange: (files, main) => opts.onAdopted?.(files, main), onError: opts.onFollowError,
    });
    // A password hash that changes while the service runs (also a hand edit) ends that user's sessions at once.
    const users = userDirectory(opts.usersFile ?? DEFAULT_USERS_FILE, { onPasswordChanged: (username) => void store.sessions.removeUser(username).catch(() => undefined) });
    const auth = createAuth({ store, users, now: () => clock.now(), secureCookie: opts.secureCookie });
    const providers = createProviders(ctx);
    const f = follower;
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
      readiness: async () => {
        const [s, r] = await Promise.allSettled([store.ping(), repo.resolve(MAIN)]);
        return {
          store: s.status === 'fulfilled' ? { ok: true, kind: store.kind } : { ok: false, kind: store.kind, error: message(s.reason) },
          rulesRepo: r.status === 'fulfilled' && r.value ? { ok: true, main: r.value } : { ok: false, error: r.status === 'rejected' ? message(r.reason) : 'main ontbreekt' },
        };
      },
      close: async () => {
        await f.stop();
        await store.close();
      },
    };
  } catch (e) {
    await follower?.stop().catch(() => undefined);
    await store.close();
    throw e;
  }
}
