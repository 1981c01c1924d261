import cluster from 'node:cluster';
import { exposeMetricsToPrimary, runPrimary } from '../server/cluster.js';
import { startMetricsServer, type MetricsServer } from '../server/metrics-server.js';
import { shutdownTimeoutMs } from '../server/shutdown.js';
import { startServer } from '../server/start.js';
import type { Output } from './output.js';

const USAGE = 'gebruik: serve [--rules <map>] [--workers <aantal>]';
const MAX_WORKERS = 64;

/**
 * `serve [--rules <dir>] [--workers N]`: the service on HOST:PORT (127.0.0.1:3000). By default with
 * the amendment procedure (SQLite and the rules git repository under data/, seeded from rules/);
 * with --rules it serves that folder as it is and reloads when a file changes. --workers N (default
 * WORKERS, else 1) runs N processes on the same port (node:cluster); with the procedure that needs
 * DATABASE_URL, as the embedded SQLite serves one process. SIGTERM/SIGINT: graceful shutdown, at
 * most SHUTDOWN_TIMEOUT_MS (10 s).
 */
export async function serveCommand(args: string[], io: Output, rulesDir?: string): Promise<number> {
  const i = args.indexOf('--rules');
  const plainDir = i >= 0 ? args[i + 1] : undefined;
  if (i >= 0 && (!plainDir || plainDir.startsWith('--'))) {
    io.err(USAGE);
    return 2;
  }
  const w = args.indexOf('--workers');
  const workersText = w >= 0 ? args[w + 1] : process.env.WORKERS;
  const workers = workersText === undefined || workersText === '' ? 1 : Number(workersText);
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS) {
    io.err(`${w >= 0 ? '--workers' : 'WORKERS'} moet een geheel getal van 1 tot en met ${MAX_WORKERS} zijn (gekregen: ${JSON.stringify(workersText ?? '')})`);
    io.err(USAGE);
    return 2;
  }
  if (workers > 1 && !plainDir && !process.env.DATABASE_URL) {
    io.err(`--workers ${workers} kan niet met de ingebouwde SQLite-opslag: die bedient één proces. Zet DATABASE_URL (PostgreSQL) voor meerdere processen, start met --workers 1, of serveer een map zonder procedure met --rules <map>.`);
    return 2;
  }
  const timeoutMs = shutdownTimeoutMs();
  const metricsPort = metricsPortFromEnv(io);
  if (metricsPort === null) return 2;
  const metricsOptions = metricsPort === undefined ? undefined : { port: metricsPort, host: process.env.METRICS_HOST ?? process.env.HOST ?? '127.0.0.1', token: process.env.METRICS_TOKEN || undefined };

  if (workers > 1 && cluster.isPrimary) {
    return runPrimary({ workers, out: io.out, err: io.err, shutdownTimeoutMs: timeoutMs, metrics: metricsOptions });
  }

  const running = await startServer({
    host: process.env.HOST ?? '127.0.0.1',
    port: process.env.PORT ? Number(process.env.PORT) : 3000,
    rulesDir: plainDir,
    // RULES_DIR (passed in as rulesDir) seeds the rules repository of the procedure.
    shippedRulesDir: rulesDir,
  });
  let metricsServer: MetricsServer | undefined;
  if (cluster.isWorker) {
    exposeMetricsToPrimary(running.metrics.registry);
  } else {
    io.out(`protocolregels luistert op ${running.url} (editor: ${running.url}/editor/)`);
    if (metricsOptions) {
      metricsServer = await startMetricsServer({ ...metricsOptions, text: () => running.metrics.text(), contentType: running.metrics.registry.contentType });
      io.out(`metrieken op ${metricsServer.url}/metrics`);
    }
  }

  // The first SIGTERM or SIGINT starts the shutdown; a repeated one (a process group and a
  // forwarding primary both send it) changes nothing.
  await new Promise<void>((resolve) => {
    process.on('SIGTERM', () => resolve());
    process.on('SIGINT', () => resolve());
  });
  const deadline = setTimeout(() => {
    io.err(`afsluiten duurde langer dan SHUTDOWN_TIMEOUT_MS (${timeoutMs} ms): de lopende verzoeken worden afgebroken`);
    process.exit(1);
  }, timeoutMs);
  deadline.unref();
  await running.close();
  await metricsServer?.close();
  clearTimeout(deadline);
  // A worker leaves the cluster (its channel to the primary would keep it alive).
  if (cluster.isWorker) cluster.worker?.disconnect();
  return 0;
}

/** METRICS_PORT: undefined when unset, null (after saying why) when not a port number. */
function metricsPortFromEnv(io: Output): number | undefined | null {
  const text = process.env.METRICS_PORT;
  if (text === undefined || text === '') return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`METRICS_PORT moet een poortnummer van 0 tot en met 65535 zijn (gekregen: ${JSON.stringify(text)})`);
    return null;
  }
  return port;
}
