/**
 * The decision log as a feature of the service (procedure mode): the running
 * log on the procedure's store, GET /api/v1/decisions, its OpenAPI fragment,
 * and the corpus source for impact (`corpus: "decision-log"`). Composed once
 * here for start.ts and the tests alike.
 */
import type { Router } from 'express';
import type { Registry } from 'prom-client';
import type { DecisionStore as Store } from '../decision-log/store-port.js';
import type { Clock } from '../decision-log/clock.js';
import { writeLoggedCorpus } from '../decision-log/corpus.js';
import type { DecisionLog } from '../decision-log/decision-log.js';
import { openDecisionLog } from '../decision-log/open.js';
import { decisionsOpenApi, decisionsRouter } from './routes/decisions.js';
import type { DecisionPeriod } from '../decision-log/types.js';

export interface DecisionLogFeature {
  /** Undefined when DECISION_LOG=off. */
  log?: DecisionLog;
  routers: { path: string; router: Router }[];
  openapi: typeof decisionsOpenApi;
  /** Writes the logged requests of a period as a corpus file; undefined when the log is off. */
  loggedCorpus?: (period: DecisionPeriod, file: string) => Promise<number>;
}

export async function decisionLogFeature(o: {
  store: Store;
  dataDir: string;
  requireLogin: Parameters<typeof decisionsRouter>[0];
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  metrics?: Registry;
  warn?: (msg: string) => void;
  onError?: (e: unknown, dropped: number) => void;
}): Promise<DecisionLogFeature> {
  const log = await openDecisionLog(o);
  return {
    log,
    routers: [{ path: '/api/v1/decisions', router: decisionsRouter(o.requireLogin, o.store) }],
    openapi: decisionsOpenApi,
    loggedCorpus: log ? (period, file) => writeLoggedCorpus(o.store, period, file) : undefined,
  };
}
