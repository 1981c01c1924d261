/**
 * Graceful close of an HTTP server: no request that reached the process is
 * dropped. Node's own server.close() closes idle keep-alive connections at
 * once, also those whose next request already sits unread in the socket
 * buffer (under load, most of them); and a connection whose response was in
 * flight stays open for the keep-alive timeout (5 s). So here:
 *
 * 1. stop accepting new connections;
 * 2. every response from now on carries `Connection: close`;
 * 3. after a short grace, and only after the event loop has read what the
 *    sockets hold (a poll phase: setImmediate after the timer), connections
 *    with no request in progress are closed, and again every `graceMs` until
 *    none is left (a busy connection closes once its answer is sent).
 *
 * Resolves when every connection is closed.
 */
import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';

export function closeGracefully(server: Server, graceMs = 100): Promise<void> {
  return new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    server.prependListener('request', (_req, res) => {
      if (!res.headersSent) res.setHeader('connection', 'close');
    });
    // net's close: stop accepting, call back when the last connection is gone (http's close would also drop idle ones now).
    NetServer.prototype.close.call(server, () => {
      done = true;
      clearTimeout(timer);
      resolve();
    });
    const sweep = () => {
      timer = setTimeout(() => {
        setImmediate(() => {
          if (done) return;
          server.closeIdleConnections();
          sweep();
        });
      }, graceMs);
    };
    sweep();
  });
}

/** SHUTDOWN_TIMEOUT_MS (default 10 s): after this long a shutdown ends even with requests still running. */
export function shutdownTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.SHUTDOWN_TIMEOUT_MS);
  return env.SHUTDOWN_TIMEOUT_MS && Number.isFinite(n) && n >= 0 ? n : 10_000;
}
