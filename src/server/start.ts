/**
 * Composes and starts the service: the registry (from the rules repository of
 * the amendment procedure, or from a plain rules folder), the feature routers,
 * the HTTP listener, reload and graceful shutdown.
 */
import { watch, type FSWatcher } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { amendPaths, amendSchemas } from './openapi/procedure-paths.js';
import { setupAmendment } from './procedure/serve-setup.js';
import { formatDiagnostic } from '../load/diagnostics.js';
import { impactOpenApi, impactRouter } from './routes/impact.js';
import { readRuleFiles } from '../load/rule-source.js';
import { loadProject, SHIPPED_RULES_DIR } from '../evaluate/project.js';
import { createAccess } from '../auth/access.js';
import { apiKeysFromEnv } from './api-key-guard.js';
import { trustProxyFromEnv } from '../base/deployment.js';
import { envCount, limitsFromEnv } from '../base/limits.js';
import { createApp, type AppDeps } from './app.js';
import { createBatchPool } from './batch/pool.js';
import { createLogger, type Logger } from './logger.js';
import { createRegistryHolder, type RegistryHolder } from './registry-holder.js';
import { createMetrics, type Metrics } from './metrics.js';
import type { DependencyReadiness } from './readiness.js';
import { closeGracefully } from './shutdown.js';
import { closeSharedCheckPool } from '../offload/check-pool.js';
import type { Amendment } from './procedure/setup.js';
import { decisionLogFeature } from './decision-log-feature.js';

export interface StartOptions {
  host?: string;
  port?: number;
  /** Plain mode: serve this rules folder and reload when it changes (no amendment procedure). */
  rulesDir?: string;
  /** Procedure mode (default): the shipped rules seed the rules repository on first start. */
  shippedRulesDir?: string;
  logger?: Logger;
  today?: () => string;
  editorDir?: string;
  /** Keys that evaluate requires (default: API_KEYS, comma-separated); none means open. */
  apiKeys?: string[];
  /** Batch worker threads (default BATCH_WORKERS, else one fewer than the cores; 0 = main thread only). */
  batchWorkers?: number;
  /** This process's metrics (default: a new registry with the process metrics). */
  metrics?: Metrics;
  /** GET /metrics needs `Authorization: Bearer <token>` when set (default METRICS_TOKEN). */
  metricsToken?: string;
}

export interface Running {
  url: string;
  holder: RegistryHolder;
  server: Server;
  metrics: Metrics;
  /**
   * Graceful shutdown: stops accepting, lets requests in flight finish (their
   * connections then close; idle keep-alive connections are closed), then
   * closes the batch pool, the store and the watchers. Idempotent.
   */
  close(): Promise<void>;
}

function logProblems(log: Logger, diagnostics: { file: string; line: number; column: number; message: string; code: string }[]) {
  for (const d of diagnostics) log.warn({ diagnostic: formatDiagnostic(d as never) }, 'rule problem: version not served');
}

export async function startServer(o: StartOptions = {}): Promise<Running> {
  const log = o.logger ?? createLogger();
  const closers: (() => unknown)[] = [];
  let holder: RegistryHolder;
  const limits = limitsFromEnv(process.env, (msg) => log.warn(msg));
  const envKeys = o.apiKeys ?? apiKeysFromEnv();
  const metrics = o.metrics ?? createMetrics({ processMetrics: true });
  const deps: Partial<AppDeps> = {
    today: o.today, editorDir: o.editorDir, limits, metrics, metricsToken: o.metricsToken ?? (process.env.METRICS_TOKEN || undefined),
    trustProxy: trustProxyFromEnv(process.env, (msg) => log.warn(msg)),
  };

  if (o.rulesDir) {
    const project = loadProject(readRuleFiles(o.rulesDir));
    logProblems(log, project.diagnostics);
    holder = createRegistryHolder(project.registry);
    deps.routers = [{ path: '/api/v1/impact', router: impactRouter({ holder, bodyLimit: limits.impactBody }) }];
    deps.openapi = [impactOpenApi];
    // No login in plain mode: the staff tools need an API key (API_KEYS).
    deps.access = createAccess({ envKeys });
    closers.push(watchRules(o.rulesDir, holder, log));
  } else {
    let h: RegistryHolder | undefined;
    const setup = await setupAmendment((next) => h?.swap(next), o.shippedRulesDir ?? SHIPPED_RULES_DIR,
      (e) => log.error({ err: e }, 'an adoption by another process could not be loaded; this process keeps serving the versions it had'));
    logProblems(log, setup.project.diagnostics);
    const { imported, differing, migrated, recovered } = setup.amend.startup;
    log.info({ rulesRepo: setup.paths.rulesRepo, imported, recovered, migrated }, 'rules repository ready');
    for (const bad of setup.amend.startup.setAside) log.error({ proposal: bad.id, reason: bad.reason }, 'proposal record could not be repaired at start; set aside (its branch is missing), the service starts without it');
    if (setup.amend.startup.repairedBranches.length) log.warn({ proposals: setup.amend.startup.repairedBranches }, 'proposal branches made again from their stored records');
    if (differing.length) log.warn({ versions: differing }, 'rules/ differs from the rules repository for these versions; the repository is served (remove data/ to start afresh)');
    h = holder = createRegistryHolder(setup.project.registry);
    const proposals = setup.amend.proposals;
    // The decision log (DECISION_LOG=off turns it off) on the procedure's store; closed (flushed) before the store.
    const decisions = await decisionLogFeature({
      store: setup.amend.store, dataDir: setup.paths.dataDir, requireLogin: () => setup.amend.auth.requireLogin(), metrics: metrics.registry, warn: (msg) => log.warn(msg),
      onError: (e, dropped) => log.error({ err: String((e as Error)?.message ?? e).slice(0, 300), dropped }, 'decision log: a batch could not be written'),
    });
    const decisionLog = decisions.log;
    if (decisionLog) closers.push(() => decisionLog.close());
    deps.decisionLog = decisionLog;
    // The app guards evaluate itself (API_KEYS and the users file together), so the setup's own evaluate guard is left out.
    deps.routers = [
      ...setup.routers.filter((r) => r.path !== '/api/v1/evaluate'),
      { path: '/api/v1/impact', router: impactRouter({ holder, proposalFiles: (id) => proposals.view(id), bodyLimit: limits.impactBody, loggedCorpus: decisions.loggedCorpus }) },
      ...decisions.routers,
    ];
    deps.access = createAccess({ envKeys, users: setup.amend.auth.users, session: setup.amend.auth.session });
    deps.adoptionOf = (protocol, version) => setup.amend.adoptions.ofVersion(protocol, version);
    deps.openapi = [{ paths: amendPaths, schemas: amendSchemas }, impactOpenApi, decisions.openapi];
    // Amendment.readiness(): the store answers a ping and the rules repository its main branch.
    const amend = setup.amend as Amendment & { readiness?: () => Promise<DependencyReadiness> };
    if (typeof amend.readiness === 'function') deps.ready = () => amend.readiness!();
    closers.push(() => setup.amend.close());
  }

  const batchPool = createBatchPool({
    workers: o.batchWorkers ?? defaultBatchWorkers(),
    maxWaitMs: envCount(process.env, 'BATCH_QUEUE_WAIT_MS', 5_000, { warn: (msg) => log.warn(msg) }),
    logger: log,
  });
  closers.push(() => batchPool.close());
  // The check pool (drafts, proposals, impact, adoption): its workers would keep the process alive.
  closers.push(() => closeSharedCheckPool());
  const app = createApp({ ...deps, holder, logger: log, batchPool });
  const server = app.listen(o.port ?? 3000, o.host ?? '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port, address } = server.address() as AddressInfo;
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  log.info({ url, versions: holder.current().versions.length }, 'listening');
  let closing: Promise<void> | undefined;
  return {
    url,
    holder,
    server,
    metrics,
    close: () =>
      (closing ??= (async () => {
        // Finish requests in flight, then release the batch pool, the store and the watchers.
        await closeGracefully(server);
        for (const c of closers) {
          try {
            await c();
          } catch (e) {
            log.error({ err: e }, 'shutdown: closing a resource failed');
          }
        }
      })()),
  };
}

function defaultBatchWorkers(): number {
  const env = Number(process.env.BATCH_WORKERS);
  if (process.env.BATCH_WORKERS && Number.isInteger(env) && env >= 0) return Math.min(env, 16);
  return Math.max(1, availableParallelism() - 1);
}

/** Reloads on change (debounced); swaps only a registry that loaded without problems. */
function watchRules(dir: string, holder: RegistryHolder, log: Logger): () => void {
  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  const reload = () => {
    try {
      const project = loadProject(readRuleFiles(dir));
      if (project.diagnostics.length) {
        logProblems(log, project.diagnostics);
        log.warn({ problems: project.diagnostics.length }, 'reload refused: the previous rules stay in force');
        return;
      }
      holder.swap(project.registry);
      log.info({ versions: project.registry.versions.length, generation: holder.generation() }, 'rules reloaded');
    } catch (e) {
      log.error({ err: e }, 'reload failed: the previous rules stay in force');
    }
  };
  try {
    watcher = watch(dir, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(reload, 200);
    });
  } catch (e) {
    log.warn({ err: e }, 'cannot watch the rules folder; reload by restarting');
  }
  return () => {
    clearTimeout(timer);
    watcher?.close();
  };
}
