/**
 * `protocolregels backup --out DIR` while the service runs: the store (store-snapshot.ts) and
 * the rules repository (a git bundle of every ref) with a manifest (manifest.ts).
 *
 * The two are consistent without stopping anyone: main and the tags are read before the store
 * snapshot and again from the bundle made after it; when they differ an adoption moved them in
 * between, and the backup is taken again. When they agree, every adoption in the copy is in
 * both or in neither, except one caught between its steps, which the copy holds as 'bezig' and
 * the start after a restore finishes or drops by looking at git, as after a crash
 * (use-cases/recover-adoptions.ts). Proposal branches are repaired from the store at that start too.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject } from '../../evaluate/project.js';
import { openRulesRepo } from '../rules-repo.js';
import { readVersionView } from '../version-layout.js';
import { bundleRepo, refsOf, sameRefs, unbundle } from './git-bundle.js';
import { BUNDLE_FILE, FORMAT, PG_DUMP_FILE, sha256File, SQLITE_SNAPSHOT, writeManifest, type Manifest } from './manifest.js';
import { snapshotPg, snapshotSqlite } from './store-snapshot.js';

export interface BackupOptions {
  out: string;
  /** The SQLite store's file (when no databaseUrl). */
  sqliteFile: string;
  databaseUrl?: string;
  /** The rules repository (a bare git repository). */
  rulesRepo: string;
  /** Tries before giving up when adoptions keep moving main in between (default 5). */
  attempts?: number;
}

/** Every tagged version of a repository and its content hash, as the service would load it. */
export async function versionsOf(gitDir: string): Promise<Manifest['versions']> {
  const loaded = loadProject(await readVersionView(await openRulesRepo(gitDir)));
  return loaded.versions.map((v) => ({ protocol: v.meta.protocol, version: v.meta.version, status: v.meta.status, contentHash: v.contentHash }))
    .sort((a, b) => `${a.protocol} ${a.version}`.localeCompare(`${b.protocol} ${b.version}`));
}

export async function takeBackup(opts: BackupOptions): Promise<Manifest> {
  mkdirSync(opts.out, { recursive: true });
  if (readdirSync(opts.out).length) throw new Error(`${opts.out} is niet leeg: kies een nieuwe map voor de back-up`);
  const storeFile = opts.databaseUrl ? PG_DUMP_FILE : SQLITE_SNAPSHOT;
  const bundle = join(opts.out, BUNDLE_FILE);
  const attempts = opts.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const before = await refsOf(opts.rulesRepo);
    const createdAt = new Date().toISOString();
    rmSync(join(opts.out, storeFile), { force: true });
    const snap = opts.databaseUrl ? await snapshotPg(opts.databaseUrl, join(opts.out, storeFile)) : await snapshotSqlite(opts.sqliteFile, join(opts.out, storeFile));
    rmSync(bundle, { force: true });
    const after = await bundleRepo(opts.rulesRepo, bundle);
    if (!sameRefs(before, after)) {
      if (attempt < attempts) continue;
      throw new Error(`de regelrepository veranderde tijdens elk van ${attempts} pogingen (vaststellingen); probeer het later opnieuw`);
    }
    const check = mkdtempSync(join(tmpdir(), 'backup-check-'));
    let versions: Manifest['versions'];
    try {
      await unbundle(bundle, join(check, 'repo.git'));
      versions = await versionsOf(join(check, 'repo.git'));
    } finally {
      rmSync(check, { recursive: true, force: true });
    }
    const manifest: Manifest = {
      format: FORMAT, createdAt,
      store: { kind: opts.databaseUrl ? 'postgres' : 'sqlite', file: storeFile, sha256: await sha256File(join(opts.out, storeFile)), counts: snap.counts, auditHead: snap.auditHead },
      rulesRepo: {
        file: BUNDLE_FILE, sha256: await sha256File(bundle), main: after['refs/heads/main'] ?? '',
        tags: Object.fromEntries(Object.entries(after).filter(([r]) => r.startsWith('refs/tags/')).map(([r, sha]) => [r.slice('refs/tags/'.length), sha])),
      },
      versions, node: process.version,
    };
    writeManifest(opts.out, manifest);
    return manifest;
  }
}
