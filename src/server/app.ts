/**
 * The Express application: evaluate contract, read endpoints, drafts for the
 * editor, OpenAPI, health, the built editor, plus the routers of mounted
 * features (amendment procedure, auth, impact). One error mapping for all.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Express, type Router } from 'express';
import { todayIso } from '../evaluate/evaluate.js';
import { RULE_FILE_SCHEMA_PATH } from '../load/rule-file-schema.js';
import { apiKeyGuard } from './api-key-guard.js';
import { createBatchPool, type BatchPool } from './batch/pool.js';
import { errorBody, errorHandler } from './errors.js';
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
  limits?: { body?: string; batchBody?: string };
  /** Feature routers, mounted in order before the core routes (guards first). */
  routers?: { path: string; router: Router }[];
  openapi?: OpenApiFragment[];
  /** Where the built editor lives; served at /editor when it exists. */
  editorDir?: string;
  /** When non-empty, evaluate requires one of these keys (Bearer or X-API-Key); see API_KEYS. */
  apiKeys?: string[];
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

  if (deps.apiKeys?.length) app.use('/api/v1/evaluate', apiKeyGuard(deps.apiKeys));
  for (const { path, router } of deps.routers ?? []) app.use(path, router);
  app.use('/api/v1/ijw', ...(deps.apiKeys?.length ? [apiKeyGuard(deps.apiKeys)] : []), ijwRouter({ holder: deps.holder, today, logger: log }));

  const bodyLimit = deps.limits?.body ?? '1mb';
  app.use('/api/v1/evaluate', evaluateRouter({ holder: deps.holder, today, bodyLimit, batchBodyLimit: deps.limits?.batchBody ?? '20mb', batch: deps.batchPool ?? createBatchPool({ workers: 0 }) }));
  app.use('/api/v1/rulesets', rulesetsRouter(deps.holder));
  app.use('/api/v1/drafts', draftsRouter(deps.holder, today, deps.limits?.batchBody ?? '20mb'));
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

  app.use('/api', (req, res) => {
    res.status(404).json(errorBody('not_found', `geen endpoint ${req.method} ${req.originalUrl.split('?')[0]}`));
  });
  app.use(errorHandler(log));
  return app;
}
