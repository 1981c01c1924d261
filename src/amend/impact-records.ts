/**
 * Impact analyses kept with a proposal: who ran it, when, on what corpus, and
 * the report, so everyone who decides sees the same figures after any state
 * change. Append-only, like the audit log; the table is created here on first
 * use (CREATE IF NOT EXISTS), so it needs no step in the shared migrations.
 */
import type Database from 'better-sqlite3';
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

export function createImpactRecords(db: Database.Database) {
  db.exec(`CREATE TABLE IF NOT EXISTS proposal_impacts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id INTEGER NOT NULL REFERENCES proposals(id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    corpus TEXT NOT NULL,
    base_version TEXT NOT NULL,
    state TEXT NOT NULL,
    report_json TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS proposal_impacts_by_proposal ON proposal_impacts (proposal_id, id);
  CREATE TRIGGER IF NOT EXISTS proposal_impacts_no_update BEFORE UPDATE ON proposal_impacts BEGIN SELECT RAISE(ABORT, 'proposal_impacts is append-only'); END;
  CREATE TRIGGER IF NOT EXISTS proposal_impacts_no_delete BEFORE DELETE ON proposal_impacts BEGIN SELECT RAISE(ABORT, 'proposal_impacts is append-only'); END;`);
  const insert = db.prepare('INSERT INTO proposal_impacts (proposal_id, at, actor, corpus, base_version, state, report_json) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const list = db.prepare('SELECT * FROM proposal_impacts WHERE proposal_id = ? ORDER BY id DESC');
  const toRecord = (r: Record<string, unknown>): ImpactRecord => ({
    id: r.id as number, proposalId: r.proposal_id as number, at: r.at as string, actor: r.actor as string, corpus: r.corpus as string,
    baseVersion: r.base_version as string, state: r.state as string, report: JSON.parse(r.report_json as string) as ImpactReport,
  });
  return {
    add(r: Omit<ImpactRecord, 'id'>): ImpactRecord {
      const out = insert.run(r.proposalId, r.at, r.actor, r.corpus, r.baseVersion, r.state, JSON.stringify(r.report));
      return { ...r, id: Number(out.lastInsertRowid) };
    },
    /** Newest first. */
    of: (proposalId: number): ImpactRecord[] => (list.all(proposalId) as Record<string, unknown>[]).map(toRecord),
  };
}

export type ImpactRecords = ReturnType<typeof createImpactRecords>;
