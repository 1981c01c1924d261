/**
 * The service's data files are readable by its own user only: the SQLite
 * database with its WAL and shared-memory files 0600, a data folder the
 * service makes 0700 (docs/operations.md, "File permissions"). An existing
 * folder keeps its mode (it may be a mount point the service does not own);
 * existing database files from an earlier start are tightened.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

export const PRIVATE_FILE = 0o600;
export const PRIVATE_DIR = 0o700;

/** A folder (and its missing parents) made with mode 0700. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
}

/**
 * Before SQLite opens `path`: the folder exists, the database file exists with mode 0600 (SQLite
 * gives its -wal and -shm files the database file's mode), and files of an earlier start are 0600.
 */
export function prepareSqliteFiles(path: string): void {
  makePrivateDir(dirname(path));
  closeSync(openSync(path, 'a', PRIVATE_FILE));
  for (const f of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) if (existsSync(f)) chmodSync(f, PRIVATE_FILE);
}
