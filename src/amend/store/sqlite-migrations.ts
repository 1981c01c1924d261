/**
 * Schema migrations of the procedure's SQLite database (sqlite-store.ts), applied in order and
 * recorded in PRAGMA user_version. Append new steps; never edit an old one. A step is SQL, or a
 * function for what SQL cannot compute (hashes).
 */
import type Database from 'better-sqlite3';
import { chain, GENESIS } from '../audit-chain.js';
import { toAudit, type Row } from './rows.js';

/** 3: the audit log becomes a hash chain; existing entries are chained in id order. */
function chainAuditLog(db: Database.Database): void {
  db.exec(`
    ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
    ALTER TABLE audit_log ADD COLUMN hash TEXT;
    DROP TRIGGER audit_log_no_update;`);
  const set = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?');
  let prev = GENESIS;
  for (const r of db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Row[]) {
    const c = chain(toAudit(r), prev);
    set.run(c.prevHash, c.hash, c.id);
    prev = c.hash;
  }
  db.exec(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;`);
}

export const MIGRATIONS: (string | ((db: Database.Database) => void))[] = [
  // 1: proposals, files, comments, providers, consents, adoptions, sessions, audit log.
  `
  CREATE TABLE proposals (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('verhelderen','verwerken','wijzigen')),
    protocol TEXT NOT NULL CHECK (protocol IN ('RTP','RAP')),
    base_version TEXT NOT NULL,
    rationale TEXT NOT NULL,
    explanation TEXT,
    rules_json TEXT NOT NULL DEFAULT '[]',
    author TEXT NOT NULL,
    state TEXT NOT NULL,
    branch TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    submitted_at TEXT,
    earliest_valid_from TEXT,
    adopted_in TEXT
  );
  CREATE TABLE proposal_files (
    proposal_id INTEGER NOT NULL REFERENCES proposals(id),
    path TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (proposal_id, path)
  );
  CREATE TABLE comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id INTEGER NOT NULL REFERENCES proposals(id),
    author TEXT NOT NULL,
    at TEXT NOT NULL,
    text TEXT NOT NULL
  );
  CREATE TABLE providers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    contracted INTEGER NOT NULL
  );
  CREATE TABLE consents (
    proposal_id INTEGER NOT NULL REFERENCES proposals(id),
    provider_id TEXT NOT NULL REFERENCES providers(id),
    agrees INTEGER NOT NULL,
    recorded_by TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (proposal_id, provider_id)
  );
  -- An adoption is 'bezig' between its git commit being prepared and its records being final;
  -- startup recovery finishes or discards it by looking at git (see adopt.ts).
  CREATE TABLE adoptions (
    protocol TEXT NOT NULL,
    version TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('bezig','vastgesteld')),
    tag TEXT NOT NULL,
    commit_id TEXT NOT NULL,
    tag_object TEXT NOT NULL,
    previous_main TEXT NOT NULL,
    proposal_ids_json TEXT NOT NULL,
    adopted_by TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (protocol, version)
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT,
    reason TEXT
  );
  CREATE INDEX audit_by_entity ON audit_log (entity, entity_id, id);
  -- The audit log and comments are append-only: nothing rewrites or removes them.
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER comments_no_update BEFORE UPDATE ON comments BEGIN SELECT RAISE(ABORT, 'comments are append-only'); END;
  CREATE TRIGGER comments_no_delete BEFORE DELETE ON comments BEGIN SELECT RAISE(ABORT, 'comments are append-only'); END;
  `,
  // 2: impact analyses kept with a proposal. Databases of earlier releases made this table on first use, hence IF NOT EXISTS.
  `
  CREATE TABLE IF NOT EXISTS proposal_impacts (
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
  CREATE TRIGGER IF NOT EXISTS proposal_impacts_no_delete BEFORE DELETE ON proposal_impacts BEGIN SELECT RAISE(ABORT, 'proposal_impacts is append-only'); END;
  `,
  // 3: the decision log (src/decision-log): every answered decision, identifiers pseudonymised; removed after the retention.
  `
  CREATE TABLE decision_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('evaluate','batch','ijw')),
    protocol TEXT NOT NULL,
    decision TEXT NOT NULL,
    version TEXT,
    content_hash TEXT,
    reference_date TEXT,
    outcome TEXT NOT NULL,
    rules_json TEXT NOT NULL,
    codes_json TEXT NOT NULL,
    amount INTEGER,
    subject TEXT,
    facts_json TEXT NOT NULL
  );
  CREATE INDEX decision_log_by_at ON decision_log (at);
  CREATE INDEX decision_log_by_decision ON decision_log (decision, outcome, id);
  `,
  // 4: the audit log as a hash chain (src/amend/audit-chain.ts).
  chainAuditLog,
  // 5: the decision log without its (decision, outcome, id) index: it cost every insert about a fifth of
  // its time, and a filter on the decision alone went through it and sorted every match (newest first by
  // id). Filters now read newest first by id (as rule and code always did) and stop at the page's limit.
  `
  DROP INDEX IF EXISTS decision_log_by_decision;
  `,
  // 6: a consent's date and proof (the provider's answer: when, and which document), the consent counts frozen when
  // the reviewer decides, and the warnings found at submission (RTP/RAP agreement). Older records read as null / none.
  `
  ALTER TABLE consents ADD COLUMN answered_on TEXT;
  ALTER TABLE consents ADD COLUMN proof TEXT;
  ALTER TABLE proposals ADD COLUMN consent_agreed INTEGER;
  ALTER TABLE proposals ADD COLUMN consent_total INTEGER;
  ALTER TABLE proposals ADD COLUMN submit_warnings_json TEXT;
  `,
];
