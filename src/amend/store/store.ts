/**
 * The procedure's records, as a port: proposals, files, comments, providers,
 * consents, adoptions, impact analyses, sessions and the append-only audit log.
 * Two adapters implement it with the same behaviour, proved by one contract
 * suite (test/amend/store-contract.test.ts): SQLite (sqlite-store.ts, the
 * embedded default, one process) and PostgreSQL (pg-store.ts, DATABASE_URL,
 * several processes and hosts).
 *
 * Contracts every adapter keeps:
 * - Every method is async and either does all of its work or none of it.
 * - `tx(fn)` runs `fn` with the same operations inside one database
 *   transaction: all of fn's writes commit together, or (fn throws) none does,
 *   and fn's error is rethrown. fn must only await operations of its `t`
 *   (no git, no network), so a transaction is short. Operations called on the
 *   store itself while a transaction runs never join that transaction.
 * - `lock(name, fn)` runs fn while holding a lock named `name` that every
 *   process sharing this store respects (PostgreSQL: a session advisory lock;
 *   SQLite: this store instance only, as the embedded SQLite serves one
 *   process with one store). The lock is released when fn settles, and when
 *   the process dies.
 * - `publish(channel, payload)` reaches every `subscribe`r of the channel in
 *   every process sharing the store (PostgreSQL: NOTIFY), this one included
 *   (SQLite: the subscribers of this store instance).
 * - The audit log, comments and impact analyses are append-only: the database
 *   itself refuses an update or delete (triggers), not only this code. The
 *   audit log is also a hash chain (audit-chain.ts), so an edit made past the
 *   triggers is found by `protocolregels audit verify`.
 * - Times are ISO 8601 strings as given; ids are integers.
 * - The decision log (`decisions`) is not append-only: entries past the
 *   retention are removed (src/decision-log/retention.ts).
 */
import type { SessionStore } from '../../auth/session-store.js';
import type { DecisionStore } from '../../decision-log/store-port.js';
import type { ChainedAuditEntry } from '../audit-chain.js';
import type { ConsentAnswer, ConsentEntry } from '../consent.js';
import type { ImpactRecord } from '../impact-records.js';
import type { Adoption, AuditEntry, Comment, Proposal, ProposalFile, ProposalState, Provider } from '../types.js';

export interface PendingAdoption extends Omit<Adoption, 'status'> {
  status: 'bezig' | 'vastgesteld';
  tagObject: string;
  previousMain: string;
}

export type NewProposal = Omit<Proposal, 'id' | 'branch' | 'state' | 'createdAt' | 'updatedAt' | 'submittedAt' | 'earliestValidFrom' | 'adoptedIn' | 'decidedConsent' | 'submitWarnings'>;

export type ProposalFields = Partial<Pick<Proposal, 'title' | 'rationale' | 'explanation' | 'rules' | 'state' | 'submittedAt' | 'earliestValidFrom' | 'adoptedIn' | 'updatedAt' | 'baseVersion' | 'decidedConsent' | 'submitWarnings'>>;

export type { SessionRecord } from '../../auth/session-store.js';

/** What can be done inside and outside a transaction. */
export interface StoreOps {
  /** A new proposal in state concept, with branch `voorstel/<id>`. */
  insertProposal(p: NewProposal, at: string): Promise<Proposal>;
  getProposal(id: number): Promise<Proposal | undefined>;
  /** By id, ascending; only those in `state` when given. */
  listProposals(state?: ProposalState): Promise<Proposal[]>;
  /** Every proposal's id, read without interpreting the rows (startup repair). */
  proposalIds(): Promise<number[]>;
  updateProposal(id: number, fields: ProposalFields): Promise<void>;
  /** By path, ascending. */
  getFiles(id: number): Promise<ProposalFile[]>;
  /** Replaces all files of the proposal. */
  setFiles(id: number, files: ProposalFile[]): Promise<void>;
  addComment(proposalId: number, author: string, at: string, text: string): Promise<Comment>;
  /** Oldest first. */
  listComments(proposalId: number): Promise<Comment[]>;
  /** Adds, or updates name and contracted of, a provider. */
  upsertProvider(p: Provider): Promise<void>;
  getProvider(id: string): Promise<Provider | undefined>;
  /** By id, ascending. */
  listProviders(): Promise<Provider[]>;
  /** One answer per provider and proposal (with the day the provider answered and the proof: a document reference); a second answer replaces the first. */
  setConsent(proposalId: number, providerId: string, answer: ConsentAnswer, by: string, at: string): Promise<void>;
  /** Consents of providers that are contracted now; total = contracted providers. */
  countConsent(proposalId: number): Promise<{ agreed: number; total: number }>;
  /** Every contracted provider with its answer on the proposal (null: none yet), by name then id. */
  consentEntries(proposalId: number): Promise<ConsentEntry[]>;
  /** Appends an entry chained to the one before it (audit-chain.ts); entries are chained in id order across every process. */
  audit(e: Omit<AuditEntry, 'id'>): Promise<void>;
  /** Every entry with its hashes, oldest first (from id `afterId` on when given). */
  auditLog(afterId?: number): Promise<ChainedAuditEntry[]>;
  /** The hash of the newest entry (GENESIS when the log is empty). */
  auditHead(): Promise<string>;
  /** Oldest first. */
  auditOf(entity: AuditEntry['entity'], entityId: string): Promise<AuditEntry[]>;
  /** Refuses (throws) a second adoption of the same protocol and version. */
  insertAdoption(a: PendingAdoption): Promise<void>;
  finishAdoption(protocol: string, version: string): Promise<void>;
  /** Removes a pending ('bezig') adoption; a finished one stays. */
  dropAdoption(protocol: string, version: string): Promise<void>;
  /** Oldest first. */
  listAdoptions(status?: 'bezig' | 'vastgesteld'): Promise<PendingAdoption[]>;
  addImpact(r: Omit<ImpactRecord, 'id'>): Promise<ImpactRecord>;
  /** Newest first. */
  impactsOf(proposalId: number): Promise<ImpactRecord[]>;
  /** The decision log (src/decision-log). */
  decisions: DecisionStore['decisions'];
  sessions: SessionStore['sessions'];
}

export interface Store extends StoreOps {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the records are, without secrets (a file path, or host:port/database). */
  readonly where: string;
  tx<T>(fn: (t: StoreOps) => Promise<T>): Promise<T>;
  lock<T>(name: string, fn: () => Promise<T>): Promise<T>;
  publish(channel: string, payload: string): Promise<void>;
  /** Resolves once listening; the returned function stops listening. */
  subscribe(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>>;
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
