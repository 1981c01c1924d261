/**
 * `node bin/protocolregels.js serve ...` as a real child process on a free
 * loopback port (PORT=0): waits for its "luistert op" line and gives its URL,
 * its output so far and its exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/protocolregels.js', import.meta.url));

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** The METRICS_PORT listener, when the process printed one. */
  metricsUrl?: string;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL if still running (for afterAll). */
  kill(): void;
}

export async function startServe(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', BATCH_WORKERS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start within ${timeoutMs} ms:\n${out}\n${err}`)), timeoutMs);
    const look = () => {
      const m = /luistert op (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', look);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', look);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${signal ?? code}) before listening:\n${out}\n${err}`));
    });
  });
  // The metrics line follows the listening line at once.
  await new Promise((r) => setTimeout(r, 50));
  return {
    child,
    url,
    get metricsUrl() {
      return /metrieken (?:van alle werkers )?op (http:\/\/[\d.]+:\d+)/.exec(out)?.[1];
    },
    stdout: () => out,
    stderr: () => err,
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** One request on a connection of its own (no keep-alive), so a cluster spreads them over its workers. */
export function getFresh(url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent: false, headers: { connection: 'close', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    // A connection handed to a worker that has just died is never answered: give up after 5 s.
    req.setTimeout(5_000, () => req.destroy(new Error(`no answer from ${url} within 5 s`)));
    req.end();
  });
}
