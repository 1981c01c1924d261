/**
 * The Express application: evaluate contract, read endpoints, drafts for the
 * editor, OpenAPI, health, the built editor, plus the routers of mounted
 * features (amendment procedure, auth, impact). One error mapping for all.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import { createAccess, type Access } from '../auth/access.js';
import type { DecisionLog } from '../decision-log/decision-log.js';
import { ijwDecisionHook } from '../decision-log/hooks.js';
import { loggedPool } from './batch/logged-pool.js';
import { todayIso } from '../evaluate/evaluate.js';
import { RULE_FILE_SCHEMA_PATH } from '../load/rule-file-schema.js';
import { ApiError } from '../base/errors.js';
import { createBatchPool, type BatchPool } from './batch/pool.js';
import { errorHandler, notFoundHandler, requireJsonBody } from './errors.js';
import { DEFAULT_LIMITS, type Limits } from '../base/limits.js';
import type { Logger } from './logger.js';
import { createMetrics, markRouteTemplate, metricsAllowed, routeTemplate, trackRouteTemplates, type Metrics } from './metrics.js';
import type { OpenApiFragment } from './openapi/document.js';
import { openApiRoute } from './openapi/served.js';
import type { TrustProxy } from '../base/deployment.js';
import { securityHeaders } from './security-headers.js';
import { opsOpenApi } from './openapi/ops-paths.js';
import { readiness, type DependencyReadiness } from './readiness.js';
import type { RegistryHolder } from './registry-holder.js';
import { draftsRouter } from './routes/drafts.js';
import { evaluateOneHandlers, evaluateRouter } from './routes/evaluate.js';
import { rulesetsRouter, type AdoptionLookup } from './routes/rulesets.js';
import { ijwOpenApi, ijwRouter } from './routes/ijw.js';

/** The single evaluate request: the path most requests take. */
const HOT_PATH = '/api/v1/evaluate';

export const EDITOR_DIST = fileURLToPath(new URL('../../editor/dist', import.meta.url));

export interface AppDeps {
  holder: RegistryHolder;
  logger: Logger;
  /** Today's date on the service's clock (YYYY-MM-DD). */
  today?: () => string;
  /** Body sizes and counts (defaults: DEFAULT_LIMITS; the service reads them with limitsFromEnv). */
  limits?: Partial<Limits>;
  /** Feature routers, mounted in order before the core routes (guards first). */
  routers?: { path: string; router: Router }[];
  openapi?: OpenApiFragment[];
  /** Where the built editor lives; served at /editor when it exists. */
  editorDir?: string;
  /** When non-empty, evaluate requires one of these keys (Bearer or X-API-Key); see API_KEYS. */
  apiKeys?: string[];
  /**
   * Who may call evaluate and the staff tools (drafts, impact). The service
   * always passes one (src/server/start.ts); without it and without apiKeys,
   * an app built for tests or as a library leaves them open.
   */
  access?: Access;
  /** Spreads large batches over worker threads; without it batches run on the main thread. */
  batchPool?: BatchPool;
  /** Procedure mode: whether the store and the rules repository answer (for /readyz); plain mode has none. */
  ready?: () => Promise<DependencyReadiness>;
  /** This process's metrics (GET /metrics); without it the app keeps its own, without process metrics. */
  metrics?: Metrics;
  /** When set, GET /metrics needs `Authorization: Bearer <token>` (METRICS_TOKEN). */
  metricsToken?: string;
  /** Whose X-Forwarded-* headers to believe (TRUST_PROXY, src/base/deployment.ts); default none. */
  trustProxy?: TrustProxy;
  /** Keeps every answered decision (evaluate, batch items, iJw lines); see docs/decision-log.md. */
  decisionLog?: DecisionLog;
  /** Procedure mode: how a version was adopted (its proposals, adopter, date), for GET /api/v1/rulesets/{protocol}/{version}. */
  adoptionOf?: AdoptionLookup;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  const today = deps.today ?? todayIso;
  const log = deps.logger;
  const metrics = deps.metrics ?? createMetrics();
  metrics.watchGeneration(() => deps.holder.generation());
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy ?? false);
  trackRouteTemplates(app);
  app.use(securityHeaders);

  // Request id, a structured access log line (never bodies or facts: they hold BSNs) and the
  // request metrics, from ONE finish listener.
  app.use((req, res, next) => {
    const incoming = req.get('x-request-id');
    const id = incoming && /^[\w.:-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info({ requestId: id, method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms }, 'request');
      metrics.request(req.method, routeTemplate(req), res.statusCode, ms / 1000);
    });
    next();
  });

  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const access = deps.access ?? (deps.apiKeys?.length ? createAccess({ envKeys: deps.apiKeys }) : undefined);
  const pool = deps.batchPool ?? createBatchPool({ workers: 0 });
  // Every evaluation (the hot path's too) through the decision log when there is one.
  const batch = countEvaluations(deps.decisionLog ? loggedPool(pool, deps.decisionLog) : pool, metrics);
  const evaluateOptions = { holder: deps.holder, today, bodyLimit: limits.body, batchBodyLimit: limits.batchBody, batchItems: limits.batchItems, batchExplainItems: limits.batchExplainItems, batch };
  const evaluateOne = evaluateOneHandlers(evaluateOptions);

  // The hot path: POST /api/v1/evaluate, exactly this path, runs the very middleware the layers below
  // would give it (JSON body check, access, then the route's body reader and handler) in one step,
  // instead of walking every layer mounted for other paths (measured: a tenth of a request's cost).
  // Any other spelling of the path (a query, a trailing slash, other case) takes the ordinary layers,
  // and so does every request when a feature router is mounted on the way to the path (it must see them).
  const hot = [requireJsonBody, ...(access ? [access.evaluate] : []), ...evaluateOne];
  const onTheWay = (deps.routers ?? []).some(({ path }) => HOT_PATH === path || HOT_PATH.startsWith(path.endsWith('/') ? path : path + '/'));
  if (!onTheWay) app.use((req, res, next) => {
    if (req.method !== 'POST' || req.url !== HOT_PATH) return next();
    markRouteTemplate(req, HOT_PATH);
    runInOrder(hot, req, res, next);
  });

  // No CORS here: an OPTIONS request under /api gets an empty 204, not Express's automatic text/plain list of methods.
  app.use('/api', (req, res, next) => (req.method === 'OPTIONS' ? void res.status(204).end() : next()));
  // Every API body is JSON: anything else is 415 before any route reads it.
  app.use('/api', requireJsonBody);
  if (access) {
    app.use('/api/v1/evaluate', access.evaluate);
    // Staff tools: a staff login, or an API key where the deployment allows systems.
    app.use('/api/v1/drafts', access.staff);
    app.use('/api/v1/impact', access.staff);
  }
  for (const { path, router } of deps.routers ?? []) app.use(path, router);
  app.use('/api/v1/ijw', ...(access ? [access.evaluate] : []), ijwRouter({ holder: deps.holder, today, logger: log, onDecision: deps.decisionLog && ijwDecisionHook(deps.decisionLog), pool }));

  app.use('/api/v1/evaluate', evaluateRouter(evaluateOptions, evaluateOne));
  app.use('/api/v1/rulesets', rulesetsRouter(deps.holder, deps.adoptionOf));
  app.use('/api/v1/drafts', draftsRouter(deps.holder, today, limits.draftBody));
  app.get('/api/v1/schemas/rule-files', (_req, res) => {
    res.sendFile(RULE_FILE_SCHEMA_PATH);
  });
  app.get('/api/openapi.json', openApiRoute(deps.holder, [...(deps.openapi ?? []), ijwOpenApi, opsOpenApi], today));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', versions: deps.holder.current().versions.length, generation: deps.holder.generation() });
  });
  app.get('/readyz', async (_req, res) => {
    const r = await readiness(deps.holder, deps.ready);
    res.status(r.status === 'ready' ? 200 : 503).json(r);
  });
  app.get('/metrics', async (req, res, next) => {
    if (!metricsAllowed(req.get('authorization'), deps.metricsToken)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return next(new ApiError('unauthenticated', 'unauthenticated', 'de metrieken vragen Authorization: Bearer <METRICS_TOKEN>', [{ pointer: '/header/authorization', message: 'Bearer <METRICS_TOKEN>' }]));
    }
    res.type(metrics.registry.contentType).send(await metrics.text());
  });

  const editorDir = deps.editorDir ?? EDITOR_DIST;
  if (existsSync(editorDir)) {
    app.use('/editor', express.static(editorDir, { index: 'index.html', maxAge: '1h' }));
    app.get('/', (_req, res) => res.redirect('/editor/'));
  }

  // Any path no route took, under /api or not (also //api/...): 404 not_found as JSON, never HTML.
  app.use(notFoundHandler);
  app.use(errorHandler(log));
  return app;
}

/**
 * Runs middleware one after another as a router would: each one's next() starts the following one;
 * an error (or the end of the list) goes to `done`, the app's next layer (so errors reach the one error handler).
 */
function runInOrder(handlers: ((req: Request, res: Response, next: NextFunction) => void)[], req: Request, res: Response, done: NextFunction): void {
  let i = 0;
  const step = (err?: unknown): void => {
    if (err !== undefined && err !== null) return done(err);
    const h = handlers[i++];
    if (!h) return done();
    try {
      h(req, res, step);
    } catch (e) {
      done(e);
    }
  };
  step();
}

/** The batch pool with every evaluate answer counted by decision and outcome, where it is built (no body parsing). */
function countEvaluations(pool: BatchPool, metrics: Metrics): BatchPool {
  return {
    get workers() {
      return pool.workers;
    },
    async evaluateOne(registry, request, today) {
      const a = await pool.evaluateOne(registry, request, today);
      metrics.evaluation(a.protocol, a.decision, a.outcome);
      return a;
    },
    async evaluate(registry, items, today) {
      const results = await pool.evaluate(registry, items, today);
      for (const r of results as { protocol?: string; decision?: string; outcome?: string }[]) {
        if (r && typeof r.outcome === 'string') metrics.evaluation(String(r.protocol), String(r.decision), r.outcome);
      }
      return results;
    },
    // Large batches are answered as JSON text by a worker: counted as requests, not per item.
    evaluateRaw: (registry, body, today, bounds) => pool.evaluateRaw(registry, body, today, bounds),
    close: () => pool.close(),
  };
}
