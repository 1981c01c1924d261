/**
 * Readiness (`GET /readyz`): may a load balancer send this process traffic?
 * Ready when the rules are loaded and, in procedure mode, the store and the
 * rules repository answer. `/healthz` stays liveness only (no I/O).
 */
import type { RegistryHolder } from './registry-holder.js';

/** What the procedure reports about its dependencies (Amendment.readiness()). */
export interface DependencyReadiness {
  store: { ok: boolean; kind: 'sqlite' | 'postgres'; error?: string };
  rulesRepo: { ok: boolean; main?: string; error?: string };
}

export interface Readiness {
  status: 'ready' | 'not_ready';
  /** Null in plain mode (`serve --rules`): there is no store and no repository. */
  store: DependencyReadiness['store'] | null;
  rulesRepo: DependencyReadiness['rulesRepo'] | null;
  generation: number;
  versions: number;
  pid: number;
}

/** A check that never answers counts as failed after this long. */
export const READINESS_TIMEOUT_MS = 2_000;

/**
 * The readiness of this process. `check` (procedure mode) reports the store and the
 * rules repository; it is given READINESS_TIMEOUT_MS, and a check that throws or
 * hangs makes both not ready with the reason. Error texts are the check's own
 * (they name no secrets: the store reports its kind, never its URL).
 */
export async function readiness(holder: RegistryHolder, check?: () => Promise<DependencyReadiness>, storeKind: DependencyReadiness['store']['kind'] = process.env.DATABASE_URL ? 'postgres' : 'sqlite'): Promise<Readiness> {
  const versions = holder.current().versions.length;
  const base = { generation: holder.generation(), versions, pid: process.pid };
  if (!check) return { status: versions > 0 ? 'ready' : 'not_ready', store: null, rulesRepo: null, ...base };
  let deps: DependencyReadiness;
  let timer: NodeJS.Timeout | undefined;
  try {
    deps = await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`geen antwoord binnen ${READINESS_TIMEOUT_MS} ms`)), READINESS_TIMEOUT_MS);
      }),
    ]);
  } catch (e) {
    const error = (e as Error).message;
    deps = { store: { ok: false, kind: storeKind, error }, rulesRepo: { ok: false, error } };
  } finally {
    clearTimeout(timer);
  }
  const ok = versions > 0 && deps.store.ok && deps.rulesRepo.ok;
  return { status: ok ? 'ready' : 'not_ready', store: deps.store, rulesRepo: deps.rulesRepo, ...base };
}
