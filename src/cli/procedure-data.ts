/**
 * The procedure's data as the CLI finds it (DATABASE_URL, else SQLite in DATA_DIR, default data/;
 * RULES_REPO, default DATA_DIR/rules-repo): opened only when it exists, never created.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { amendDefaults } from '../server/procedure/setup.js';
import { openStore, SQLITE_FILE } from '../amend/store/open-store.js';
import type { Store } from '../amend/store/store.js';
import { REPO_ROOT } from '../evaluate/project.js';

export function procedurePaths() {
  return amendDefaults(REPO_ROOT);
}

/** The existing store; an error naming what to set when there is none. */
export async function openExistingStore(where = procedurePaths()): Promise<Store> {
  const db = join(where.dataDir, SQLITE_FILE);
  if (!where.databaseUrl && !existsSync(db)) throw new Error(`geen database van de wijzigingsprocedure in ${db} (zet DATA_DIR of DATABASE_URL)`);
  return openStore(where);
}
