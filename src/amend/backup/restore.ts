/**
 * `protocolregels restore --from DIR` into an empty data directory (and an empty rules repository
 * location and, with DATABASE_URL, an empty database): the store and the rules repository as the
 * backup holds them. Anything already there is refused, never overwritten. Afterwards the copy is
 * checked against the manifest: file hashes before, audit chain and head, tags and the versions'
 * content hashes after.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { verifyChain } from '../audit-chain.js';
import { openStore, SQLITE_FILE } from '../store/open-store.js';
import { refsOf, unbundle } from './git-bundle.js';
import { readManifest, sha256File, type Manifest } from './manifest.js';
import { pgTool, runTool } from './pg-tools.js';
import { versionsOf } from './backup.js';

export interface RestoreOptions {
  from: string;
  dataDir: string;
  databaseUrl?: string;
  rulesRepo: string;
}

const nonEmpty = (dir: string) => existsSync(dir) && readdirSync(dir).length > 0;

async function refuseNonEmptyDatabase(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const n = Number((await c.query("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public'")).rows[0].n);
    if (n) throw new Error(`de database heeft al ${n} tabel(len): zet terug in een lege database`);
  } finally {
    await c.end();
  }
}

export async function restoreBackup(opts: RestoreOptions): Promise<Manifest> {
  const m = readManifest(opts.from);
  if ((m.store.kind === 'postgres') !== Boolean(opts.databaseUrl)) {
    throw new Error(m.store.kind === 'postgres' ? 'deze back-up is van PostgreSQL: zet DATABASE_URL naar een lege database' : 'deze back-up is van SQLite: zet DATABASE_URL niet');
  }
  if (nonEmpty(opts.dataDir)) throw new Error(`${opts.dataDir} is niet leeg: zet een back-up alleen terug in een lege gegevensmap`);
  if (nonEmpty(opts.rulesRepo)) throw new Error(`${opts.rulesRepo} is niet leeg: zet een back-up alleen terug op een lege plaats voor de regelrepository`);
  if (opts.databaseUrl) await refuseNonEmptyDatabase(opts.databaseUrl);
  for (const [file, sha] of [[m.store.file, m.store.sha256], [m.rulesRepo.file, m.rulesRepo.sha256]]) {
    if ((await sha256File(join(opts.from, file))) !== sha) throw new Error(`${join(opts.from, file)} is beschadigd: de sha256 verschilt van die in het manifest`);
  }

  mkdirSync(opts.dataDir, { recursive: true });
  if (opts.databaseUrl) await runTool(pgTool('pg_restore'), ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${opts.databaseUrl}`, join(opts.from, m.store.file)]);
  else copyFileSync(join(opts.from, m.store.file), join(opts.dataDir, SQLITE_FILE));
  await unbundle(join(opts.from, m.rulesRepo.file), opts.rulesRepo);

  const problems: string[] = [];
  const store = await openStore({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  try {
    const chain = verifyChain(await store.auditLog());
    if (!chain.ok) problems.push(`auditlog: item ${chain.entry.id} past niet in de keten: ${chain.reason}`);
    else if (chain.head !== m.store.auditHead) problems.push(`auditlog: kop ${chain.head} is niet die van het manifest (${m.store.auditHead})`);
  } finally {
    await store.close();
  }
  const refs = await refsOf(opts.rulesRepo);
  if (refs['refs/heads/main'] !== m.rulesRepo.main) problems.push(`regelrepository: main is ${refs['refs/heads/main']}, het manifest zegt ${m.rulesRepo.main}`);
  for (const [tag, sha] of Object.entries(m.rulesRepo.tags)) if (refs[`refs/tags/${tag}`] !== sha) problems.push(`regelrepository: tag ${tag} ontbreekt of wijst elders heen`);
  if (JSON.stringify(await versionsOf(opts.rulesRepo)) !== JSON.stringify(m.versions)) problems.push('versies: de inhoudshashes verschillen van die in het manifest');
  if (problems.length) throw new Error(`teruggezet, maar de controle faalt: ${problems.join('; ')}`);
  return m;
}
