/**
 * `audit verify`: the store's audit chain recomputed (audit-chain.ts), and the
 * heads that adoption commits in the rules repository recorded (trailer
 * Audit-Head) found in it, so git and the store vouch for each other: a chain
 * rewritten as a whole no longer contains the heads git recorded.
 */
import { auditHeadOf, GENESIS, verifyChain, type ChainCheck } from './audit-chain.js';
import type { RulesRepo } from './rules-repo.js';
import type { Store } from './store/store.js';

export interface AuditVerification {
  chain: ChainCheck;
  /** Commits that recorded a head, oldest first. */
  commits: { commit: string; subject: string; head: string; found: boolean }[];
}

/** Every commit of every ref with an Audit-Head trailer, oldest first. */
export async function recordedHeads(repo: RulesRepo): Promise<{ commit: string; subject: string; head: string }[]> {
  const out = (await repo.git(['log', '--all', '--reverse', '--format=%H%x00%B%x01'])).stdout.toString('utf8');
  return out.split('\x01').map((c) => c.replace(/^\n/, '')).filter(Boolean).flatMap((c) => {
    const [commit, body = ''] = c.split('\0');
    const head = auditHeadOf(body);
    return head ? [{ commit, subject: body.split('\n')[0], head }] : [];
  });
}

export async function verifyAudit(store: Store, repo?: RulesRepo): Promise<AuditVerification> {
  const log = await store.auditLog();
  const chain = verifyChain(log);
  const hashes = new Set([GENESIS, ...log.map((e) => e.hash)]);
  const commits = repo ? (await recordedHeads(repo)).map((c) => ({ ...c, found: hashes.has(c.head) })) : [];
  return { chain, commits };
}

export const auditVerified = (v: AuditVerification) => v.chain.ok && v.commits.every((c) => c.found);
