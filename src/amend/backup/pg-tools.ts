/**
 * PostgreSQL's client programs (pg_dump, pg_restore) for backup and restore: PG_BIN when set,
 * else PATH, else the newest Debian /usr/lib/postgresql/<n>/bin. pg_dump must be at least the
 * server's major version.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  const dirs = [process.env.PG_BIN, ...(process.env.PATH ?? '').split(':')];
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) dirs.push(...readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)).map((v) => join(root, v, 'bin')));
  for (const d of dirs) if (d && existsSync(join(d, name))) return join(d, name);
  throw new Error(`${name} niet gevonden: installeer de PostgreSQL-clientprogramma's (Debian: postgresql-client) of zet PG_BIN`);
}

export function runTool(path: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(path, args, { maxBuffer: 16 * 1024 * 1024 }, (err, _out, stderr) => {
      if (err) reject(new Error(`${path.split('/').pop()} mislukte: ${String(stderr).trim().split('\n').slice(0, 3).join(' ') || err.message}`));
      else resolve();
    });
  });
}
