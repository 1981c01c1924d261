/**
 * `protocolregels backup --out DIR` (while the service runs) and `protocolregels restore --from DIR`
 * (into an empty DATA_DIR, RULES_REPO and, with DATABASE_URL, an empty database). Locations as for
 * serve: DATA_DIR, DATABASE_URL, RULES_REPO. See docs/operations.md.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { takeBackup } from '../amend/backup/backup.js';
import { restoreBackup } from '../amend/backup/restore.js';
import type { Manifest } from '../amend/backup/manifest.js';
import { SQLITE_FILE } from '../amend/store/open-store.js';
import type { Output } from './output.js';
import { procedurePaths } from './procedure-data.js';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] && !args[i + 1].startsWith('--') ? args[i + 1] : undefined;
}

function summary(m: Manifest): string[] {
  const c = m.store.counts;
  return [
    `opslag (${m.store.kind}): ${c.proposals ?? 0} voorstellen, ${c.comments ?? 0} opmerkingen, ${c.consents ?? 0} instemmingen, ${c.adoptions ?? 0} vaststellingen, ${c.audit_log ?? 0} auditregels; auditkop ${m.store.auditHead}`,
    `regelrepository: main ${m.rulesRepo.main.slice(0, 12)}, ${Object.keys(m.rulesRepo.tags).length} tags; versies: ${m.versions.map((v) => `${v.protocol} ${v.version}`).join(', ')}`,
  ];
}

export async function backupCommand(args: string[], io: Output): Promise<number> {
  const out = option(args, '--out');
  if (!out) { io.err('gebruik: protocolregels backup --out <map>   (een nieuwe of lege map)'); return 2; }
  const where = procedurePaths();
  const sqliteFile = join(where.dataDir, SQLITE_FILE);
  if (!where.databaseUrl && !existsSync(sqliteFile)) { io.err(`geen database van de wijzigingsprocedure in ${sqliteFile} (zet DATA_DIR of DATABASE_URL)`); return 2; }
  if (!existsSync(where.rulesRepo)) { io.err(`geen regelrepository in ${where.rulesRepo} (zet RULES_REPO of DATA_DIR)`); return 2; }
  const m = await takeBackup({ out: resolve(out), sqliteFile, databaseUrl: where.databaseUrl, rulesRepo: where.rulesRepo });
  io.out(`back-up in ${resolve(out)} (${m.createdAt})`);
  for (const l of summary(m)) io.out(l);
  return 0;
}

export async function restoreCommand(args: string[], io: Output): Promise<number> {
  const from = option(args, '--from');
  if (!from) { io.err('gebruik: protocolregels restore --from <map>   (naar een lege DATA_DIR, RULES_REPO en database)'); return 2; }
  const where = procedurePaths();
  const m = await restoreBackup({ from: resolve(from), dataDir: where.dataDir, databaseUrl: where.databaseUrl, rulesRepo: where.rulesRepo });
  io.out(`teruggezet uit ${resolve(from)} (back-up van ${m.createdAt}) naar ${where.databaseUrl ? 'DATABASE_URL' : where.dataDir} en ${where.rulesRepo}; auditketen, tags en inhoudshashes kloppen`);
  for (const l of summary(m)) io.out(l);
  return 0;
}
