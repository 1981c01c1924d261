/**
 * The Express application: evaluate contract, read endpoints, drafts for the
 * editor, OpenAPI, health, the built editor, plus the routers of mounted
 * features (amendment procedure, auth, impact). One error mapping for all.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { json, type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import { createAccess, type Access } from '../auth/access.js';
import { todayIso } from '../evaluate/evaluate.js';
import { RULE_FILE_SCHEMA_PATH } from '../load/rule-file-schema.js';
import { requireCleanText, validateBody } from './api-schemas.js';
import { createBatchPool, type BatchPool } from './batch/pool.js';
import { errorHandler, notFoundHandler, requireJsonBody } from './errors.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import type { Logger } from './logger.js';
import { openApiDocument, type OpenApiFragment } from './openapi/document.js';
import type { RegistryHolder } from './registry-holder.js';
import { draftsRouter } from './routes/drafts.js';
import { evaluateRouter } from './routes/evaluate.js';
import { rulesetsRouter } from './routes/rulesets.js';
import { ijwOpenApi, ijwRouter } from './routes/ijw.js';

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
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  const today = deps.today ?? todayIso;
  const log = deps.logger;
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  // Request id and a structured access log line; never bodies or facts (they hold BSNs).
  app.use((req, res, next) => {
    const incoming = req.get('x-request-id');
    const id = incoming && /^[\w.:-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader('x-request-id', id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      log.info({ requestId: id, method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'request');
    });
    next();
  });

  // No CORS here: an OPTIONS request under /api gets an empty 204, not Express's automatic text/plain list of methods.
  app.use('/api', (req, res, next) => (req.method === 'OPTIONS' ? void res.status(204).end() : next()));
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  // Every API body is JSON: anything else is 415 before any route reads it.
  app.use('/api', requireJsonBody);
  const access = deps.access ?? (deps.apiKeys?.length ? createAccess({ envKeys: deps.apiKeys }) : undefined);
  if (access) {
    app.use('/api/v1/evaluate', access.evaluate);
    // Staff tools: a staff login, or an API key where the deployment allows systems.
    app.use('/api/v1/drafts', access.staff);
    app.use('/api/v1/impact', access.staff);
  }
  app.use('/api/v1/drafts', json({ limit: limits.draftBody, strict: false }), checkDraftBody);
  for (const { path, router } of deps.routers ?? []) app.use(path, router);
  app.use('/api/v1/ijw', ...(access ? [access.evaluate] : []), ijwRouter({ holder: deps.holder, today, logger: log }));

  app.use('/api/v1/evaluate', evaluateRouter({ holder: deps.holder, today, bodyLimit: limits.body, batchBodyLimit: limits.batchBody, batchItems: limits.batchItems, batch: deps.batchPool ?? createBatchPool({ workers: 0 }) }));
  app.use('/api/v1/rulesets', rulesetsRouter(deps.holder));
  app.use('/api/v1/drafts', draftsRouter(deps.holder, today, limits.draftBody));
  app.get('/api/v1/schemas/rule-files', (_req, res) => {
    res.sendFile(RULE_FILE_SCHEMA_PATH);
  });
  const doc = openApiDocument([...(deps.openapi ?? []), ijwOpenApi]);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(doc);
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', versions: deps.holder.current().versions.length, generation: deps.holder.generation() });
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

/** The editor's draft bodies against schemas/api (Draft, DraftEvaluate), before the drafts routes read them. */
function checkDraftBody(req: Request, _res: Response, next: NextFunction) {
  try {
    const schema = req.method !== 'POST' ? undefined : req.path === '/evaluate' ? 'DraftEvaluate' : req.path === '/check' || req.path === '/diff' ? 'Draft' : undefined;
    if (schema) {
      validateBody(schema, req.body);
      requireCleanText(req.body);
    }
    next();
  } catch (e) {
    next(e);
  }
}
