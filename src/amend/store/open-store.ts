/**
 * The store a deployment uses: PostgreSQL when a database URL is given
 * (DATABASE_URL), else the embedded SQLite file. The PostgreSQL adapter is
 * loaded only when asked for, so the embedded start never loads `pg`.
 */
import { join } from 'node:path';
import { openSqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

export interface StoreLocation {
  /** postgres://… (DATABASE_URL); when absent, SQLite in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
}

export const SQLITE_FILE = 'procedure.sqlite';

export async function openStore(where: StoreLocation): Promise<Store> {
  if (where.databaseUrl) {
    const { openPgStore } = await import('./pg-store.js');
    return openPgStore(where.databaseUrl);
  }
  return openSqliteStore(join(where.dataDir, SQLITE_FILE));
}
