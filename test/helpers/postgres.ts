/**
 * A real PostgreSQL for tests: Debian's binaries (PG_BIN, else the newest
 * /usr/lib/postgresql/<n>/bin, else PATH), a fresh cluster in a temp dir
 * (initdb, trust auth, fsync off), `postgres` on a free loopback port with its
 * socket in that dir, and a fresh database per `createDatabase`. As root
 * (here and in CI) initdb and postgres run as the `postgres` system user,
 * because PostgreSQL refuses to run as root. `stop` shuts down fast and
 * removes the dir; an exiting test process takes the server down with it.
 */
import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** The server's maintenance database (`postgres`). */
  url: string;
  host: string;
  port: number;
  /** Creates an empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Fast shutdown, then the same cluster again on the same port (every connection is cut). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The directory holding initdb and postgres, or a clear error saying how to get them. */
export function findPgBin(): string {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv && existsSync(join(fromEnv, 'initdb'))) return fromEnv;
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin');
  }
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'))) return dir;
  throw new Error('PostgreSQL not found: install Debian\'s postgresql (apt-get install postgresql) or set PG_BIN to the folder holding initdb and postgres');
}

/** uid/gid of the `postgres` user when we are root (PostgreSQL refuses root), else nothing. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  } catch {
    throw new Error('running as root, but there is no "postgres" system user to run PostgreSQL as (Debian\'s postgresql package creates it)');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/** Waits until the server accepts a query; fails early when it exits, with its log. */
async function waitReady(url: string, child: ChildProcess, log: () => string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`postgres exited during startup:\n${log()}`);
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    c.on('error', () => undefined);
    try {
      await c.connect();
      await c.query('SELECT 1');
      await c.end();
      return;
    } catch {
      await c.end().catch(() => undefined);
      if (Date.now() > until) throw new Error(`postgres did not become ready in ${timeoutMs} ms:\n${log()}`);
      await sleep(100);
    }
  }
}

export async function startPostgres(): Promise<TestPostgres> {
  const bin = findPgBin();
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'pg-test-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const spawnOpts: SpawnOptions = { cwd: dir, env: { ...process.env, LC_ALL: 'C', LANG: 'C' }, ...(user ?? {}) };
  const data = join(dir, 'data');
  try {
    execFileSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], { ...spawnOpts, stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    const e = err as { stderr?: Buffer; message: string };
    throw new Error(`initdb failed: ${e.stderr?.toString() || e.message}`);
  }

  const host = '127.0.0.1';
  const urlOf = (port: number, db = 'postgres') => `postgres://postgres@${host}:${port}/${db}`;
  const removeDir = () => rmSync(dir, { recursive: true, force: true });

  /** Starts postgres on `port` with this cluster; rejects (server stopped) when it does not become ready. */
  async function launch(port: number): Promise<{ child: ChildProcess; output: () => string }> {
    const args = ['-D', data, '-k', dir, '-h', host, '-p', String(port),
      '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'shared_buffers=32MB', '-c', 'max_connections=100'];
    const child = spawn(join(bin, 'postgres'), args, { ...spawnOpts, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (b: Buffer) => { output = (output + b.toString()).slice(-8000); };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    try {
      await waitReady(urlOf(port), child, () => output);
    } catch (err) {
      child.kill('SIGKILL');
      await exited(child);
      throw Object.assign(err as Error, { output });
    }
    return { child, output: () => output };
  }

  /** Fast shutdown: ends every session at once, no waiting for clients to leave. */
  async function shutDown(child: ChildProcess): Promise<void> {
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited(child);
    clearTimeout(timer);
  }

  // A port found free may be taken before postgres binds it: try a few.
  let server: { child: ChildProcess; output: () => string } | undefined;
  let port = 0;
  for (let attempt = 1; !server; attempt++) {
    port = await freePort();
    try {
      server = await launch(port);
    } catch (err) {
      if (attempt < 3 && /could not bind|Address already in use/i.test(String((err as { output?: string }).output))) continue;
      removeDir();
      throw err;
    }
  }
  // An exiting test process takes the server with it (immediate shutdown).
  const killOnExit = () => { try { server?.child.kill('SIGQUIT'); } catch { /* gone */ } removeDir(); };
  process.once('exit', killOnExit);

  let seq = 0;
  let stopped: Promise<void> | undefined;
  return {
    url: urlOf(port),
    host,
    port,
    async createDatabase(name) {
      const db = name ?? `t${process.pid}_${++seq}`;
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(db)) throw new Error(`database name not allowed: ${db}`);
      const c = new pg.Client({ connectionString: urlOf(port) });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE ${db}`);
      } finally {
        await c.end();
      }
      return urlOf(port, db);
    },
    async restart() {
      if (!server) throw new Error('postgres is stopped');
      await shutDown(server.child);
      server = await launch(port);
    },
    stop() {
      stopped ??= (async () => {
        if (server) await shutDown(server.child);
        server = undefined;
        process.removeListener('exit', killOnExit);
        removeDir();
      })();
      return stopped;
    },
  };
}
