/**
 * The metrics listener on METRICS_PORT: GET /metrics only. With `serve --workers N`
 * the primary serves the sum over all workers here (a scrape of the service port
 * reaches one worker and sees only that worker).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metricsAllowed } from './metrics.js';

export interface MetricsServerOptions {
  port: number;
  host: string;
  /** METRICS_TOKEN: when set, a scrape needs `Authorization: Bearer <token>`. */
  token?: string;
  text(): Promise<string>;
  contentType: string;
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

const errorBody = (code: string, message: string) => JSON.stringify({ error: { code, message, details: [] } });

export async function startMetricsServer(o: MetricsServerOptions): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(errorBody('not_found', 'hier is alleen GET /metrics'));
      return;
    }
    if (!metricsAllowed(req.headers.authorization, o.token)) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' }).end(errorBody('unauthenticated', 'de metrieken vragen Authorization: Bearer <METRICS_TOKEN>'));
      return;
    }
    o.text().then(
      (text) => res.writeHead(200, { 'content-type': o.contentType }).end(text),
      (e: Error) => res.writeHead(503, { 'content-type': 'application/json' }).end(errorBody('metrics_unavailable', `de metrieken van de werkers kwamen niet binnen: ${e.message}`)),
    );
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
