/** The records of the amendment procedure (wijzigingsprocedure), as the API shows them. */
export const CATEGORIES = ['verhelderen', 'verwerken', 'wijzigen'] as const;
export type Category = (typeof CATEGORIES)[number];

export const STATES = ['concept', 'ingediend', 'in_behandeling', 'consultatie', 'aangenomen', 'afgewezen', 'ingetrokken'] as const;
export type ProposalState = (typeof STATES)[number];

/** Who acts (auth owns the identity). */
export type { Actor, Role } from '../auth/identity.js';

export interface ProposalFile {
  path: string;
  text: string;
}

export interface Proposal {
  id: number;
  title: string;
  category: Category;
  protocol: 'RTP' | 'RAP';
  baseVersion: string;
  rationale: string;
  /** verhelderen: the published explanation and the rule ids it is attached to. */
  explanation: string | null;
  rules: string[];
  author: string;
  state: ProposalState;
  branch: string;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  /** wijzigen: the earliest 1 January a version carrying it may take effect (from the 1 March deadline). */
  earliestValidFrom: string | null;
  /** Set once the proposal is part of an adopted version, e.g. "2.1". */
  adoptedIn: string | null;
  /** wijzigen: the consent counts as they stood when the reviewer decided (accepted or rejected after consultation); null before, and for records of earlier releases. */
  decidedConsent: { agreed: number; total: number } | null;
  /** Warnings found when it was submitted (e.g. a disagreement with the other protocol), in Dutch; shown to everyone who reads the proposal. */
  submitWarnings: string[];
}

export interface Comment {
  id: number;
  author: string;
  at: string;
  text: string;
}

export interface Provider {
  id: string;
  name: string;
  contracted: boolean;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  entity: 'proposal' | 'adoption' | 'provider';
  entityId: string;
  action: string;
  from: string | null;
  to: string | null;
  reason: string | null;
}

export interface Adoption {
  protocol: 'RTP' | 'RAP';
  version: string;
  validFrom: string;
  status: 'vastgesteld';
  tag: string;
  commit: string;
  proposalIds: number[];
  adoptedBy: string;
  at: string;
  /** Only in the answer to an adoption: disagreements with the other protocol it leaves (file:line:col message). */
  warnings?: string[];
  /** A version that took effect before the day it was adopted: the administrator's reason (from the audit log). */
  retroactive?: { reason: string } | null;
}

/** How a version came about in the amendment procedure: its proposals, who adopted it and when. */
export interface VersionAdoption {
  tag: string;
  validFrom: string;
  adoptedBy: string;
  adoptedAt: string;
  proposals: { id: number; title: string; category: string | null; author: string | null }[];
}
