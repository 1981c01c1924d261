/**
 * The store in SQLite (better-sqlite3): the embedded default, for one process.
 * better-sqlite3 is synchronous; the port is async. One connection serves
 * everything, so every operation and every transaction takes this process's
 * mutex: an operation on the store while a transaction awaits never joins it.
 * Locks and publish/subscribe reach this store instance only (store.ts states
 * why that is enough: several processes need PostgreSQL).
 */
import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { chain, GENESIS } from '../audit-chain.js';
import type { Comment, ProposalFile } from '../types.js';
import { createMutex, createNamedMutex } from './mutex.js';
import { prepareSqliteFiles } from '../../base/private-files.js';
import { DECISION_COLUMNS, decisionValues, decisionWhere, SQLITE_DIALECT } from '../../decision-log/decision-sql.js';
import { proposalColumns, toAdoption, toDecision, toAudit, toChainedAudit, toConsentEntry, toImpact, toProposal, toProvider, type Row } from './rows.js';
import { MIGRATIONS } from './sqlite-migrations.js';
import type { Store, StoreOps } from './store.js';

export function migrateSqlite(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      const step = MIGRATIONS[v];
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/** The operations on one connection, without any locking (the store adds it). */
function sqliteOps(db: Database.Database): StoreOps {
  const cache = new Map<string, Database.Statement>();
  const q = (sql: string) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
  const all = (sql: string, ...args: unknown[]) => q(sql).all(...args) as Row[];
  const one = (sql: string, ...args: unknown[]) => q(sql).get(...args) as Row | undefined;
  const run = (sql: string, ...args: unknown[]) => q(sql).run(...args);
  const atomic = <T>(fn: () => T): T => (db.inTransaction ? fn() : db.transaction(fn)());

  return {
    insertProposal: async (p, at) => atomic(() => {
      const r = run(`INSERT INTO proposals (title, category, protocol, base_version, rationale, explanation, rules_json, author, state, branch, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'concept', '', ?, ?)`, p.title, p.category, p.protocol, p.baseVersion, p.rationale, p.explanation, JSON.stringify(p.rules), p.author, at, at);
      const id = Number(r.lastInsertRowid);
      run('UPDATE proposals SET branch = ? WHERE id = ?', `voorstel/${id}`, id);
      return toProposal(one('SELECT * FROM proposals WHERE id = ?', id)!);
    }),
    getProposal: async (id) => {
      const r = one('SELECT * FROM proposals WHERE id = ?', id);
      return r ? toProposal(r) : undefined;
    },
    listProposals: async (state) => (state ? all('SELECT * FROM proposals WHERE state = ? ORDER BY id', state) : all('SELECT * FROM proposals ORDER BY id')).map(toProposal),
    proposalIds: async () => all('SELECT id FROM proposals ORDER BY id').map((r) => Number(r.id)),
    updateProposal: async (id, fields) => {
      const cols = proposalColumns(fields);
      if (cols.length) db.prepare(`UPDATE proposals SET ${cols.map(([c]) => `${c} = ?`).join(', ')} WHERE id = ?`).run(...cols.map(([, v]) => v), id);
    },
    getFiles: async (id) => all('SELECT path, text FROM proposal_files WHERE proposal_id = ? ORDER BY path', id) as unknown as ProposalFile[],
    setFiles: async (id, files) => atomic(() => {
      run('DELETE FROM proposal_files WHERE proposal_id = ?', id);
      for (const f of files) run('INSERT INTO proposal_files (proposal_id, path, text) VALUES (?, ?, ?)', id, f.path, f.text);
    }),
    addComment: async (proposalId, author, at, text) => {
      const r = run('INSERT INTO comments (proposal_id, author, at, text) VALUES (?, ?, ?, ?)', proposalId, author, at, text);
      return { id: Number(r.lastInsertRowid), author, at, text };
    },
    listComments: async (proposalId) => all('SELECT id, author, at, text FROM comments WHERE proposal_id = ? ORDER BY id', proposalId) as unknown as Comment[],
    upsertProvider: async (p) => {
      run('INSERT INTO providers (id, name, contracted) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, contracted = excluded.contracted', p.id, p.name, p.contracted ? 1 : 0);
    },
    getProvider: async (id) => {
      const r = one('SELECT * FROM providers WHERE id = ?', id);
      return r ? toProvider(r) : undefined;
    },
    listProviders: async () => all('SELECT * FROM providers ORDER BY id').map(toProvider),
    setConsent: async (proposalId, providerId, a, by, at) => {
      run(`INSERT INTO consents (proposal_id, provider_id, agrees, recorded_by, at, answered_on, proof) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(proposal_id, provider_id) DO UPDATE SET agrees = excluded.agrees, recorded_by = excluded.recorded_by, at = excluded.at,
         answered_on = excluded.answered_on, proof = excluded.proof`, proposalId, providerId, a.agrees ? 1 : 0, by, at, a.answeredOn, a.proof);
    },
    countConsent: async (proposalId) => {
      const total = Number(one('SELECT count(*) AS n FROM providers WHERE contracted = 1')!.n);
      const agreed = Number(one(`SELECT count(*) AS n FROM consents c JOIN providers p ON p.id = c.provider_id
        WHERE c.proposal_id = ? AND c.agrees = 1 AND p.contracted = 1`, proposalId)!.n);
      return { agreed, total };
    },
    consentEntries: async (proposalId) => all(`SELECT p.id, p.name, c.agrees, c.recorded_by, c.at, c.answered_on, c.proof FROM providers p
      LEFT JOIN consents c ON c.provider_id = p.id AND c.proposal_id = ? WHERE p.contracted = 1 ORDER BY p.name, p.id`, proposalId).map(toConsentEntry),
    audit: async (e) => atomic(() => {
      // One connection under this process's mutex: nothing else writes between reading the head and appending.
      const last = one('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
      const seq = Number(one("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'")?.seq ?? 0);
      const c = chain({ ...e, id: Math.max(seq, Number(last?.id ?? 0)) + 1 }, (last?.hash as string | undefined) ?? GENESIS);
      run('INSERT INTO audit_log (id, at, actor, entity, entity_id, action, from_state, to_state, reason, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        c.id, c.at, c.actor, c.entity, c.entityId, c.action, c.from, c.to, c.reason, c.prevHash, c.hash);
    }),
    auditLog: async (afterId = 0) => all('SELECT * FROM audit_log WHERE id > ? ORDER BY id', afterId).map(toChainedAudit),
    auditHead: async () => (one('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1')?.hash as string | undefined) ?? GENESIS,
    auditOf: async (entity, entityId) => all('SELECT * FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id', entity, entityId).map(toAudit),
    insertAdoption: async (a) => {
      run(`INSERT INTO adoptions (protocol, version, valid_from, status, tag, commit_id, tag_object, previous_main, proposal_ids_json, adopted_by, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, a.protocol, a.version, a.validFrom, a.status, a.tag, a.commit, a.tagObject, a.previousMain, JSON.stringify(a.proposalIds), a.adoptedBy, a.at);
    },
    finishAdoption: async (protocol, version) => { run("UPDATE adoptions SET status = 'vastgesteld' WHERE protocol = ? AND version = ?", protocol, version); },
    dropAdoption: async (protocol, version) => { run("DELETE FROM adoptions WHERE protocol = ? AND version = ? AND status = 'bezig'", protocol, version); },
    listAdoptions: async (status) => (status ? all('SELECT * FROM adoptions WHERE status = ? ORDER BY at', status) : all('SELECT * FROM adoptions ORDER BY at')).map(toAdoption),
    addImpact: async (r) => {
      const out = run('INSERT INTO proposal_impacts (proposal_id, at, actor, corpus, base_version, state, report_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
        r.proposalId, r.at, r.actor, r.corpus, r.baseVersion, r.state, JSON.stringify(r.report));
      return { ...r, id: Number(out.lastInsertRowid) };
    },
    impactsOf: async (proposalId) => all('SELECT * FROM proposal_impacts WHERE proposal_id = ? ORDER BY id DESC', proposalId).map(toImpact),
    decisions: {
      add: async (records) => atomic(() => {
        for (const d of records) run(`INSERT INTO decision_log (${DECISION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, ...decisionValues(d));
      }),
      list: async (f) => {
        const { where, args } = decisionWhere(f, SQLITE_DIALECT);
        return all(`SELECT * FROM decision_log ${where} ORDER BY id DESC LIMIT ?`, ...args, f.limit).map(toDecision);
      },
      replay: async (period, afterId, limit) => {
        const { where, args } = decisionWhere({ since: period.since, until: period.until, afterId }, SQLITE_DIALECT);
        return all(`SELECT * FROM decision_log ${where} ORDER BY id LIMIT ?`, ...args, limit).map(toDecision);
      },
      removeBefore: async (at) => run('DELETE FROM decision_log WHERE at < ?', at).changes,
    },
    sessions: {
      create: async (h, u, c, at, exp) => atomic(() => {
        run('DELETE FROM sessions WHERE expires_at <= ?', at);
        run('INSERT INTO sessions (token_hash, username, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)', h, u, c, at, exp);
      }),
      get: async (h, now) => {
        const r = one('SELECT username, csrf_token, created_at FROM sessions WHERE token_hash = ? AND expires_at > ?', h, now);
        return r ? { username: r.username as string, csrfToken: r.csrf_token as string, createdAt: r.created_at as string } : undefined;
      },
      remove: async (h) => { run('DELETE FROM sessions WHERE token_hash = ?', h); },
      removeUser: async (u) => run('DELETE FROM sessions WHERE username = ?', u).changes,
    },
  };
}

/** Every operation of `ops`, each run under `guard`. */
function guarded(ops: StoreOps, guard: <T>(fn: () => Promise<T>) => Promise<T>): StoreOps {
  const wrap = <O extends object>(o: O): O =>
    Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'function' ? (...a: unknown[]) => guard(() => v(...a)) : wrap(v as object)])) as O;
  return wrap(ops);
}

export async function openSqliteStore(path: string): Promise<Store> {
  if (path !== ':memory:') prepareSqliteFiles(path);
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrateSqlite(db);
  } catch (e) {
    db.close();
    throw e;
  }
  const raw = sqliteOps(db);
  const exclusive = createMutex();
  const locks = createNamedMutex();
  const events = new EventEmitter();
  events.setMaxListeners(0);
  return {
    ...guarded(raw, exclusive),
    kind: 'sqlite',
    where: path,
    tx: (fn) => exclusive(async () => {
      db.exec('BEGIN IMMEDIATE');
      try {
        const out = await fn(raw);
        db.exec('COMMIT');
        return out;
      } catch (e) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw e;
      }
    }),
    lock: (name, fn) => locks(name, fn),
    publish: async (channel, payload) => { events.emit(channel, payload); },
    subscribe: async (channel, fn) => {
      events.on(channel, fn);
      return async () => { events.off(channel, fn); };
    },
    ping: () => exclusive(async () => { db.prepare('SELECT 1').get(); }),
    close: () => exclusive(async () => { if (db.open) db.close(); }),
  };
}
