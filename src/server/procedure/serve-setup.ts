/**
 * What `serve` needs from the procedure: the routers to mount and the project
 * loaded from the rules repository's version tags, with adoption swapping the served
 * registry (no restart). Paths come from DATA_DIR, RULES_REPO, USERS_FILE.
 */
import { Router } from 'express';
import type { Registry } from '../../evaluate/registry.js';
import { loadProject, projectFactSchemas, REPO_ROOT, SHIPPED_RULES_DIR, type LoadedProject } from '../../evaluate/project.js';
import { secureCookieFromEnv } from '../../base/deployment.js';
import { createVersionLoadCache } from '../../load/version-load-cache.js';
import { sharedCheckPool } from '../../offload/check-pool.js';
import { amendDefaults, createAmendment, type Amendment } from './setup.js';

export interface AmendServeSetup {
  amend: Amendment;
  /** The project as the repository's versions stand at start. */
  project: LoadedProject;
  /** Routers to mount; the evaluate guard (API keys, when configured) must come before the evaluate route. */
  routers: { path: string; router: Router }[];
  paths: { dataDir: string; rulesRepo: string; usersFile: string };
}

/** `onFollowError` hears when an adoption made by another process could not be loaded here (this process keeps serving what it had). */
export async function setupAmendment(swap: (next: Registry, project: LoadedProject) => void, shippedRulesDir = SHIPPED_RULES_DIR, onFollowError?: (e: unknown) => void): Promise<AmendServeSetup> {
  const paths = amendDefaults(REPO_ROOT);
  // One adoption changes one or two versions (the new one, and its predecessor's end date): the rest is kept.
  const versions = createVersionLoadCache();
  const amend = await createAmendment({
    ...paths, shippedRulesDir, facts: projectFactSchemas(), secureCookie: secureCookieFromEnv(),
    onAdopted: (files) => { const p = loadProject(files, versions); swap(p.registry, p); },
    onFollowError,
  });
  const project = loadProject(await amend.versionFiles(), versions);
  // The procedure checks drafts, proposals and adoptions in the check pool: its first worker starts with the service.
  await sharedCheckPool().prestart();
  const guard = Router();
  guard.use(amend.auth.apiKeyGuard());
  return { amend, project, paths, routers: [{ path: '/api/v1/evaluate', router: guard }, ...amend.routers] };
}
