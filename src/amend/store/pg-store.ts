/**
 * The store in PostgreSQL (the `pg` driver), for several processes and hosts
 * sharing DATABASE_URL. Same behaviour as the SQLite adapter (store.ts states
 * the contracts; store-contract.test.ts proves them on both).
 *
 * - Operations on the store run on the pool, one statement each, or, where a
 *   step takes several statements (files, sessions), in a transaction of their own.
 * - `tx(fn)`: one pooled client, BEGIN … COMMIT (ROLLBACK and rethrow when fn
 *   throws). Transactions are serialised across every process sharing the
 *   database (a transaction-level advisory lock taken after BEGIN), as SQLite's
 *   single writer serialises them, so a check-then-write in fn cannot interleave
 *   with another process's; within this process they queue before taking a
 *   client, so waiting transactions do not hold the pool.
 * - `lock(name, fn)`: a dedicated client holding a session advisory lock (64
 *   bits of sha256(name)) while fn runs; within this process a named mutex
 *   queues callers first. PostgreSQL releases the lock if the process dies.
 * - `publish`/`subscribe`: NOTIFY, and one listening client per store that
 *   reconnects with backoff when its connection drops and listens again.
 *   Notifications sent while it is reconnecting are not delivered.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { chain, GENESIS } from '../audit-chain.js';
import type { Comment, ProposalFile } from '../types.js';
import { createMutex, createNamedMutex } from './mutex.js';
import { LOCK_CLASS, migratePg } from './pg-migrations.js';
import { DECISION_COLUMNS, decisionValues, decisionWhere, PG_DIALECT } from '../../decision-log/decision-sql.js';
import { proposalColumns, toAdoption, toDecision, toAudit, toChainedAudit, toConsentEntry, toImpact, toProposal, toProvider, type Row } from './rows.js';
import type { Store, StoreOps } from './store.js';

const CONNECT_TIMEOUT_MS = 10_000;

/** Second half of the two-int advisory key that serialises transactions (first half: LOCK_CLASS). */
const TX_LOCK = 2;

type Query = (sql: string, values?: unknown[]) => Promise<pg.QueryResult<Row>>;
/** Runs fn with a query function whose statements commit together. */
type Atomic = <T>(fn: (q: Query) => Promise<T>) => Promise<T>;

/** The 64-bit advisory lock key of a lock name, as a decimal string for a bigint parameter. */
export function lockKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}

/** host:port/database of a connection string, without user or password. */
function describe(url: string): string {
  const c = new pg.Client({ connectionString: url });
  return `${c.host}:${c.port}/${c.database ?? ''}`;
}

function pgOps(q: Query, atomic: Atomic): StoreOps {
  const all = async (sql: string, ...args: unknown[]) => (await q(sql, args)).rows;
  const one = async (sql: string, ...args: unknown[]) => (await q(sql, args)).rows[0] as Row | undefined;
  const run = async (sql: string, ...args: unknown[]) => (await q(sql, args)).rowCount ?? 0;

  return {
    // One statement: the id is drawn first so the branch can name it.
    insertProposal: async (p, at) => toProposal((await one(`WITH n AS (SELECT nextval(pg_get_serial_sequence('proposals', 'id'))::integer AS id)
      INSERT INTO proposals (id, title, category, protocol, base_version, rationale, explanation, rules_json, author, state, branch, created_at, updated_at)
      SELECT n.id, $1, $2, $3, $4, $5, $6, $7, $8, 'concept', 'voorstel/' || n.id, $9, $9 FROM n RETURNING *`,
      p.title, p.category, p.protocol, p.baseVersion, p.rationale, p.explanation, JSON.stringify(p.rules), p.author, at))!),
    getProposal: async (id) => {
      const r = await one('SELECT * FROM proposals WHERE id = $1', id);
      return r ? toProposal(r) : undefined;
    },
    listProposals: async (state) => (state ? await all('SELECT * FROM proposals WHERE state = $1 ORDER BY id', state) : await all('SELECT * FROM proposals ORDER BY id')).map(toProposal),
    proposalIds: async () => (await all('SELECT id FROM proposals ORDER BY id')).map((r) => Number(r.id)),
    updateProposal: async (id, fields) => {
      const cols = proposalColumns(fields).filter(([, v]) => v !== undefined);
      if (cols.length) await run(`UPDATE proposals SET ${cols.map(([c], i) => `${c} = $${i + 1}`).join(', ')} WHERE id = $${cols.length + 1}`, ...cols.map(([, v]) => v), id);
    },
    getFiles: async (id) => (await all('SELECT path, text FROM proposal_files WHERE proposal_id = $1 ORDER BY path', id)) as unknown as ProposalFile[],
    setFiles: (id, files) => atomic(async (tq) => {
      await tq('DELETE FROM proposal_files WHERE proposal_id = $1', [id]);
      if (files.length) {
        await tq('INSERT INTO proposal_files (proposal_id, path, text) SELECT $1, f.path, f.text FROM unnest($2::text[], $3::text[]) AS f(path, text)',
          [id, files.map((f) => f.path), files.map((f) => f.text)]);
      }
    }),
    addComment: async (proposalId, author, at, text) => {
      const r = await one('INSERT INTO comments (proposal_id, author, at, text) VALUES ($1, $2, $3, $4) RETURNING id', proposalId, author, at, text);
      return { id: Number(r!.id), author, at, text };
    },
    listComments: async (proposalId) => (await all('SELECT id, author, at, text FROM comments WHERE proposal_id = $1 ORDER BY id', proposalId)) as unknown as Comment[],
    upsertProvider: async (p) => {
      await run('INSERT INTO providers (id, name, contracted) VALUES ($1, $2, $3) ON CONFLICT (id) DO UPDATE SET name = excluded.name, contracted = excluded.contracted', p.id, p.name, p.contracted);
    },
    getProvider: async (id) => {
      const r = await one('SELECT * FROM providers WHERE id = $1', id);
      return r ? toProvider(r) : undefined;
    },
    listProviders: async () => (await all('SELECT * FROM providers ORDER BY id')).map(toProvider),
    setConsent: async (proposalId, providerId, a, by, at) => {
      await run(`INSERT INTO consents (proposal_id, provider_id, agrees, recorded_by, at, answered_on, proof) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (proposal_id, provider_id) DO UPDATE SET agrees = excluded.agrees, recorded_by = excluded.recorded_by, at = excluded.at,
         answered_on = excluded.answered_on, proof = excluded.proof`, proposalId, providerId, a.agrees, by, at, a.answeredOn, a.proof);
    },
    countConsent: async (proposalId) => {
      // One statement, so both counts see the same providers; count(*) is a bigint (a string in pg).
      const r = (await one(`SELECT (SELECT count(*) FROM providers WHERE contracted) AS total,
        (SELECT count(*) FROM consents c JOIN providers p ON p.id = c.provider_id WHERE c.proposal_id = $1 AND c.agrees AND p.contracted) AS agreed`, proposalId))!;
      return { agreed: Number(r.agreed), total: Number(r.total) };
    },
    consentEntries: async (proposalId) => (await all(`SELECT p.id, p.name, c.agrees, c.recorded_by, c.at, c.answered_on, c.proof FROM providers p
      LEFT JOIN consents c ON c.provider_id = p.id AND c.proposal_id = $1 WHERE p.contracted ORDER BY p.name, p.id`, proposalId)).map(toConsentEntry),
    // In a transaction, which holds the lock every transaction of every process takes: the head read is the head appended to.
    audit: (e) => atomic(async (tq) => {
      const last = (await tq('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1')).rows[0];
      const id = Number((await tq("SELECT nextval(pg_get_serial_sequence('audit_log', 'id')) AS id")).rows[0].id);
      const c = chain({ ...e, id }, (last?.hash as string | undefined) ?? GENESIS);
      await tq('INSERT INTO audit_log (id, at, actor, entity, entity_id, action, from_state, to_state, reason, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)',
        [c.id, c.at, c.actor, c.entity, c.entityId, c.action, c.from, c.to, c.reason, c.prevHash, c.hash]);
    }),
    auditLog: async (afterId = 0) => (await all('SELECT * FROM audit_log WHERE id > $1 ORDER BY id', afterId)).map(toChainedAudit),
    auditHead: async () => ((await one('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1'))?.hash as string | undefined) ?? GENESIS,
    auditOf: async (entity, entityId) => (await all('SELECT * FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY id', entity, entityId)).map(toAudit),
    insertAdoption: async (a) => {
      await run(`INSERT INTO adoptions (protocol, version, valid_from, status, tag, commit_id, tag_object, previous_main, proposal_ids_json, adopted_by, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, a.protocol, a.version, a.validFrom, a.status, a.tag, a.commit, a.tagObject, a.previousMain, JSON.stringify(a.proposalIds), a.adoptedBy, a.at);
    },
    finishAdoption: async (protocol, version) => { await run("UPDATE adoptions SET status = 'vastgesteld' WHERE protocol = $1 AND version = $2", protocol, version); },
    dropAdoption: async (protocol, version) => { await run("DELETE FROM adoptions WHERE protocol = $1 AND version = $2 AND status = 'bezig'", protocol, version); },
    listAdoptions: async (status) =>
      (status ? await all('SELECT * FROM adoptions WHERE status = $1 ORDER BY at, seq', status) : await all('SELECT * FROM adoptions ORDER BY at, seq')).map(toAdoption),
    addImpact: async (r) => {
      const out = await one('INSERT INTO proposal_impacts (proposal_id, at, actor, corpus, base_version, state, report_json) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id',
        r.proposalId, r.at, r.actor, r.corpus, r.baseVersion, r.state, JSON.stringify(r.report));
      return { ...r, id: Number(out!.id) };
    },
    impactsOf: async (proposalId) => (await all('SELECT * FROM proposal_impacts WHERE proposal_id = $1 ORDER BY id DESC', proposalId)).map(toImpact),
    decisions: {
      // One statement for the whole batch: a column array each, unnested row by row.
      add: async (records) => {
        if (!records.length) return;
        const rows = records.map(decisionValues);
        const cols = rows[0].map((_, i) => rows.map((r) => r[i]));
        await run(`INSERT INTO decision_log (${DECISION_COLUMNS})
          SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::jsonb[], $10::jsonb[], $11::bigint[], $12::text[], $13::jsonb[])`, ...cols);
      },
      list: async (f) => {
        const { where, args } = decisionWhere(f, PG_DIALECT);
        return (await all(`SELECT * FROM decision_log ${where} ORDER BY id DESC LIMIT $${args.length + 1}`, ...args, f.limit)).map(toDecision);
      },
      replay: async (period, afterId, limit) => {
        const { where, args } = decisionWhere({ since: period.since, until: period.until, afterId }, PG_DIALECT);
        return (await all(`SELECT * FROM decision_log ${where} ORDER BY id LIMIT $${args.length + 1}`, ...args, limit)).map(toDecision);
      },
      removeBefore: (at) => run('DELETE FROM decision_log WHERE at < $1', at),
    },
    sessions: {
      create: (h, u, c, at, exp) => atomic(async (tq) => {
        await tq('DELETE FROM sessions WHERE expires_at <= $1', [at]);
        await tq('INSERT INTO sessions (token_hash, username, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [h, u, c, at, exp]);
      }),
      get: async (h, now) => {
        const r = await one('SELECT username, csrf_token, created_at FROM sessions WHERE token_hash = $1 AND expires_at > $2', h, now);
        return r ? { username: r.username as string, csrfToken: r.csrf_token as string, createdAt: r.created_at as string } : undefined;
      },
      remove: async (h) => { await run('DELETE FROM sessions WHERE token_hash = $1', h); },
      removeUser: (u) => run('DELETE FROM sessions WHERE username = $1', u),
    },
  };
}

/** Runs `fn` on a pooled client inside BEGIN … COMMIT, serialised across processes; a client whose BEGIN or ROLLBACK fails is discarded. */
async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    try {
      await client.query('BEGIN');
    } catch (e) {
      broken = e as Error;
      throw e;
    }
    try {
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS, TX_LOCK]);
      const out = await fn(client);
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch((re: Error) => { broken = re; });
      throw e;
    }
  } finally {
    client.release(broken);
  }
}

/** Runs fn while `client` holds the session advisory lock `key`; a client whose lock or unlock fails is discarded. */
async function holdingLock<T>(pool: pg.Pool, key: string, fn: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    try {
      await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
    } catch (e) {
      broken = e as Error;
      throw e;
    }
    try {
      return await fn();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch((e: Error) => { broken = e; });
    }
  } finally {
    client.release(broken);
  }
}

/** One LISTENing connection shared by every subscriber of a store; reconnects with backoff. */
function createListener(url: string) {
  const handlers = new Map<string, Set<(payload: string) => void>>();
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let closed = false;
  let delay = 100;
  let timer: NodeJS.Timeout | undefined;

  const dispatch = (msg: pg.Notification) => {
    for (const fn of handlers.get(msg.channel) ?? []) {
      try {
        fn(msg.payload ?? '');
      } catch {
        // A subscriber's failure is its own; the others still hear the notice.
      }
    }
  };

  const dropped = (c: pg.Client) => {
    if (client !== c) return;
    client = undefined;
    c.removeAllListeners('notification');
    c.end().catch(() => undefined);
    if (!closed && handlers.size) scheduleReconnect();
  };

  const scheduleReconnect = () => {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      connect().then(() => { delay = 100; }, () => { delay = Math.min(delay * 2, 5000); scheduleReconnect(); });
    }, delay);
    timer.unref();
  };

  const connect = (): Promise<pg.Client> => {
    if (client) return Promise.resolve(client);
    connecting ??= (async () => {
      const c = new pg.Client({ connectionString: url, application_name: 'protocolregels-listen', keepAlive: true, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
      c.on('error', () => dropped(c));
      c.on('end', () => dropped(c));
      c.on('notification', dispatch);
      try {
        await c.connect();
        for (const channel of handlers.keys()) await c.query(`LISTEN ${c.escapeIdentifier(channel)}`);
      } catch (e) {
        c.removeAllListeners('notification');
        await c.end().catch(() => undefined);
        throw e;
      }
      if (closed) {
        await c.end().catch(() => undefined);
        throw new Error('store is closed');
      }
      client = c;
      return c;
    })().finally(() => { connecting = undefined; });
    return connecting;
  };

  return {
    async subscribe(channel: string, fn: (payload: string) => void): Promise<() => Promise<void>> {
      if (closed) throw new Error('store is closed');
      let set = handlers.get(channel);
      const first = !set;
      if (!set) handlers.set(channel, (set = new Set()));
      set.add(fn);
      try {
        const c = await connect();
        // A fresh connection listens to every channel already; an existing one learns the new one.
        if (first) await c.query(`LISTEN ${c.escapeIdentifier(channel)}`);
      } catch (e) {
        set.delete(fn);
        if (!set.size) handlers.delete(channel);
        throw e;
      }
      return async () => {
        if (!set.delete(fn) || set.size || handlers.get(channel) !== set) return;
        handlers.delete(channel);
        await client?.query(`UNLISTEN ${client.escapeIdentifier(channel)}`).catch(() => undefined);
      };
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      handlers.clear();
      await connecting?.catch(() => undefined);
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}

export async function openPgStore(url: string, opts: { poolSize?: number } = {}): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url, max: opts.poolSize ?? 10, application_name: 'protocolregels', keepAlive: true,
    // An unreachable server fails a request instead of stalling it; a transaction left open (a stuck process)
    // is ended by the server, which releases the transaction lock every process waits for.
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS, idle_in_transaction_session_timeout: 60_000,
  });
  // A connection that drops (server restart, terminated backend) emits 'error': on an idle client the pool
  // removes it; on a checked-out one the running query rejects as well. Unheard, the event would end the process.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => { client.on('error', () => undefined); });
  try {
    await migratePg(pool);
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw e;
  }

  const txQueue = createMutex();
  const locks = createNamedMutex();
  const listener = createListener(url);
  const onPool: Query = (sql, values) => pool.query<Row>(sql, values);
  const bound = (client: pg.ClientBase): Query => (sql, values) => client.query<Row>(sql, values);
  const transaction = <T>(fn: (q: Query) => Promise<T>) => txQueue(() => inTransaction(pool, (client) => fn(bound(client))));

  return {
    ...pgOps(onPool, transaction),
    kind: 'postgres',
    where: describe(url),
    tx: (fn) => txQueue(() => inTransaction(pool, (client) => {
      const q = bound(client);
      return fn(pgOps(q, (inner) => inner(q)));
    })),
    lock: (name, fn) => locks(name, () => holdingLock(pool, lockKey(name), fn)),
    publish: async (channel, payload) => { await pool.query('SELECT pg_notify($1, $2)', [channel, payload]); },
    subscribe: (channel, fn) => listener.subscribe(channel, fn),
    ping: async () => { await pool.query('SELECT 1'); },
    close: async () => {
      await listener.close();
      if (!pool.ended) await pool.end();
    },
  };
}
