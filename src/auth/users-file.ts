/**
 * Users and API keys from a JSON config file (default config/users.json,
 * USERS_FILE to override). Passwords are scrypt hashes; API keys are stored
 * as sha256 hashes. Re-read when the file changes, so `user add` needs no restart.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '../amend/types.js';

export const ROLES: Role[] = ['indiener', 'beoordelaar', 'beheerder'];
export const DEFAULT_USERS_FILE = fileURLToPath(new URL('../../config/users.json', import.meta.url));

export interface UserRecord {
  username: string;
  name: string;
  roles: Role[];
  password: string;
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

export function readUsersFile(path: string): UsersConfig {
  if (!existsSync(path)) return { users: [], apiKeys: [] };
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<UsersConfig>;
  return { requireApiKeyForEvaluate: raw.requireApiKeyForEvaluate === true, users: raw.users ?? [], apiKeys: raw.apiKeys ?? [] };
}

export function writeUsersFile(path: string, cfg: UsersConfig): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(cfg, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, path);
}

export interface UserDirectory {
  config(): UsersConfig;
  find(username: string): UserRecord | undefined;
}

/** Reads the file again whenever its modification time changes. */
export function userDirectory(path: string): UserDirectory {
  let cached: { mtime: number; cfg: UsersConfig } | undefined;
  const config = () => {
    const mtime = existsSync(path) ? statSync(path).mtimeMs : -1;
    if (!cached || cached.mtime !== mtime) cached = { mtime, cfg: readUsersFile(path) };
    return cached.cfg;
  };
  return { config, find: (u) => config().users.find((x) => x.username === u) };
}
