/**
 * The audit log as a hash chain: each entry carries the hash of the entry
 * before it (`prevHash`) and its own (`hash` = sha256 of the canonical JSON of
 * its fields and `prevHash`). Editing, removing or reordering an entry breaks
 * the chain from that entry on; `protocolregels audit verify` recomputes it.
 * The one place where an entry's hash is computed, for both adapters, for the
 * migrations that backfill older logs, and for verification.
 */
import { createHash } from 'node:crypto';
import type { AuditEntry } from './types.js';

/** The `prevHash` of the first entry. */
export const GENESIS = '0'.repeat(64);

export interface ChainedAuditEntry extends AuditEntry {
  prevHash: string;
  hash: string;
}

/** The git trailer that records the chain's head in an adoption commit. */
export const AUDIT_HEAD_TRAILER = 'Audit-Head';

/** JSON with object keys sorted at every level: one text per value. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/** sha256 (hex) of an entry's fields together with the hash of the entry before it. */
export function entryHash(e: AuditEntry, prevHash: string): string {
  const fields = { id: e.id, at: e.at, actor: e.actor, entity: e.entity, entityId: e.entityId, action: e.action, from: e.from, to: e.to, reason: e.reason, prevHash };
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

/** The entry chained after `prevHash` (new entries; and the migrations backfilling old ones, in id order). */
export function chain(e: AuditEntry, prevHash: string): ChainedAuditEntry {
  return { ...e, prevHash, hash: entryHash(e, prevHash) };
}

export type ChainCheck =
  | { ok: true; count: number; head: string }
  | { ok: false; count: number; entry: ChainedAuditEntry; reason: string };

/** Recomputes the chain over every entry (oldest first) and names the first that does not fit. */
export function verifyChain(entries: readonly ChainedAuditEntry[]): ChainCheck {
  let prev = GENESIS;
  let prevId: number | undefined;
  for (const e of entries) {
    if (e.prevHash !== prev) {
      const reason = prevId === undefined
        ? `het eerste item verwijst naar ${short(e.prevHash)} in plaats van het begin van de keten`
        : `verwijst naar ${short(e.prevHash)}, maar item ${prevId} heeft hash ${short(prev)} (item ${prevId} gewijzigd, of een item ertussen verwijderd)`;
      return { ok: false, count: entries.length, entry: e, reason };
    }
    const hash = entryHash(e, e.prevHash);
    if (hash !== e.hash) return { ok: false, count: entries.length, entry: e, reason: `de inhoud past niet bij de opgeslagen hash (${short(e.hash)}; herberekend ${short(hash)}): het item is gewijzigd` };
    prev = e.hash;
    prevId = e.id;
  }
  return { ok: true, count: entries.length, head: prev };
}

const short = (h: string) => h.slice(0, 12);

/** The head recorded in a commit message's trailer, if any. */
export function auditHeadOf(message: string): string | undefined {
  return new RegExp(`^${AUDIT_HEAD_TRAILER}: ([0-9a-f]{64})$`, 'm').exec(message)?.[1];
}
