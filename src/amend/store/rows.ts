/**
 * Database rows (snake_case columns, as both adapters name them) to the
 * procedure's records. One place, so SQLite and PostgreSQL answer alike.
 */
import type { DecisionRecord, StoredDecision } from '../../decision-log/types.js';
import type { ImpactReport } from '../../impact/types.js';
import type { ConsentEntry } from '../consent.js';
import type { ChainedAuditEntry } from '../audit-chain.js';
import type { ImpactRecord } from '../impact-records.js';
import type { AuditEntry, Proposal, ProposalState, Provider } from '../types.js';
import type { PendingAdoption, ProposalFields } from './store.js';

export type Row = Record<string, unknown>;

/** A JSON column: text in SQLite, already parsed (jsonb) in PostgreSQL. */
const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

/** A stored list of strings (a proposal's rule ids, its warnings); missing or unreadable reads as none (a bad record must not break every listing). */
function parseStrings(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  try {
    const out = json(v);
    return Array.isArray(out) ? out.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** A boolean column: 0/1 in SQLite, boolean in PostgreSQL. */
const bool = (v: unknown) => v === true || v === 1;
const opt = (v: unknown) => (v as string | null | undefined) ?? null;

export const toProposal = (r: Row): Proposal => ({
  id: Number(r.id),
  title: r.title as string,
  category: r.category as Proposal['category'],
  protocol: r.protocol as Proposal['protocol'],
  baseVersion: r.base_version as string,
  rationale: r.rationale as string,
  explanation: opt(r.explanation),
  rules: parseStrings(r.rules_json),
  author: r.author as string,
  state: r.state as ProposalState,
  branch: r.branch as string,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
  submittedAt: opt(r.submitted_at),
  earliestValidFrom: opt(r.earliest_valid_from),
  adoptedIn: opt(r.adopted_in),
  decidedConsent: r.consent_total === null || r.consent_total === undefined ? null : { agreed: Number(r.consent_agreed), total: Number(r.consent_total) },
  submitWarnings: parseStrings(r.submit_warnings_json),
});

export const toAdoption = (r: Row): PendingAdoption => ({
  protocol: r.protocol as PendingAdoption['protocol'],
  version: r.version as string,
  validFrom: r.valid_from as string,
  status: r.status as PendingAdoption['status'],
  tag: r.tag as string,
  commit: r.commit_id as string,
  tagObject: r.tag_object as string,
  previousMain: r.previous_main as string,
  proposalIds: (json(r.proposal_ids_json) as unknown[]).map(Number),
  adoptedBy: r.adopted_by as string,
  at: r.at as string,
});

export const toProvider = (r: Row): Provider => ({ id: r.id as string, name: r.name as string, contracted: bool(r.contracted) });

export const toAudit = (r: Row): AuditEntry => ({
  id: Number(r.id), at: r.at as string, actor: r.actor as string, entity: r.entity as AuditEntry['entity'], entityId: r.entity_id as string,
  action: r.action as string, from: opt(r.from_state), to: opt(r.to_state), reason: opt(r.reason),
});

export const toChainedAudit = (r: Row): ChainedAuditEntry => ({ ...toAudit(r), prevHash: r.prev_hash as string, hash: r.hash as string });

export const toImpact = (r: Row): ImpactRecord => ({
  id: Number(r.id), proposalId: Number(r.proposal_id), at: r.at as string, actor: r.actor as string, corpus: r.corpus as string,
  baseVersion: r.base_version as string, state: r.state as string, report: json(r.report_json) as ImpactReport,
});

export const toConsentEntry = (r: Row): ConsentEntry => ({
  providerId: r.id as string, providerName: r.name as string, agrees: r.agrees === null || r.agrees === undefined ? null : bool(r.agrees),
  recordedBy: opt(r.recorded_by), at: opt(r.at), answeredOn: opt(r.answered_on), proof: opt(r.proof),
});

/** Proposal fields to their columns, with JSON for the lists and two columns for the frozen consent counts. */
export function proposalColumns(fields: ProposalFields): [string, unknown][] {
  const COLUMNS: Record<Exclude<keyof ProposalFields, 'decidedConsent'>, string> = {
    title: 'title', rationale: 'rationale', explanation: 'explanation', rules: 'rules_json', state: 'state', baseVersion: 'base_version',
    submittedAt: 'submitted_at', earliestValidFrom: 'earliest_valid_from', adoptedIn: 'adopted_in', updatedAt: 'updated_at', submitWarnings: 'submit_warnings_json',
  };
  return Object.entries(fields).flatMap(([k, v]): [string, unknown][] => {
    if (k === 'decidedConsent') {
      const c = v as ProposalFields['decidedConsent'];
      return [['consent_agreed', c?.agreed ?? null], ['consent_total', c?.total ?? null]];
    }
    if (!(k in COLUMNS)) return [];
    return [[COLUMNS[k as keyof typeof COLUMNS], k === 'rules' || k === 'submitWarnings' ? JSON.stringify(v) : v]];
  });
}

export const toDecision = (r: Row): StoredDecision => ({
  id: Number(r.id), at: r.at as string, source: r.source as StoredDecision['source'], protocol: r.protocol as string, decision: r.decision as string,
  version: opt(r.version), contentHash: opt(r.content_hash), referenceDate: opt(r.reference_date), outcome: r.outcome as string,
  rules: json(r.rules_json) as string[], codes: json(r.codes_json) as string[], amount: r.amount === null || r.amount === undefined ? null : Number(r.amount),
  subject: opt(r.subject), facts: json(r.facts_json) as Record<string, unknown>,
});

