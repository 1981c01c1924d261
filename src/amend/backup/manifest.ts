/** What a backup folder holds (manifest.json): written by backup.ts, checked by restore.ts. */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MANIFEST_FILE = 'manifest.json';
export const BUNDLE_FILE = 'rules-repo.bundle';
export const SQLITE_SNAPSHOT = 'procedure.sqlite';
export const PG_DUMP_FILE = 'procedure.pgdump';
export const FORMAT = 'protocolregels-backup/1';

/** Rows per table at the moment of the snapshot. */
export type RecordCounts = Record<string, number>;

export interface Manifest {
  format: typeof FORMAT;
  /** When the store snapshot was taken (ISO 8601, UTC). */
  createdAt: string;
  store: {
    kind: 'sqlite' | 'postgres';
    file: string;
    sha256: string;
    counts: RecordCounts;
    /** The audit chain's head in the snapshot (audit-chain.ts). */
    auditHead: string;
  };
  rulesRepo: {
    file: string;
    sha256: string;
    main: string;
    /** Tag name → the object it points at. */
    tags: Record<string, string>;
  };
  /** Every tagged version in the bundle with the content hash the service serves it under. */
  versions: { protocol: string; version: string; status: string; contentHash: string }[];
  /** Node.js that made the backup. */
  node: string;
}

export const TABLES = ['proposals', 'proposal_files', 'comments', 'providers', 'consents', 'adoptions', 'audit_log', 'proposal_impacts', 'sessions'];

export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

export function writeManifest(dir: string, m: Manifest): void {
  writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify(m, null, 2) + '\n');
}

export function readManifest(dir: string): Manifest {
  const m = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
  if (m.format !== FORMAT) throw new Error(`${join(dir, MANIFEST_FILE)}: onbekend formaat ${JSON.stringify(m.format)} (verwacht ${FORMAT})`);
  return m;
}
