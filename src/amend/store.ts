/**
 * The procedure's records in SQLite (better-sqlite3): proposals, comments,
 * providers, consents, adoptions, sessions and the append-only audit log.
 * Synchronous by design; callers group writes with `tx` so a crash leaves
 * either all of a step or none of it.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations.js';
import type { Adoption, AuditEntry, Comment, Proposal, ProposalFile, ProposalState, Provider } from './types.js';

type Row = Record<string, unknown>;

export interface PendingAdoption extends Omit<Adoption, 'status'> {
  status: 'bezig' | 'vastgesteld';
  tagObject: string;
  previousMain: string;
}

export type NewProposal = Omit<Proposal, 'id' | 'branch' | 'state' | 'createdAt' | 'updatedAt' | 'submittedAt' | 'earliestValidFrom' | 'adoptedIn'>;

export interface Store {
  readonly db: Database.Database;
  tx<T>(fn: () => T): T;
  close(): void;
  insertProposal(p: NewProposal, at: string): Proposal;
  getProposal(id: number): Proposal | undefined;
  listProposals(state?: ProposalState): Proposal[];
  /** Every proposal's id, read without interpreting the rows (startup repair). */
  proposalIds(): number[];
  updateProposal(id: number, fields: Partial<Pick<Proposal, 'title' | 'rationale' | 'explanation' | 'rules' | 'state' | 'submittedAt' | 'earliestValidFrom' | 'adoptedIn' | 'updatedAt'>>): void;
  getFiles(id: number): ProposalFile[];
  setFiles(id: number, files: ProposalFile[]): void;
  addComment(proposalId: number, author: string, at: string, text: string): Comment;
  listComments(proposalId: number): Comment[];
  upsertProvider(p: Provider): void;
  getProvider(id: string): Provider | undefined;
  listProviders(): Provider[];
  setConsent(proposalId: number, providerId: string, agrees: boolean, by: string, at: string): void;
  /** Consents of providers that are contracted now. */
  countConsent(proposalId: number): { agreed: number; total: number };
  audit(e: Omit<AuditEntry, 'id'>): void;
  auditOf(entity: AuditEntry['entity'], entityId: string): AuditEntry[];
  insertAdoption(a: PendingAdoption): void;
  finishAdoption(protocol: string, version: string): void;
  dropAdoption(protocol: string, version: string): void;
  listAdoptions(status?: 'bezig' | 'vastgesteld'): PendingAdoption[];
  sessions: {
    create(tokenHash: string, username: string, csrf: string, at: string, expires: string): void;
    get(tokenHash: string, now: string): { username: string; csrfToken: string; createdAt: string } | undefined;
    remove(tokenHash: string): void;
    /** Ends every session of a user (password reset). */
    removeUser(username: string): number;
  };
}

/** The rule ids of a stored proposal; an unreadable list reads as none (a bad record must not break every listing). */
function parseRules(json: unknown): string[] {
  try {
    const v = JSON.parse(String(json)) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

const toProposal = (r: Row): Proposal => ({
  id: r.id as number,
  title: r.title as string,
  category: r.category as Proposal['category'],
  protocol: r.protocol as Proposal['protocol'],
  baseVersion: r.base_version as string,
  rationale: r.rationale as string,
  explanation: (r.explanation as string | null) ?? null,
  rules: parseRules(r.rules_json),
  author: r.author as string,
  state: r.state as ProposalState,
  branch: r.branch as string,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
  submittedAt: (r.submitted_at as string | null) ?? null,
  earliestValidFrom: (r.earliest_valid_from as string | null) ?? null,
  adoptedIn: (r.adopted_in as string | null) ?? null,
});

const toAdoption = (r: Row): PendingAdoption => ({
  protocol: r.protocol as Adoption['protocol'],
  version: r.version as string,
  validFrom: r.valid_from as string,
  status: r.status as PendingAdoption['status'],
  tag: r.tag as string,
  commit: r.commit_id as string,
  tagObject: r.tag_object as string,
  previousMain: r.previous_main as string,
  proposalIds: JSON.parse(r.proposal_ids_json as string) as number[],
  adoptedBy: r.adopted_by as string,
  at: r.at as string,
});

const FIELD_COLUMNS: Record<string, string> = {
  title: 'title', rationale: 'rationale', explanation: 'explanation', rules: 'rules_json', state: 'state',
  submittedAt: 'submitted_at', earliestValidFrom: 'earliest_valid_from', adoptedIn: 'adopted_in', updatedAt: 'updated_at',
};

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

export function openStore(path: string): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const q = <T = Row>(sql: string) => db.prepare<unknown[], T>(sql);
  const store: Store = {
    db,
    tx: (fn) => db.transaction(fn)(),
    close: () => db.close(),
    insertProposal(p, at) {
      return store.tx(() => {
        const r = q(`INSERT INTO proposals (title, category, protocol, base_version, rationale, explanation, rules_json, author, state, branch, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'concept', '', ?, ?)`).run(p.title, p.category, p.protocol, p.baseVersion, p.rationale, p.explanation, JSON.stringify(p.rules), p.author, at, at);
        const id = Number(r.lastInsertRowid);
        q('UPDATE proposals SET branch = ? WHERE id = ?').run(`voorstel/${id}`, id);
        return store.getProposal(id)!;
      });
    },
    getProposal(id) {
      const r = q('SELECT * FROM proposals WHERE id = ?').get(id);
      return r ? toProposal(r) : undefined;
    },
    proposalIds: () => (q('SELECT id FROM proposals ORDER BY id').all() as Row[]).map((r) => r.id as number),
    listProposals(state) {
      const rows = state ? q('SELECT * FROM proposals WHERE state = ? ORDER BY id').all(state) : q('SELECT * FROM proposals ORDER BY id').all();
      return rows.map(toProposal);
    },
    updateProposal(id, fields) {
      const sets: string[] = [];
      const values: unknown[] = [];
      for (const [k, v] of Object.entries(fields)) {
        sets.push(`${FIELD_COLUMNS[k]} = ?`);
        values.push(k === 'rules' ? JSON.stringify(v) : v);
      }
      if (sets.length) q(`UPDATE proposals SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
    },
    getFiles: (id) => q<ProposalFile>('SELECT path, text FROM proposal_files WHERE proposal_id = ? ORDER BY path').all(id),
    setFiles(id, files) {
      store.tx(() => {
        q('DELETE FROM proposal_files WHERE proposal_id = ?').run(id);
        const ins = q('INSERT INTO proposal_files (proposal_id, path, text) VALUES (?, ?, ?)');
        for (const f of files) ins.run(id, f.path, f.text);
      });
    },
    addComment(proposalId, author, at, text) {
      const r = q('INSERT INTO comments (proposal_id, author, at, text) VALUES (?, ?, ?, ?)').run(proposalId, author, at, text);
      return { id: Number(r.lastInsertRowid), author, at, text };
    },
    listComments: (proposalId) => q<Comment>('SELECT id, author, at, text FROM comments WHERE proposal_id = ? ORDER BY id').all(proposalId),
    upsertProvider(p) {
      q('INSERT INTO providers (id, name, contracted) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, contracted = excluded.contracted')
        .run(p.id, p.name, p.contracted ? 1 : 0);
    },
    getProvider(id) {
      const r = q('SELECT * FROM providers WHERE id = ?').get(id);
      return r ? { id: r.id as string, name: r.name as string, contracted: r.contracted === 1 } : undefined;
    },
    listProviders: () => q('SELECT * FROM providers ORDER BY id').all().map((r) => ({ id: r.id as string, name: r.name as string, contracted: r.contracted === 1 })),
    setConsent(proposalId, providerId, agrees, by, at) {
      q(`INSERT INTO consents (proposal_id, provider_id, agrees, recorded_by, at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(proposal_id, provider_id) DO UPDATE SET agrees = excluded.agrees, recorded_by = excluded.recorded_by, at = excluded.at`)
        .run(proposalId, providerId, agrees ? 1 : 0, by, at);
    },
    countConsent(proposalId) {
      const total = (q('SELECT count(*) AS n FROM providers WHERE contracted = 1').get() as { n: number }).n;
      const agreed = (q(`SELECT count(*) AS n FROM consents c JOIN providers p ON p.id = c.provider_id
        WHERE c.proposal_id = ? AND c.agrees = 1 AND p.contracted = 1`).get(proposalId) as { n: number }).n;
      return { agreed, total };
    },
    audit(e) {
      q('INSERT INTO audit_log (at, actor, entity, entity_id, action, from_state, to_state, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(e.at, e.actor, e.entity, e.entityId, e.action, e.from, e.to, e.reason);
    },
    auditOf: (entity, entityId) =>
      q('SELECT * FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id').all(entity, entityId).map((r) => ({
        id: r.id as number, at: r.at as string, actor: r.actor as string, entity: r.entity as AuditEntry['entity'], entityId: r.entity_id as string,
        action: r.action as string, from: r.from_state as string | null, to: r.to_state as string | null, reason: r.reason as string | null,
      })),
    insertAdoption(a) {
      q(`INSERT INTO adoptions (protocol, version, valid_from, status, tag, commit_id, tag_object, previous_main, proposal_ids_json, adopted_by, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(a.protocol, a.version, a.validFrom, a.status, a.tag, a.commit, a.tagObject, a.previousMain, JSON.stringify(a.proposalIds), a.adoptedBy, a.at);
    },
    finishAdoption: (protocol, version) => { q("UPDATE adoptions SET status = 'vastgesteld' WHERE protocol = ? AND version = ?").run(protocol, version); },
    dropAdoption: (protocol, version) => { q("DELETE FROM adoptions WHERE protocol = ? AND version = ? AND status = 'bezig'").run(protocol, version); },
    listAdoptions: (status) =>
      (status ? q('SELECT * FROM adoptions WHERE status = ? ORDER BY at').all(status) : q('SELECT * FROM adoptions ORDER BY at').all()).map(toAdoption),
    sessions: {
      create: (h, u, c, at, exp) => { q('DELETE FROM sessions WHERE expires_at <= ?').run(at); q('INSERT INTO sessions (token_hash, username, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(h, u, c, at, exp); },
      get(h, now) {
        const r = q('SELECT username, csrf_token, created_at FROM sessions WHERE token_hash = ? AND expires_at > ?').get(h, now);
        return r ? { username: r.username as string, csrfToken: r.csrf_token as string, createdAt: r.created_at as string } : undefined;
      },
      remove: (h) => { q('DELETE FROM sessions WHERE token_hash = ?').run(h); },
      removeUser: (u) => q('DELETE FROM sessions WHERE username = ?').run(u).changes,
    },
  };
  return store;
}
