/**
 * `serve --workers N`: a node:cluster primary that forks N workers, each running
 * the whole service (startServer) on the same HOST:PORT; connections are spread
 * over them. The primary serves no requests. It
 * - starts one worker first and the others once it listens (the first prepares
 *   the data directory and the rules repository alone);
 * - replaces a worker that dies unexpectedly, after a back-off that doubles
 *   while replacements keep dying young (250 ms up to 30 s), never while stopping;
 * - on SIGTERM or SIGINT passes SIGTERM to every worker and exits when all have
 *   (0 when each ended cleanly), or after SHUTDOWN_TIMEOUT_MS + 2 s kills the rest and exits 1;
 * - serves the metrics of all workers together on METRICS_PORT, when set;
 * - starts its workers with the young-generation cap (young-generation.ts).
 */
import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type Registry } from 'prom-client';
import { startMetricsServer, type MetricsServer } from './metrics-server.js';
import { withYoungGenerationCap } from './young-generation.js';

export interface PrimaryOptions {
  workers: number;
  out(line: string): void;
  err(line: string): void;
  shutdownTimeoutMs: number;
  /** METRICS_PORT / METRICS_HOST / METRICS_TOKEN. */
  metrics?: { port: number; host: string; token?: string };
  /** Signals that stop the cluster (default SIGTERM and SIGINT). */
  signals?: NodeJS.Signals[];
}

const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 30_000;
/** A worker that lived this long before dying resets the back-off. */
const HEALTHY_AFTER_MS = 30_000;

/** Runs the primary until it is stopped; resolves with the exit code. */
export async function runPrimary(o: PrimaryOptions): Promise<number> {
  const aggregator = new AggregatorRegistry();
  const bornAt = new Map<number, number>();
  let stopping = false;
  let quickDeaths = 0;
  let respawnTimer: NodeJS.Timeout | undefined;
  // Listening from the start: a signal while the workers start stops them once they have.
  const stopRequested = new Promise<void>((resolve) => {
    for (const s of o.signals ?? ['SIGTERM', 'SIGINT']) process.on(s, () => resolve());
  });

  cluster.setupPrimary({ execArgv: withYoungGenerationCap(process.execArgv) });
  const fork = (): Worker => {
    const w = cluster.fork();
    bornAt.set(w.id, Date.now());
    return w;
  };
  /** Resolves with the address once `w` listens; rejects when it exits first. */
  const listening = (w: Worker) =>
    new Promise<{ address: string; port: number }>((resolve, reject) => {
      const onExit = (code: number | null, signal: string | null) => reject(new Error(`werker ${w.process.pid} stopte bij het starten (${signal ?? `exitcode ${code}`})`));
      w.once('exit', onExit);
      w.once('listening', (a) => {
        w.off('exit', onExit);
        resolve({ address: a.address ?? '127.0.0.1', port: a.port });
      });
    });

  let address: { address: string; port: number };
  try {
    address = await listening(fork());
    const rest = Array.from({ length: o.workers - 1 }, () => listening(fork()));
    for (const r of rest) r.catch(() => undefined); // the first failure is reported below, the others are alike
    await Promise.all(rest);
  } catch (e) {
    o.err(`fout: ${(e as Error).message}; de service start niet`);
    stopping = true;
    await stopAll(o.shutdownTimeoutMs);
    return 1;
  }

  cluster.on('exit', (w, code, signal) => {
    const lived = Date.now() - (bornAt.get(w.id) ?? Date.now());
    bornAt.delete(w.id);
    if (stopping) return;
    quickDeaths = lived >= HEALTHY_AFTER_MS ? 0 : quickDeaths + 1;
    const delay = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** Math.max(0, quickDeaths - 1));
    o.err(`werker ${w.process.pid} stopte onverwacht (${signal ?? `exitcode ${code}`}); een nieuwe start over ${delay} ms`);
    respawnTimer = setTimeout(() => {
      if (!stopping) fork();
    }, delay);
  });

  const host = address.address.includes(':') ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  o.out(`protocolregels luistert op ${url} met ${o.workers} werkers (editor: ${url}/editor/)`);

  let metricsServer: MetricsServer | undefined;
  if (o.metrics) {
    metricsServer = await startMetricsServer({ ...o.metrics, text: () => aggregator.clusterMetrics(), contentType: aggregator.contentType });
    o.out(`metrieken van alle werkers op ${metricsServer.url}/metrics`);
  }

  await stopRequested;
  stopping = true;
  clearTimeout(respawnTimer);
  const clean = await stopAll(o.shutdownTimeoutMs);
  await metricsServer?.close();
  return clean ? 0 : 1;
}

/**
 * SIGTERM to every worker; resolves true when all exited with code 0, false when
 * one did not or the deadline (graceful time + 2 s) passed and the rest were killed.
 */
function stopAll(shutdownTimeoutMs: number): Promise<boolean> {
  const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
  if (!workers.length) return Promise.resolve(true);
  let clean = true;
  return new Promise<boolean>((resolve) => {
    let left = workers.length;
    const deadline = setTimeout(() => {
      clean = false;
      for (const w of workers) if (!w.isDead()) w.process.kill('SIGKILL');
    }, shutdownTimeoutMs + 2_000);
    for (const w of workers) {
      w.once('exit', (code, signal) => {
        if (code !== 0 || signal) clean = false;
        if (--left === 0) {
          clearTimeout(deadline);
          resolve(clean);
        }
      });
      w.process.kill('SIGTERM');
    }
  });
}

/** In a worker: answer the primary's metric requests with this process's registry. */
export function exposeMetricsToPrimary(registry: Registry): void {
  AggregatorRegistry.setRegistries([registry]);
  new AggregatorRegistry();
}
