/**
 * The decision log a service runs with: on the procedure's store (SQLite in
 * the data directory, or PostgreSQL), with the key from DECISION_LOG_KEY or the
 * data directory, unless DECISION_LOG=off.
 */
import type { Registry } from 'prom-client';
import type { DecisionStore as Store } from './store-port.js';
import { systemClock, type Clock } from './clock.js';
import { decisionLogConfig } from './config.js';
import { createDecisionLog, type DecisionLog } from './decision-log.js';
import { decisionLogKey } from './key.js';
import { decisionLogCounters } from './metrics.js';
import { createPseudonymiser } from './pseudonymise.js';
import { sqliteWorkerWriter, storeWriter } from './writers.js';

export interface OpenDecisionLogOptions {
  store: Pick<Store, 'decisions' | 'kind' | 'where'>;
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  metrics?: Registry;
  warn?: (msg: string) => void;
  onError?: (e: unknown, dropped: number) => void;
}

/** The running log, or undefined when DECISION_LOG=off. Removes entries past the retention once at start. */
export async function openDecisionLog(o: OpenDecisionLogOptions): Promise<DecisionLog | undefined> {
  const env = o.env ?? process.env;
  const config = decisionLogConfig(env, o.warn);
  if (!config.enabled) return undefined;
  const key = decisionLogKey(o.dataDir, env);
  // SQLite inserts are synchronous: done on a worker thread with its own connection. PostgreSQL's are I/O: done here.
  const sqlitePath = o.store.kind === 'sqlite' && o.store.where !== ':memory:' ? o.store.where : undefined;
  const log = createDecisionLog({
    writer: sqlitePath ? sqliteWorkerWriter(sqlitePath, key, o.store) : storeWriter(o.store, createPseudonymiser(key)),
    clock: o.clock ?? systemClock,
    retentionDays: config.retentionDays,
    maxBuffer: config.maxBuffer,
    counters: o.metrics ? decisionLogCounters(o.metrics) : undefined,
    onError: o.onError,
  });
  await log.purge().catch((e) => o.onError?.(e, 0));
  return log;
}
