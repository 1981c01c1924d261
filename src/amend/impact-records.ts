/**
 * An impact analysis kept with a proposal: who ran it, when, on what corpus,
 * and the report, so everyone who decides sees the same figures after any
 * state change. Append-only, like the audit log (the store keeps them).
 */
import type { ImpactReport } from '../impact/types.js';

export interface ImpactRecord {
  id: number;
  proposalId: number;
  at: string;
  actor: string;
  /** The corpus in words, e.g. "synthetisch corpus, seed 1, 5000 casussen". */
  corpus: string;
  /** The base version and the proposal's state when it ran. */
  baseVersion: string;
  state: string;
  report: ImpactReport;
}
