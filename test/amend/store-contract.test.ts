/**
 * The store port's contracts (src/amend/store/store.ts), proved on both
 * adapters with one suite: SQLite on a temp file, PostgreSQL on a real server
 * started for this file (test/helpers/postgres.ts), a fresh database per test.
 *
 * "Another process" is a second store instance on the same database for
 * PostgreSQL. SQLite serves one process: its locks and notices reach the
 * store instance of this process, so there the peer is the same instance.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GENESIS, verifyChain } from '../../src/amend/audit-chain.js';
import type { ImpactReport } from '../../src/impact/types.js';
import { migratePg, PG_MIGRATIONS } from '../../src/amend/store/pg-migrations.js';
import { MIGRATIONS } from '../../src/amend/store/sqlite-migrations.js';
import { openPgStore } from '../../src/amend/store/pg-store.js';
import { openSqliteStore } from '../../src/amend/store/sqlite-store.js';
import type { NewProposal, PendingAdoption, Store } from '../../src/amend/store/store.js';
import type { DecisionRecord } from '../../src/decision-log/types.js';
import { openDecisionLog } from '../../src/decision-log/open.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

interface Opened {
  store: Store;
  /** The same records as another process sees them (PostgreSQL: a second store; SQLite: this store). */
  peer(): Promise<Store>;
  /** Runs SQL on the database directly, past the store. */
  raw(sql: string): Promise<void>;
}

type Kind = 'sqlite' | 'postgres';

const proposal = (over: Partial<NewProposal> = {}): NewProposal => ({
  title: 'Tarief TG2 geïndexeerd', category: 'wijzigen', protocol: 'RAP', baseVersion: '2.0', rationale: 'Indexatie 2026',
  explanation: null, rules: [], author: 'indiener', ...over,
});

const adoption = (over: Partial<PendingAdoption> = {}): PendingAdoption => ({
  protocol: 'RAP', version: '2.1', validFrom: '2027-01-01', status: 'bezig', tag: 'rap-2.1', commit: 'c0ffee', tagObject: 'beef',
  previousMain: 'abc123', proposalIds: [1, 2], adoptedBy: 'beheerder', at: '2026-03-02T10:00:00.000Z', ...over,
});

const report = {
  protocol: 'RAP', protocols: ['RAP'], from: 'rap-2.0', to: 'voorstel:1', cases: 5000, evaluated: 5000, changed: 12,
  skipped: { count: 0, examples: [] }, transitions: [{ from: 'goedgekeurd', to: 'afgekeurd', count: 12, examples: [] }],
  byRule: [{ rule: 'rap.tarief.tg2', firesNow: 40, stopsFiring: 0 }], byCode: [], money: { note: 'bedragen in centen', delta: -123456 },
} as unknown as ImpactReport;

const entry = (entityId: string, action: string, at: string) =>
  ({ at, actor: 'beoordelaar', entity: 'proposal' as const, entityId, action, from: 'ingediend', to: 'in_behandeling', reason: null });

/** A promise and the function that settles it. */
function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
}

const turns = async (n: number) => { for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r)); };

let server: TestPostgres | undefined;
const toClose: Store[] = [];
const toRemove: string[] = [];

beforeAll(async () => { server = await startPostgres(); });
afterAll(async () => {
  await server?.stop();
  for (const d of toRemove) rmSync(d, { recursive: true, force: true });
});
afterEach(async () => {
  for (const s of toClose.splice(0)) await s.close().catch(() => undefined);
});

const track = (s: Store) => { toClose.push(s); return s; };

async function open(kind: Kind): Promise<Opened> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'store-contract-'));
    toRemove.push(dir);
    const path = join(dir, 'amend.db');
    const store = track(await openSqliteStore(path));
    return {
      store,
      peer: async () => store,
      raw: async (sql) => {
        const db = new Database(path);
        try { db.exec(sql); } finally { db.close(); }
      },
    };
  }
  const url = await server!.createDatabase();
  const store = track(await openPgStore(url, { poolSize: 4 }));
  return {
    store,
    peer: async () => track(await openPgStore(url, { poolSize: 4 })),
    raw: async (sql) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try { await c.query(sql); } finally { await c.end(); }
    },
  };
}

describe.each<Kind>(['sqlite', 'postgres'])('store contract: %s', (kind) => {
  it('names its kind and where its records are, without secrets', async () => {
    const { store } = await open(kind);
    expect(store.kind).toBe(kind);
    if (kind === 'postgres') {
      const url = (await server!.createDatabase('met_wachtwoord')).replace('postgres@', 'postgres:geheim@');
      const s = track(await openPgStore(url));
      expect(s.where).toBe(`127.0.0.1:${server!.port}/met_wachtwoord`);
      expect(s.where).not.toContain('geheim');
    } else {
      expect(store.where).toMatch(/amend\.db$/);
    }
  });

  it('proposals: a new one is a concept on branch voorstel/<id>; read back, listed by id, filtered by state, updated field by field', async () => {
    const { store } = await open(kind);
    const a = await store.insertProposal(proposal({ rules: ['rap.tarief.tg2'] }), '2026-02-10T09:00:00.000Z');
    const b = await store.insertProposal(proposal({ title: 'Uitleg', category: 'verhelderen', protocol: 'RTP', explanation: 'Zo lees je het', author: 'duo' }), '2026-02-10T09:05:00.000Z');
    expect(a).toEqual({
      id: a.id, title: 'Tarief TG2 geïndexeerd', category: 'wijzigen', protocol: 'RAP', baseVersion: '2.0', rationale: 'Indexatie 2026', explanation: null,
      rules: ['rap.tarief.tg2'], author: 'indiener', state: 'concept', branch: `voorstel/${a.id}`, createdAt: '2026-02-10T09:00:00.000Z',
      updatedAt: '2026-02-10T09:00:00.000Z', submittedAt: null, earliestValidFrom: null, adoptedIn: null, decidedConsent: null, submitWarnings: [],
    });
    expect(Number.isInteger(a.id)).toBe(true);
    expect(b.id).toBeGreaterThan(a.id);
    expect(b.branch).toBe(`voorstel/${b.id}`);
    expect(await store.getProposal(b.id)).toEqual(b);
    expect(await store.getProposal(9999)).toBeUndefined();

    await store.updateProposal(a.id, { state: 'ingediend', submittedAt: '2026-02-11T08:00:00.000Z', earliestValidFrom: '2027-01-01', rules: ['x', 'y'], baseVersion: '2.1', updatedAt: '2026-02-11T08:00:00.000Z' });
    await store.updateProposal(b.id, { explanation: null, title: 'Uitleg (herzien)' });
    await store.updateProposal(b.id, {});
    const a2 = await store.getProposal(a.id);
    expect(a2).toMatchObject({ state: 'ingediend', submittedAt: '2026-02-11T08:00:00.000Z', earliestValidFrom: '2027-01-01', rules: ['x', 'y'], baseVersion: '2.1', title: a.title });
    expect(await store.getProposal(b.id)).toMatchObject({ explanation: null, title: 'Uitleg (herzien)', state: 'concept' });
    // The counts frozen at the decision and the warnings found at submission, read back as stored.
    await store.updateProposal(a.id, { decidedConsent: { agreed: 5, total: 7 }, submitWarnings: ['RAP 2.0 tarieven wijkt af'] });
    expect(await store.getProposal(a.id)).toMatchObject({ decidedConsent: { agreed: 5, total: 7 }, submitWarnings: ['RAP 2.0 tarieven wijkt af'], state: 'ingediend' });

    expect((await store.listProposals()).map((p) => p.id)).toEqual([a.id, b.id]);
    expect((await store.listProposals('ingediend')).map((p) => p.id)).toEqual([a.id]);
    expect(await store.listProposals('afgewezen')).toEqual([]);
    expect(await store.proposalIds()).toEqual([a.id, b.id]);
  });

  it('files: replaced as a whole, read back in byte order of path; a bad set leaves the old files', async () => {
    const { store } = await open(kind);
    const p = await store.insertProposal(proposal(), '2026-02-10T09:00:00.000Z');
    await store.setFiles(p.id, [{ path: 'rap/2.1/tabellen.yaml', text: 'oud' }]);
    const files = [
      { path: 'rap/2.1/regels.yaml', text: 'regels: []\n' },
      { path: 'rap/2.1/Ruleset.yaml', text: 'versie: "2.1" # ë\n' },
      { path: 'rap/2.1/a/tests.yaml', text: '' },
    ];
    await store.setFiles(p.id, files);
    expect(await store.getFiles(p.id)).toEqual([files[1], files[2], files[0]]);
    await expect(store.setFiles(p.id, [{ path: 'x.yaml', text: '1' }, { path: 'x.yaml', text: '2' }])).rejects.toThrow();
    expect(await store.getFiles(p.id)).toEqual([files[1], files[2], files[0]]);
    await store.setFiles(p.id, []);
    expect(await store.getFiles(p.id)).toEqual([]);
  });

  it('comments: oldest first with their ids; the database refuses to change or remove one', async () => {
    const { store, raw } = await open(kind);
    const p = await store.insertProposal(proposal(), '2026-02-10T09:00:00.000Z');
    const c1 = await store.addComment(p.id, 'beoordelaar', '2026-02-12T10:00:00.000Z', 'Bron ontbreekt');
    const c2 = await store.addComment(p.id, 'indiener', '2026-02-12T11:00:00.000Z', 'Toegevoegd');
    expect(c2.id).toBeGreaterThan(c1.id);
    expect(await store.listComments(p.id)).toEqual([c1, c2]);
    await expect(store.addComment(9999, 'x', '2026-02-12T11:00:00.000Z', 'bij geen voorstel')).rejects.toThrow();
    await expect(raw("UPDATE comments SET text = 'herschreven'")).rejects.toThrow(/append-only/);
    await expect(raw('DELETE FROM comments')).rejects.toThrow(/append-only/);
    expect(await store.listComments(p.id)).toEqual([c1, c2]);
  });

  it('providers: added, updated by id, listed by id', async () => {
    const { store } = await open(kind);
    await store.upsertProvider({ id: 'zorg-b', name: 'Zorg B', contracted: true });
    await store.upsertProvider({ id: 'Zorg-A', name: 'Zorg A', contracted: false });
    await store.upsertProvider({ id: 'zorg-b', name: 'Zorg B bv', contracted: false });
    expect(await store.getProvider('zorg-b')).toEqual({ id: 'zorg-b', name: 'Zorg B bv', contracted: false });
    expect(await store.getProvider('onbekend')).toBeUndefined();
    expect(await store.listProviders()).toEqual([{ id: 'Zorg-A', name: 'Zorg A', contracted: false }, { id: 'zorg-b', name: 'Zorg B bv', contracted: false }]);
  });

  it('consent: one answer per provider (the last counts), counted against the providers contracted now', async () => {
    const yes = (agrees: boolean) => ({ agrees, answeredOn: '2026-02-19', proof: 'brief 2026-017' });
    const { store } = await open(kind);
    const p = await store.insertProposal(proposal(), '2026-02-10T09:00:00.000Z');
    const other = await store.insertProposal(proposal(), '2026-02-10T09:00:00.000Z');
    for (const [id, name, contracted] of [['p3', 'Beta', true], ['p1', 'Alfa', true], ['p2', 'Alfa', true], ['p4', 'Delta', false]] as const) {
      await store.upsertProvider({ id, name, contracted });
    }
    expect(await store.countConsent(p.id)).toEqual({ agreed: 0, total: 3 });
    await store.setConsent(p.id, 'p1', yes(true), 'beheerder', '2026-02-20T10:00:00.000Z');
    await store.setConsent(p.id, 'p2', yes(false), 'beheerder', '2026-02-20T10:01:00.000Z');
    await store.setConsent(p.id, 'p4', yes(true), 'beheerder', '2026-02-20T10:02:00.000Z');
    await store.setConsent(other.id, 'p3', yes(true), 'beheerder', '2026-02-20T10:03:00.000Z');
    expect(await store.countConsent(p.id)).toEqual({ agreed: 1, total: 3 });
    await store.setConsent(p.id, 'p2', yes(true), 'beoordelaar', '2026-02-21T09:00:00.000Z');
    expect(await store.countConsent(p.id)).toEqual({ agreed: 2, total: 3 });
    expect(await store.consentEntries(p.id)).toEqual([
      { providerId: 'p1', providerName: 'Alfa', agrees: true, recordedBy: 'beheerder', at: '2026-02-20T10:00:00.000Z', answeredOn: '2026-02-19', proof: 'brief 2026-017' },
      { providerId: 'p2', providerName: 'Alfa', agrees: true, recordedBy: 'beoordelaar', at: '2026-02-21T09:00:00.000Z', answeredOn: '2026-02-19', proof: 'brief 2026-017' },
      { providerId: 'p3', providerName: 'Beta', agrees: null, recordedBy: null, at: null, answeredOn: null, proof: null },
    ]);
    // A provider whose contract ends no longer counts, in the total nor in the agreed.
    await store.upsertProvider({ id: 'p1', name: 'Alfa', contracted: false });
    expect(await store.countConsent(p.id)).toEqual({ agreed: 1, total: 2 });
    await expect(store.setConsent(p.id, 'onbekend', yes(true), 'beheerder', '2026-02-21T09:00:00.000Z')).rejects.toThrow();
  });

  it('audit log: entries of one entity oldest first; the database refuses to change or remove one', async () => {
    const { store, raw } = await open(kind);
    await store.audit(entry('1', 'ingediend', '2026-02-11T08:00:00.000Z'));
    await store.audit({ ...entry('2', 'ingediend', '2026-02-11T08:01:00.000Z'), reason: 'ander voorstel' });
    await store.audit({ ...entry('1', 'in_behandeling', '2026-02-11T08:00:00.000Z'), from: null, to: null, reason: 'zelfde tijd, later geschreven' });
    await store.audit({ ...entry('1', 'toegevoegd', '2026-02-11T08:02:00.000Z'), entity: 'provider' });
    const log = await store.auditOf('proposal', '1');
    expect(log.map((e) => e.action)).toEqual(['ingediend', 'in_behandeling']);
    expect(log[0]).toEqual({ id: log[0].id, ...entry('1', 'ingediend', '2026-02-11T08:00:00.000Z') });
    expect(log[1]).toMatchObject({ from: null, to: null, reason: 'zelfde tijd, later geschreven' });
    expect(log[1].id).toBeGreaterThan(log[0].id);
    expect((await store.auditOf('provider', '1')).map((e) => e.action)).toEqual(['toegevoegd']);
    await expect(raw("UPDATE audit_log SET actor = 'iemand anders'")).rejects.toThrow(/append-only/);
    await expect(raw('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    expect(await store.auditOf('proposal', '1')).toEqual(log);
  });

  it('audit log: a hash chain in id order (each entry carries the hash of the one before), its head the newest hash', async () => {
    const { store } = await open(kind);
    expect(await store.auditHead()).toBe(GENESIS);
    await store.audit(entry('1', 'ingediend', '2026-02-11T08:00:00.000Z'));
    await store.tx(async (t) => { await t.audit(entry('2', 'ingediend', '2026-02-11T08:01:00.000Z')); });
    await store.audit(entry('1', 'in_behandeling', '2026-02-11T08:02:00.000Z'));
    const log = await store.auditLog();
    expect(log.map((e) => e.entityId)).toEqual(['1', '2', '1']);
    expect(log.map((e) => e.prevHash)).toEqual([GENESIS, log[0].hash, log[1].hash]);
    expect(verifyChain(log)).toEqual({ ok: true, count: 3, head: log[2].hash });
    expect(await store.auditHead()).toBe(log[2].hash);
    expect(await store.auditLog(log[0].id)).toEqual(log.slice(1));
  });

  it('adoptions: a second adoption of the same protocol and version is refused; finished, dropped only while pending, listed oldest first', async () => {
    const { store } = await open(kind);
    await store.insertAdoption(adoption({ version: '2.2', tag: 'rap-2.2', at: '2026-03-05T10:00:00.000Z' }));
    await store.insertAdoption(adoption());
    await store.insertAdoption(adoption({ protocol: 'RTP', tag: 'rtp-2.1', proposalIds: [3] }));
    await expect(store.insertAdoption(adoption({ commit: 'anders' }))).rejects.toThrow();
    expect((await store.listAdoptions()).map((a) => a.tag)).toEqual(['rap-2.1', 'rtp-2.1', 'rap-2.2']);
    expect((await store.listAdoptions())[0]).toEqual(adoption());

    await store.finishAdoption('RAP', '2.1');
    await store.dropAdoption('RAP', '2.1');
    await store.dropAdoption('RTP', '2.1');
    expect((await store.listAdoptions('vastgesteld')).map((a) => a.tag)).toEqual(['rap-2.1']);
    expect((await store.listAdoptions('bezig')).map((a) => a.tag)).toEqual(['rap-2.2']);
    await expect(store.insertAdoption(adoption())).rejects.toThrow();
    // A dropped pending adoption frees its number.
    await store.insertAdoption(adoption({ protocol: 'RTP', tag: 'rtp-2.1', proposalIds: [4] }));
    expect((await store.listAdoptions('bezig')).map((a) => [a.tag, a.proposalIds])).toEqual([['rtp-2.1', [4]], ['rap-2.2', [1, 2]]]);
  });

  it('impact analyses: kept with the proposal, newest first, the report as given; the database refuses to change or remove one', async () => {
    const { store, raw } = await open(kind);
    const p = await store.insertProposal(proposal(), '2026-02-10T09:00:00.000Z');
    const r1 = await store.addImpact({ proposalId: p.id, at: '2026-02-12T09:00:00.000Z', actor: 'beoordelaar', corpus: 'synthetisch corpus, seed 1, 5000 casussen', baseVersion: '2.0', state: 'ingediend', report });
    const r2 = await store.addImpact({ proposalId: p.id, at: '2026-02-13T09:00:00.000Z', actor: 'beoordelaar', corpus: 'synthetisch corpus, seed 2, 5000 casussen', baseVersion: '2.0', state: 'in_behandeling', report });
    expect(r2.id).toBeGreaterThan(r1.id);
    expect(await store.impactsOf(p.id)).toEqual([r2, r1]);
    expect(await store.impactsOf(9999)).toEqual([]);
    await expect(raw("UPDATE proposal_impacts SET actor = 'x'")).rejects.toThrow(/append-only/);
    await expect(raw('DELETE FROM proposal_impacts')).rejects.toThrow(/append-only/);
    expect(await store.impactsOf(p.id)).toEqual([r2, r1]);
  });

  it('decision log: a batch added as a whole, read back as given, filtered by decision, outcome, rule, code and time, paged, replayed oldest first, removed before a time', async () => {
    const { store } = await open(kind);
    const d = (i: number, over: Partial<DecisionRecord> = {}): DecisionRecord => ({
      at: `2026-02-${String(10 + (i % 3)).padStart(2, '0')}T0${i % 10}:00:00.000Z`, source: i % 2 ? 'batch' : 'evaluate', protocol: 'RAP', decision: 'declaratie',
      version: '2.0', contentHash: 'sha256:ab', referenceDate: '2025-06-01', outcome: i % 4 === 0 ? 'afgekeurd' : 'goedgekeurd',
      rules: i % 4 === 0 ? ['rap.declaratie.bedrag', 'rap.declaratie.tarief'] : ['rap.declaratie.goedgekeurd'], codes: i % 4 === 0 ? ['0611', '9346'] : ['8001'],
      amount: i % 4 === 0 ? 0 : 12345 + i, subject: i % 2 ? `h:${'0'.repeat(31)}${i % 10}` : null,
      facts: { prestatie: { toewijzingNummer: 4242, ingediendBedrag: 12345 + i, productPeriode: { begindatum: '2025-06-01' } }, naam: 'Zoë ✓' }, ...over,
    });
    const batch = Array.from({ length: 12 }, (_, i) => d(i));
    await store.decisions.add(batch);
    await store.decisions.add([]);
    // A batch with one bad entry leaves nothing of that batch.
    await expect(store.decisions.add([d(20), d(21, { source: 'onbekend' as never })])).rejects.toThrow();

    const all = await store.decisions.list({ limit: 100 });
    expect(all).toHaveLength(12);
    expect(all.map((x) => x.id)).toEqual([...all.map((x) => x.id)].sort((a, b) => b - a));
    expect(all.map(({ id: _id, ...rest }) => rest)).toEqual([...batch].reverse());
    expect(typeof all[0].amount).toBe('number');

    expect(await store.decisions.list({ outcome: 'afgekeurd', limit: 100 })).toHaveLength(3);
    expect((await store.decisions.list({ rule: 'rap.declaratie.tarief', limit: 100 })).map((x) => x.outcome)).toEqual(['afgekeurd', 'afgekeurd', 'afgekeurd']);
    expect(await store.decisions.list({ rule: 'rap.declaratie', limit: 100 })).toHaveLength(0); // a whole rule id, not a prefix
    expect(await store.decisions.list({ code: '8001', decision: 'declaratie', limit: 100 })).toHaveLength(9);
    expect(await store.decisions.list({ decision: 'toewijzing', limit: 100 })).toHaveLength(0);
    expect(await store.decisions.list({ since: '2026-02-11T00:00:00.000Z', until: '2026-02-12T00:00:00.000Z', limit: 100 })).toHaveLength(4);
    const first = await store.decisions.list({ limit: 5 });
    const second = await store.decisions.list({ limit: 5, beforeId: first[4].id });
    expect([...first, ...second].map((x) => x.id)).toEqual(all.slice(0, 10).map((x) => x.id));

    const replayed: number[] = [];
    for (let after = 0; ;) {
      const page = await store.decisions.replay({ since: '2026-02-10T00:00:00.000Z' }, after, 5);
      replayed.push(...page.map((x) => x.id));
      if (page.length < 5) break;
      after = page[page.length - 1].id;
    }
    expect(replayed).toEqual(all.map((x) => x.id).reverse());
    expect(await store.decisions.replay({ until: '2026-02-10T00:00:00.000Z' }, 0, 100)).toEqual([]);

    expect(await store.decisions.removeBefore('2026-02-11T00:00:00.000Z')).toBe(4);
    expect((await store.decisions.list({ limit: 100 })).every((x) => x.at >= '2026-02-11')).toBe(true);
    expect(await store.decisions.removeBefore('2026-02-11T00:00:00.000Z')).toBe(0);
  });

  it('sessions: valid until they expire; a new session clears expired ones; ended one by one or per user', async () => {
    const { store } = await open(kind);
    await store.sessions.create('h1', 'indiener', 'csrf1', '2026-02-10T09:00:00.000Z', '2026-02-10T17:00:00.000Z');
    await store.sessions.create('h2', 'indiener', 'csrf2', '2026-02-10T10:00:00.000Z', '2026-02-10T18:00:00.000Z');
    await store.sessions.create('h3', 'beoordelaar', 'csrf3', '2026-02-10T10:00:00.000Z', '2026-02-10T18:00:00.000Z');
    expect(await store.sessions.get('h1', '2026-02-10T16:59:59.999Z')).toEqual({ username: 'indiener', csrfToken: 'csrf1', createdAt: '2026-02-10T09:00:00.000Z' });
    expect(await store.sessions.get('h1', '2026-02-10T17:00:00.000Z')).toBeUndefined();
    expect(await store.sessions.get('onbekend', '2026-02-10T12:00:00.000Z')).toBeUndefined();
    // Creating a session at 17:30 removes h1 (expired at 17:00): it is gone even for an earlier clock.
    await store.sessions.create('h4', 'beheerder', 'csrf4', '2026-02-10T17:30:00.000Z', '2026-02-11T01:30:00.000Z');
    expect(await store.sessions.get('h1', '2026-02-10T12:00:00.000Z')).toBeUndefined();
    expect(await store.sessions.get('h2', '2026-02-10T12:00:00.000Z')).toMatchObject({ username: 'indiener' });
    expect(await store.sessions.removeUser('indiener')).toBe(1);
    expect(await store.sessions.removeUser('indiener')).toBe(0);
    expect(await store.sessions.get('h2', '2026-02-10T12:00:00.000Z')).toBeUndefined();
    await store.sessions.remove('h3');
    expect(await store.sessions.get('h3', '2026-02-10T12:00:00.000Z')).toBeUndefined();
    expect(await store.sessions.get('h4', '2026-02-10T18:00:00.000Z')).toMatchObject({ username: 'beheerder', csrfToken: 'csrf4' });
  });

  it('tx: all writes of fn commit together, and fn\'s result comes back', async () => {
    const { store } = await open(kind);
    const out = await store.tx(async (t) => {
      const p = await t.insertProposal(proposal(), '2026-02-10T09:00:00.000Z');
      await t.setFiles(p.id, [{ path: 'rap/2.1/regels.yaml', text: 'x' }]);
      await t.audit(entry(String(p.id), 'aangemaakt', '2026-02-10T09:00:00.000Z'));
      expect(await t.getProposal(p.id)).toEqual(p);
      return p.id;
    });
    expect(await store.getProposal(out)).toMatchObject({ id: out, state: 'concept' });
    expect(await store.getFiles(out)).toHaveLength(1);
    expect((await store.auditOf('proposal', String(out))).map((e) => e.action)).toEqual(['aangemaakt']);
  });

  it('tx: a throw inside leaves nothing of fn\'s writes and is rethrown as is', async () => {
    const { store } = await open(kind);
    const kept = await store.insertProposal(proposal(), '2026-02-10T09:00:00.000Z');
    const boom = new Error('halverwege mis');
    let inside = 0;
    await expect(store.tx(async (t) => {
      const p = await t.insertProposal(proposal({ title: 'weg' }), '2026-02-10T09:00:00.000Z');
      inside = p.id;
      await t.updateProposal(kept.id, { state: 'ingediend' });
      await t.setFiles(p.id, [{ path: 'a.yaml', text: 'a' }]);
      await t.addComment(kept.id, 'x', '2026-02-10T09:00:00.000Z', 'weg');
      await t.audit(entry(String(kept.id), 'ingediend', '2026-02-10T09:00:00.000Z'));
      await t.upsertProvider({ id: 'p1', name: 'Weg', contracted: true });
      await t.sessions.create('h', 'indiener', 'c', '2026-02-10T09:00:00.000Z', '2026-02-10T17:00:00.000Z');
      throw boom;
    })).rejects.toBe(boom);
    expect(inside).toBeGreaterThan(0);
    expect(await store.getProposal(inside)).toBeUndefined();
    expect(await store.proposalIds()).toEqual([kept.id]);
    expect(await store.getProposal(kept.id)).toMatchObject({ state: 'concept' });
    expect(await store.listComments(kept.id)).toEqual([]);
    expect(await store.auditOf('proposal', String(kept.id))).toEqual([]);
    expect(await store.listProviders()).toEqual([]);
    expect(await store.sessions.get('h', '2026-02-10T10:00:00.000Z')).toBeUndefined();
    // A failing statement inside is a throw too: nothing of the transaction stays.
    await expect(store.tx(async (t) => {
      await t.audit(entry('1', 'voor de fout', '2026-02-10T09:00:00.000Z'));
      await t.insertAdoption(adoption());
      await t.insertAdoption(adoption());
    })).rejects.toThrow();
    expect(await store.auditOf('proposal', '1')).toEqual([]);
    expect(await store.listAdoptions()).toEqual([]);
  });

  it('tx: an operation on the store while a transaction runs does not join it (it stays when the transaction rolls back)', async () => {
    const { store } = await open(kind);
    const p = await store.insertProposal(proposal(), '2026-02-10T09:00:00.000Z');
    let outside: Promise<void> | undefined;
    await expect(store.tx(async (t) => {
      await t.audit(entry(String(p.id), 'binnen', '2026-02-10T09:00:00.000Z'));
      outside = store.audit(entry(String(p.id), 'buiten', '2026-02-10T09:00:01.000Z'));
      await t.addComment(p.id, 'x', '2026-02-10T09:00:00.000Z', 'binnen');
      throw new Error('terugdraaien');
    })).rejects.toThrow('terugdraaien');
    await outside;
    expect((await store.auditOf('proposal', String(p.id))).map((e) => e.action)).toEqual(['buiten']);
    expect(await store.listComments(p.id)).toEqual([]);
  });

  it('tx: transactions of two stores on one database do not interleave (a read-then-write in each counts right)', async () => {
    const { store, peer } = await open(kind);
    const other = await peer();
    // Each transaction reads how many proposals there are and writes the next number as a title.
    const next = (s: Store) => s.tx(async (t) => {
      const n = (await t.proposalIds()).length;
      await t.insertProposal(proposal({ title: `nummer ${n + 1}` }), '2026-02-10T09:00:00.000Z');
    });
    await Promise.all(Array.from({ length: 12 }, (_, i) => next(i % 2 ? store : other)));
    const titles = (await store.listProposals()).map((p) => p.title).sort();
    expect(new Set(titles).size).toBe(12);
    expect(titles).toEqual(Array.from({ length: 12 }, (_, i) => `nummer ${i + 1}`).sort());
  });

  it('lock: a second holder of the same name waits until the first is done (also when it throws); other names do not wait', async () => {
    const { store, peer } = await open(kind);
    const other = await peer();
    const release = deferred();
    const holding = deferred();
    const order: string[] = [];
    const first = store.lock('vaststellen', async () => {
      order.push('A in');
      holding.resolve();
      await release.promise;
      order.push('A uit');
      throw new Error('A faalt');
    });
    await holding.promise;
    const second = other.lock('vaststellen', async () => { order.push('B in'); return 'B klaar'; });
    try {
      const unrelated = await other.lock('iets anders', async () => 'vrij');
      expect(unrelated).toBe('vrij');
      if (kind === 'postgres') {
        // B's session is seen waiting on the advisory lock in the server.
        await expect.poll(async () => waitingAdvisoryLocks(), { timeout: 10_000 }).toBe(1);
      } else {
        await turns(20);
      }
      expect(order).toEqual(['A in']);
    } finally {
      release.resolve();
    }
    await expect(first).rejects.toThrow('A faalt');
    expect(await second).toBe('B klaar');
    expect(order).toEqual(['A in', 'A uit', 'B in']);
    // Released: both can take it again.
    expect(await store.lock('vaststellen', async () => 1)).toBe(1);
  });

  it('publish reaches a subscriber of the channel on another store and on this one; an unsubscribed one hears nothing more', async () => {
    const { store, peer } = await open(kind);
    const other = await peer();
    const there: string[] = [];
    const here: string[] = [];
    const elsewhere: string[] = [];
    const stopThere = await other.subscribe('Regels.Herladen', (m) => there.push(m));
    await store.subscribe('Regels.Herladen', (m) => here.push(m));
    await other.subscribe('iets-anders', (m) => elsewhere.push(m));
    await store.publish('Regels.Herladen', '{"protocol":"RAP","version":"2.1"}');
    await expect.poll(() => there).toEqual(['{"protocol":"RAP","version":"2.1"}']);
    await expect.poll(() => here).toEqual(['{"protocol":"RAP","version":"2.1"}']);
    await stopThere();
    await store.publish('Regels.Herladen', 'tweede');
    await expect.poll(() => here).toEqual(['{"protocol":"RAP","version":"2.1"}', 'tweede']);
    // Notices of one sender arrive in order: once this one is heard, the one before it has been delivered (or not) too.
    await store.publish('iets-anders', 'markering');
    await expect.poll(() => elsewhere).toEqual(['markering']);
    expect(there).toEqual(['{"protocol":"RAP","version":"2.1"}']);
  });

  it('ping answers while open; close ends the store', async () => {
    const { store } = await open(kind);
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
    await expect(store.ping()).rejects.toThrow();
  });
});

describe('store contract: postgres only', () => {
  it('two stores opening one fresh database at once apply each migration once', async () => {
    const url = await server!.createDatabase();
    const stores = await Promise.all([openPgStore(url), openPgStore(url), openPgStore(url)]);
    stores.forEach(track);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const rows = (await c.query('SELECT version FROM schema_migrations ORDER BY version')).rows;
      expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
    } finally {
      await c.end();
    }
    expect(await stores[2].proposalIds()).toEqual([]);
  });

  it('the decision log writes through the port on PostgreSQL: pseudonymised, with the client as a keyed hash', async () => {
    const store = track(await openPgStore(await server!.createDatabase()));
    const dir = mkdtempSync(join(tmpdir(), 'decision-pg-'));
    toRemove.push(dir);
    const log = (await openDecisionLog({ store, dataDir: dir, env: { DECISION_LOG_KEY: 'x'.repeat(40) } }))!;
    log.record({
      source: 'ijw', at: Date.parse('2026-03-01T10:00:00Z'), protocol: 'RAP', decision: 'declaratie', bsn: '123456782',
      facts: { toewijzing: { toewijzingNummer: 1201 }, prestatie: { toewijzingNummer: 1201, ingediendBedrag: 11856 } },
      answer: { version: '2.0', contentHash: 'sha256:ab', outcome: 'goedgekeurd', events: [{ rule: 'rap.declaratie.goedgekeurd', code: '8001' }] },
    });
    await log.close();
    const [d] = await store.decisions.list({ limit: 10 });
    expect(d).toMatchObject({ source: 'ijw', outcome: 'goedgekeurd', codes: ['8001'], amount: 11856 });
    expect(d.subject).toMatch(/^h:[0-9a-f]{32}$/);
    const f = d.facts as { toewijzing: { toewijzingNummer: number }; prestatie: { toewijzingNummer: number } };
    expect(f.prestatie.toewijzingNummer).not.toBe(1201);
    expect(f.toewijzing.toewijzingNummer).toBe(f.prestatie.toewijzingNummer);
    expect(JSON.stringify(d)).not.toContain('123456782');
  });

  it('a lock is released when the connection holding it dies (its process ends)', async () => {
    const url = await server!.createDatabase();
    const a = track(await openPgStore(url));
    const b = track(await openPgStore(url));
    const holding = deferred();
    const never = deferred();
    const first = a.lock('vaststellen', async () => { holding.resolve(); await never.promise; });
    await holding.promise;
    // Kill A's lock session from outside, as the server does when A's host dies.
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
    } finally {
      await c.end();
    }
    expect(await b.lock('vaststellen', async () => 'B heeft het')).toBe('B heeft het');
    never.resolve();
    await first.catch(() => undefined);
  });

  it('a subscriber hears notices again after its connection was cut (it reconnects)', async () => {
    const url = await server!.createDatabase();
    const a = track(await openPgStore(url));
    const b = track(await openPgStore(url));
    const heard: string[] = [];
    await b.subscribe('herladen', (m) => heard.push(m));
    await a.publish('herladen', 'voor');
    await expect.poll(() => heard).toEqual(['voor']);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const cut = await c.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'protocolregels-listen' AND datname = current_database()");
      expect(cut.rowCount).toBe(1);
    } finally {
      await c.end();
    }
    // Notices sent while it reconnects are lost; keep sending until one is heard.
    await expect.poll(async () => { await a.publish('herladen', 'na'); return heard.includes('na'); }, { timeout: 20_000 }).toBe(true);
  });

  it('after the server restarts the store works again: reads, writes, transactions, locks, and subscribers hear notices again', async () => {
    const url = await server!.createDatabase();
    const a = track(await openPgStore(url, { poolSize: 3 }));
    const b = track(await openPgStore(url, { poolSize: 3 }));
    const heard: string[] = [];
    await b.subscribe('herladen', (m) => heard.push(m));
    const p = await a.insertProposal(proposal(), '2026-02-10T09:00:00.000Z');
    // Every pooled connection has been used, so each is cut by the restart.
    await Promise.all([a.ping(), a.ping(), a.ping()]);
    await server!.restart();
    // The pool dropped the cut connections (the server said so as it stopped): the first query already gets a new one.
    await a.ping();
    await a.addComment(p.id, 'beoordelaar', '2026-02-10T10:00:00.000Z', 'na herstart');
    expect((await b.listComments(p.id)).map((c) => c.text)).toEqual(['na herstart']);
    expect(await a.tx(async (t) => (await t.getProposal(p.id))!.id)).toBe(p.id);
    expect(await a.lock('vaststellen', async () => 'vrij')).toBe('vrij');
    await expect.poll(async () => { await a.publish('herladen', 'na herstart'); return heard.includes('na herstart'); }, { timeout: 20_000 }).toBe(true);
  });

  it('counts come back as numbers, and a bad connection string fails to open with the reason', async () => {
    const url = await server!.createDatabase();
    const s = track(await openPgStore(url));
    const p = await s.insertProposal(proposal(), '2026-02-10T09:00:00.000Z');
    const c = await s.countConsent(p.id);
    expect(typeof c.total).toBe('number');
    expect(await s.sessions.removeUser('niemand')).toBe(0);
    await expect(openPgStore(`postgres://postgres@127.0.0.1:${server!.port}/bestaat_niet`)).rejects.toThrow(/bestaat_niet/);
  });
});

/** Sessions of the test server waiting for an advisory lock. */
async function waitingAdvisoryLocks(): Promise<number> {
  const c = new pg.Client({ connectionString: server!.url });
  await c.connect();
  try {
    return Number((await c.query("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).rows[0].n);
  } finally {
    await c.end();
  }
}

describe('store contract: records of the release before consent proof stay readable', () => {
  const OLD_ROWS = `
    INSERT INTO proposals (title, category, protocol, base_version, rationale, rules_json, author, state, branch, created_at, updated_at)
      VALUES ('Oud voorstel', 'wijzigen', 'RTP', '2.0', 'r', '[]', 'indiener', 'aangenomen', 'voorstel/1', '2026-01-01T09:00:00.000Z', '2026-01-01T09:00:00.000Z');
    INSERT INTO providers (id, name, contracted) VALUES ('p1', 'Alfa', TRUE);
    INSERT INTO consents (proposal_id, provider_id, agrees, recorded_by, at) VALUES (1, 'p1', TRUE, 'beheerder', '2026-01-02T09:00:00.000Z');`;
  const expectReadable = async (store: Store) => {
    expect(await store.getProposal(1)).toMatchObject({ title: 'Oud voorstel', decidedConsent: null, submitWarnings: [] });
    expect(await store.consentEntries(1)).toEqual([{ providerId: 'p1', providerName: 'Alfa', agrees: true, recordedBy: 'beheerder', at: '2026-01-02T09:00:00.000Z', answeredOn: null, proof: null }]);
    expect(await store.countConsent(1)).toEqual({ agreed: 1, total: 1 });
  };

  it('sqlite: a database at migration 4 opens with its answers without date or proof, and no frozen counts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'store-old-'));
    toRemove.push(dir);
    const path = join(dir, 'procedure.sqlite');
    const db = new Database(path);
    for (const [i, step] of MIGRATIONS.slice(0, 4).entries()) {
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.pragma(`user_version = ${i + 1}`);
    }
    db.exec(OLD_ROWS.replaceAll('TRUE', '1'));
    db.close();
    const store = track(await openSqliteStore(path));
    await expectReadable(store);
  });

  it('postgres: a database at migration 3 opens with its answers without date or proof, and no frozen counts', async () => {
    const url = await server!.createDatabase();
    const pool = new pg.Pool({ connectionString: url });
    try {
      await migratePg(pool, PG_MIGRATIONS.slice(0, 3));
      await pool.query(OLD_ROWS);
    } finally {
      await pool.end();
    }
    const store = track(await openPgStore(url));
    await expectReadable(store);
  });
});
