/**
 * Users and API keys from a JSON config file (default config/users.json,
 * USERS_FILE to override). Passwords are scrypt hashes; API keys are stored
 * as sha256 hashes. Re-read when the file changes, so `user add` needs no restart.
 */
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makePrivateDir, PRIVATE_FILE } from '../base/private-files.js';
import type { Role } from './identity.js';

export const ROLES: Role[] = ['indiener', 'beoordelaar', 'beheerder'];
export const DEFAULT_USERS_FILE = fileURLToPath(new URL('../../config/users.json', import.meta.url));

export interface UserRecord {
  username: string;
  name: string;
  roles: Role[];
  password: string;
  /** When the password was last set (ISO); sessions opened before it are no longer valid. */
  passwordChangedAt?: string;
}

export interface ApiKeyRecord {
  name: string;
  /** "sha256:<hex>" of the key. */
  hash: string;
}

export interface UsersConfig {
  /** When true, POST /api/v1/evaluate needs an API key (or a logged-in session). */
  requireApiKeyForEvaluate?: boolean;
  users: UserRecord[];
  apiKeys: ApiKeyRecord[];
}

export const hashApiKey = (key: string) => `sha256:${createHash('sha256').update(key).digest('hex')}`;

/** A users file that cannot be used: names the file and where it is wrong. */
export class UsersFileError extends Error {}

/** The users file's problems, each with a JSON pointer; empty when it is usable. */
export function usersFileProblems(raw: unknown): string[] {
  const out: string[] = [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return ['(root): verwacht een object { users, apiKeys }'];
  const r = raw as Record<string, unknown>;
  if (r.requireApiKeyForEvaluate !== undefined && typeof r.requireApiKeyForEvaluate !== 'boolean') out.push('/requireApiKeyForEvaluate: true of false');
  if (r.users !== undefined && !Array.isArray(r.users)) out.push('/users: verwacht een lijst');
  if (Array.isArray(r.users)) r.users.forEach((u: unknown, i) => {
    const x = (u ?? {}) as Record<string, unknown>;
    if (typeof x.username !== 'string' || !x.username) out.push(`/users/${i}/username: verplichte tekst`);
    if (typeof x.password !== 'string') out.push(`/users/${i}/password: verplichte scrypt-hash`);
    if (!Array.isArray(x.roles) || !x.roles.every((role) => ROLES.includes(role as Role))) out.push(`/users/${i}/roles: lijst van ${ROLES.join(', ')}`);
    if (x.name !== undefined && typeof x.name !== 'string') out.push(`/users/${i}/name: tekst`);
    if (x.passwordChangedAt !== undefined && (typeof x.passwordChangedAt !== 'string' || Number.isNaN(Date.parse(x.passwordChangedAt)))) out.push(`/users/${i}/passwordChangedAt: ISO-tijdstip`);
  });
  if (r.apiKeys !== undefined && !Array.isArray(r.apiKeys)) out.push('/apiKeys: verwacht een lijst');
  if (Array.isArray(r.apiKeys)) r.apiKeys.forEach((k: unknown, i) => {
    const x = (k ?? {}) as Record<string, unknown>;
    if (typeof x.hash !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(x.hash)) out.push(`/apiKeys/${i}/hash: "sha256:<64 hex>"`);
  });
  return out;
}

/** Reads and checks the users file; a missing file is an empty one. Throws UsersFileError naming the problems. */
export function readUsersFile(path: string): UsersConfig {
  if (!existsSync(path)) return { users: [], apiKeys: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsersFileError(`gebruikersbestand ${path} is geen geldige JSON: ${(e as Error).message}`);
  }
  const problems = usersFileProblems(raw);
  if (problems.length) throw new UsersFileError(`gebruikersbestand ${path} klopt niet: ${problems.slice(0, 10).join('; ')}`);
  const cfg = raw as Partial<UsersConfig>;
  return {
    requireApiKeyForEvaluate: cfg.requireApiKeyForEvaluate === true,
    users: (cfg.users ?? []).map((u) => ({ ...u, name: u.name ?? u.username })),
    apiKeys: cfg.apiKeys ?? [],
  };
}

export function writeUsersFile(path: string, cfg: UsersConfig): void {
  makePrivateDir(dirname(resolve(path)));
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(cfg, null, 2) + '\n', { mode: PRIVATE_FILE });
  // A left-over temporary file keeps its old mode when written again.
  chmodSync(tmp, PRIVATE_FILE);
  renameSync(tmp, path);
}

export interface UserDirectory {
  config(): UsersConfig;
  find(username: string): UserRecord | undefined;
}

/**
 * Reads the file at once (a broken file is a startup error, never an open
 * service) and again whenever its modification time changes; a file broken
 * while the service runs is reported through `onError` and the last good
 * contents stay in force. `onPasswordChanged` hears of users whose password
 * hash changed since the last read.
 */
export function userDirectory(path: string, hooks: { onError?: (e: Error) => void; onPasswordChanged?: (username: string) => void } = {}): UserDirectory {
  const mtimeOf = () => { try { return existsSync(path) ? statSync(path).mtimeMs : -1; } catch { return -1; } };
  let cached = { mtime: mtimeOf(), cfg: readUsersFile(path) };
  const config = () => {
    const mtime = mtimeOf();
    if (cached.mtime === mtime) return cached.cfg;
    try {
      const cfg = readUsersFile(path);
      const before = new Map(cached.cfg.users.map((u) => [u.username, u.password]));
      cached = { mtime, cfg };
      for (const u of cfg.users) if (before.has(u.username) && before.get(u.username) !== u.password) hooks.onPasswordChanged?.(u.username);
    } catch (e) {
      // Tried once per change of the file; the last good contents stay in force.
      cached = { mtime, cfg: cached.cfg };
      (hooks.onError ?? ((err: Error) => process.emitWarning(`${err.message}; de vorige inhoud blijft gelden`)))(e as Error);
    }
    return cached.cfg;
  };
  return { config, find: (u) => config().users.find((x) => x.username === u) };
}
