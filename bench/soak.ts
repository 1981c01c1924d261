/**
 * `npm run soak -- --minutes N` (default 60): the service as it runs in production, for a long time.
 * - two workers (`serve --workers 2`) on a real PostgreSQL (started here, test/helpers/postgres.ts)
 *   and one rules repository;
 * - a steady evaluate load from a client in a process of its own (bench/soak-client.ts), which
 *   puts each failure on the worker that gave it;
 * - an adoption through the whole procedure every minute (proposal, submit, review, accept, adopt),
 *   and a comment every few seconds, each acknowledged write kept in a ledger;
 * - SIGKILL of one worker every ten minutes, always the youngest, so one worker (the survivor)
 *   lives through the whole run; the primary replaces the killed one.
 * At the end, after a graceful stop, the store and the rules repository are read directly: every
 * acknowledged write must be there and the audit chain must verify. The report gives failed
 * requests on the surviving worker, memory (RSS) and open file descriptors over time, git objects
 * and the database's size, and whether memory and handles stayed flat (FLAT_PCT); it exits 1 when any
 * of these fails. Options: --minutes, --warmup-seconds, --kill-every-minutes, --adopt-every-seconds,
 * --comment-every-seconds, --sample-seconds, --rate (requests/s), --connections, --json FILE.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { verifyAudit } from '../src/amend/audit-verify.js';
import { refsOf } from '../src/amend/backup/git-bundle.js';
import { openRulesRepo } from '../src/amend/rules-repo.js';
import { openPgStore } from '../src/amend/store/pg-store.js';
import { compareVersions } from '../src/amend/version-layout.js';
import { hashPassword } from '../src/auth/password.js';
import { startPostgres } from '../test/helpers/postgres.js';
import { startServe } from '../test/helpers/serve-process.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURE_RULES = join(REPO_ROOT, 'test/amend/fixtures/rules');
const CLIENT = join(REPO_ROOT, 'bench/soak-client.ts');

export interface SoakOptions {
  minutes: number;
  /** Seconds at the start left out of the first memory window (see FLAT_PCT). */
  warmupSeconds: number;
  killEveryMinutes: number;
  adoptEverySeconds: number;
  commentEverySeconds: number;
  sampleSeconds: number;
  rate: number;
  connections: number;
  log(line: string): void;
}

export const SOAK_DEFAULTS: SoakOptions = { minutes: 60, warmupSeconds: 120, killEveryMinutes: 10, adoptEverySeconds: 60, commentEverySeconds: 5, sampleSeconds: 10, rate: 50, connections: 4, log: (l) => console.log(l) };

export interface Sample { t: number; workers: { pid: number; rssMiB: number; fds: number }[]; gitObjects: number; gitKiB: number; storeKiB: number; /** The machine's 1-minute load average. */ load1: number }

/** Memory and handles of one stretch of the run, for the survivor. */
export interface MemoryWindow { from: number; to: number; rssMiB: number; fds: number }

/**
 * "Flat": the survivor's RSS and open file descriptors in the last window (ten minutes) against the
 * first, each within FLAT_PCT. The first window starts after a warm-up (two minutes by default): a
 * fresh process loads modules lazily, compiles its hot paths, and starts the check pool's thread at
 * the first adoption it handles; that is start-up, not growth. The strict comparison (from t = 0)
 * is reported beside it.
 */
export const FLAT_PCT = 10;

/**
 * An adoption request that got no answer (no status: a timeout or a reset connection), and what the
 * store and git hold for it after the run: 'applied' (its adoption final, its tag on the adoption's
 * commit, the proposal adopted), 'absent' (no adoption row names the proposal, the proposal not
 * adopted), or 'half' (anything else, which must never be).
 */
export interface Unanswered { round: number; proposalId: number; version: string; error: string; outcome: 'applied' | 'absent' | 'half'; detail?: string }

export interface SoakReport {
  seconds: number;
  /** How the service ended on SIGTERM (exit 0: every worker finished its requests). */
  stopped: string;
  requests: { ok: number; failedOnSurvivor: number; failedOnKilled: number; failedUnknownWorker: number; examples: string[]; p50: number; p99: number };
  survivor: number;
  kills: { at: number; pid: number; replacedAfterMs: number | null }[];
  adoptions: { acknowledged: number; failedCycles: number; reasons: string[]; unanswered: Unanswered[] };
  writes: { acknowledged: number; lost: number; missing: string[] };
  audit: { ok: boolean; entries: number; commitsWithHead: number; problem?: string };
  memory: { first: MemoryWindow; last: MemoryWindow; changePct: number; fdChangePct: number; flat: boolean; strict: { first: MemoryWindow; changePct: number; fdChangePct: number }; windowSeconds: number; warmupSeconds: number };
  load: { min: number; mean: number; max: number };
  git: { objectsStart: number; objectsEnd: number; kibStart: number; kibEnd: number };
  store: { kibStart: number; kibEnd: number };
  samples: Sample[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** pid → [ppid, start time in clock ticks] of every process, from /proc. */
function processTable(): Map<number, [number, number]> {
  const out = new Map<number, [number, number]>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(d), [Number(f[1]), Number(f[19])]);
    } catch { /* gone */ }
  }
  return out;
}

const exeOf = (pid: number) => { try { return readlinkSync(`/proc/${pid}/exe`); } catch { return ''; } };

/** The primary's children that run Node.js as it does (its workers; not tsx's esbuild), oldest first. */
function workersOf(primary: number): number[] {
  const node = exeOf(primary);
  return [...processTable()].filter(([pid, [ppid]]) => ppid === primary && exeOf(pid) === node).sort((a, b) => a[1][1] - b[1][1] || a[0] - b[0]).map(([pid]) => pid);
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 102.4) / 10 : 0;
}

/** One request on a connection of its own, so the primary hands it to either worker. */
export function call(base: string, method: string, path: string, body?: unknown, cookie?: { cookie: string; csrf: string }): Promise<{ status: number; body: any; setCookie: string[] }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { connection: 'close' };
    if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) });
    if (cookie) Object.assign(headers, { cookie: cookie.cookie, 'x-csrf-token': cookie.csrf });
    const req = request(`${base}${path}`, { method, agent: false, headers, timeout: 120_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        let parsed: unknown = text;
        try { parsed = JSON.parse(text); } catch { /* not JSON */ }
        const sc = res.headers['set-cookie'] ?? [];
        resolve({ status: res.statusCode ?? 0, body: parsed, setCookie: sc });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(payload);
  });
}

/** A request that got no answer at all (timeout, reset): the step it was, and the cause. */
export class NoAnswer extends Error {}

async function expectStatus(p: ReturnType<typeof call>, status: number, what: string) {
  const r = await p.catch((e: Error) => { throw new NoAnswer(`${what}: ${e.message}`); });
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
  return r.body;
}

export async function login(base: string, username: string): Promise<Session> {
  const r = await call(base, 'POST', '/api/v1/auth/login', { username, password: username });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
  return { cookie: r.setCookie.map((c) => c.split(';')[0]).join('; '), csrf: r.body.csrfToken as string };
}

export type Session = { cookie: string; csrf: string };
export interface Ledger { proposals: { id: number; title: string }[]; comments: { id: number; text: string }[]; adoptions: { tag: string; commit: string; version: string }[] }

/** Followers serve an adoption within about a second (docs/operations.md); under load allow this long. */
const FOLLOW_MS = 20_000;

/** `get` again while it answers 404 (a worker that does not serve the newest version yet), up to FOLLOW_MS. */
async function followed(get: () => ReturnType<typeof call>): ReturnType<typeof call> {
  const until = Date.now() + FOLLOW_MS;
  for (;;) {
    const r = await get();
    if (r.status !== 404 || Date.now() > until) return r;
    await sleep(250);
  }
}

/**
 * One adoption through the whole procedure: the newest RTP version's tariefgroep message changed
 * (proposal, submit, review, accept), adopted as the next minor version valid a day later.
 */
export async function adoptRound(base: string, users: Record<'indiener' | 'beoordelaar' | 'beheerder', Session>, n: number, ledger: Ledger, unanswered: Omit<Unanswered, 'outcome' | 'detail'>[] = []): Promise<void> {
  // Each request is a connection of its own, so it may reach a worker that has not yet followed the
  // last adoption: ask until the newest acknowledged version is listed, and again on a 404.
  const known = ledger.adoptions.at(-1)?.version;
  const until = Date.now() + FOLLOW_MS;
  let newest: { protocol: string; version: string; validFrom: string };
  for (;;) {
    const sets = (await expectStatus(call(base, 'GET', '/api/v1/rulesets'), 200, 'rulesets')).rulesets as { protocol: string; version: string; validFrom: string }[];
    newest = sets.filter((v) => v.protocol.toUpperCase() === 'RTP').sort((a, b) => compareVersions(a.version, b.version)).pop()!;
    if (!known || compareVersions(newest.version, known) >= 0 || Date.now() > until) break;
    await sleep(250);
  }
  const files = (await expectStatus(followed(() => call(base, 'GET', `/api/v1/rulesets/RTP/${newest.version}/files`)), 200, 'files')).files as { path: string; text: string }[];
  const decision = files.find((f) => f.path.endsWith('decisions/tariefgroep.yaml'))!;
  const text = decision.text.replace(/^( {4}message: Overleg met contractbeheer\.).*$/m, `$1 (soakronde ${n})`);
  const title = `Soakronde ${n}`;
  const p = await expectStatus(call(base, 'POST', '/api/v1/proposals', { title, rationale: 'soak', category: 'verwerken', protocol: 'RTP', baseVersion: newest.version, files: [{ path: decision.path, text }] }, users.indiener), 201, 'proposal');
  ledger.proposals.push({ id: p.id, title });
  await expectStatus(call(base, 'POST', `/api/v1/proposals/${p.id}/submit`, {}, users.indiener), 200, 'submit');
  for (const to of ['in_behandeling', 'aangenomen']) await expectStatus(call(base, 'POST', `/api/v1/proposals/${p.id}/transition`, { to, reason: 'akkoord' }, users.beoordelaar), 200, to);
  const [major, minor] = newest.version.split('.').map(Number);
  // The day after the newest version, and never in the past (a start before today needs a reason: retroactive):
  // tomorrow at the earliest, so the service's Amsterdam "today" and this UTC clock cannot disagree about it.
  const dayAfter = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const validFrom = [dayAfter(newest.validFrom), dayAfter(new Date().toISOString().slice(0, 10))].sort().at(-1)!;
  const version = `${major}.${minor + 1}`;
  try {
    const a = await expectStatus(call(base, 'POST', '/api/v1/adoptions', { protocol: 'RTP', version, validFrom, proposalIds: [p.id] }, users.beheerder), 201, 'adoption');
    ledger.adoptions.push({ tag: a.tag, commit: a.commit, version });
  } catch (e) {
    if (e instanceof NoAnswer) unanswered.push({ round: n, proposalId: p.id, version, error: e.message });
    throw e;
  }
}

/** What the store and git hold for an adoption request that got no answer (see Unanswered). */
export function wholeOrAbsent(proposalId: number, rows: { status: string; tag: string; commit: string; tagObject: string; version: string }[], adoptedIn: string | null, refs: Record<string, string>): Pick<Unanswered, 'outcome' | 'detail'> {
  if (rows.length === 0) return adoptedIn === null ? { outcome: 'absent' } : { outcome: 'half', detail: `proposal ${proposalId} adopted in ${adoptedIn} without an adoption row` };
  const [a] = rows;
  if (rows.length === 1 && a.status === 'vastgesteld' && [a.tagObject, a.commit].includes(refs[`refs/tags/${a.tag}`]) && adoptedIn === a.version) return { outcome: 'applied' };
  return { outcome: 'half', detail: `rows ${rows.map((r) => `${r.tag} ${r.status}`).join(', ')}; tag ${refs[`refs/tags/${a.tag}`] ?? 'missing'} for commit ${a.commit}; proposal adoptedIn ${adoptedIn}` };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const pct = (a: number, b: number) => (a ? Math.round(((b - a) / a) * 1000) / 10 : 0);

/** A users file with one user per role of the procedure (indiener, beoordelaar, beheerder), each with its name as password. */
export function writeStaffUsers(file: string): void {
  writeFileSync(file, JSON.stringify({ requireApiKeyForEvaluate: false, apiKeys: [], users: ['indiener', 'beoordelaar', 'beheerder'].map((u) => ({ username: u, name: u, roles: [u], password: hashPassword(u) })) }));
}

export async function runSoak(opts: Partial<SoakOptions> = {}): Promise<SoakReport> {
  const o: SoakOptions = { ...SOAK_DEFAULTS, ...opts };
  const seconds = Math.round(o.minutes * 60);
  const tmp = mkdtempSync(join(tmpdir(), 'soak-'));
  const server = await startPostgres();
  let primary: Awaited<ReturnType<typeof startServe>> | undefined;
  try {
    const databaseUrl = await server.createDatabase('soak');
    const usersFile = join(tmp, 'users.json');
    writeStaffUsers(usersFile);
    const rulesRepo = join(tmp, 'rules-repo');
    primary = await startServe(['--workers', '2'], { DATABASE_URL: databaseUrl, RULES_REPO: rulesRepo, DATA_DIR: join(tmp, 'data'), USERS_FILE: usersFile, RULES_DIR: FIXTURE_RULES, SHUTDOWN_TIMEOUT_MS: '10000',
      // One author proposes every minute and comments every few seconds for an hour: far past the per-user
      // quotas (docs/limits.md), which are not what the soak measures.
      PROPOSALS_MAX_PER_USER_PER_DAY: '100000', PROPOSALS_MAX_OPEN_PER_USER: '100000', COMMENTS_MAX_PER_USER_PER_PROPOSAL: '1000000' }, 180_000);
    const base = primary.url;
    const primaryPid = primary.child.pid!;
    for (let i = 0; workersOf(primaryPid).length < 2; i++) { if (i > 600) throw new Error('two workers did not start'); await sleep(100); }
    const survivor = workersOf(primaryPid)[0];
    o.log(`soak: ${o.minutes} min on ${base}, primary ${primaryPid}, workers ${workersOf(primaryPid).join(', ')} (survivor ${survivor}); ${o.rate} evaluate/s over ${o.connections} connections; adoption every ${o.adoptEverySeconds} s; SIGKILL every ${o.killEveryMinutes} min`);

    const users = { indiener: await login(base, 'indiener'), beoordelaar: await login(base, 'beoordelaar'), beheerder: await login(base, 'beheerder') };
    const ledger: Ledger = { proposals: [], comments: [], adoptions: [] };
    const notes = await expectStatus(call(base, 'POST', '/api/v1/proposals', { title: 'Logboek soak', rationale: 'opmerkingen tijdens de soak', category: 'verhelderen', protocol: 'RTP', baseVersion: '2.0', files: [] }, users.indiener), 201, 'notes proposal');
    ledger.proposals.push({ id: notes.id, title: notes.title });

    const client = spawn(process.execPath, ['--import', 'tsx', CLIENT, base, String(seconds), String(o.rate), String(o.connections), String(o.sampleSeconds)], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let clientOut = '';
    let clientErr = '';
    client.stdout!.on('data', (d: Buffer) => (clientOut += d.toString()));
    client.stderr!.on('data', (d: Buffer) => (clientErr += d.toString()));
    const clientDone = new Promise<void>((r) => client.once('exit', () => r()));

    const started = Date.now();
    const elapsed = () => (Date.now() - started) / 1000;
    const samples: Sample[] = [];
    const kills: SoakReport['kills'] = [];
    const adoptFailures: string[] = [];
    const noAnswer: Omit<Unanswered, 'outcome' | 'detail'>[] = [];
    let running = true;

    const gitCount = async () => {
      const out = (await promisify(execFile)('git', ['--git-dir', rulesRepo, 'count-objects', '-v'])).stdout;
      const v = (k: string) => Number(new RegExp(`^${k}: (\\d+)`, 'm').exec(out)?.[1] ?? 0);
      return { objects: v('count') + v('in-pack'), kib: v('size') + v('size-pack') };
    };
    const storeKiB = async () => {
      const c = new pg.Client({ connectionString: databaseUrl });
      await c.connect();
      try { return Math.round(Number((await c.query('SELECT pg_database_size(current_database()) AS n')).rows[0].n) / 1024); } finally { await c.end(); }
    };
    const sample = async () => {
      const g = await gitCount();
      const workers = workersOf(primaryPid).flatMap((pid) => { try { return [{ pid, rssMiB: rssMiB(pid), fds: readdirSync(`/proc/${pid}/fd`).length }]; } catch { return []; } });
      const s: Sample = { t: Math.round(elapsed()), workers, gitObjects: g.objects, gitKiB: g.kib, storeKiB: await storeKiB(), load1: Math.round(loadavg()[0] * 100) / 100 };
      samples.push(s);
      o.log(`  t=${String(s.t).padStart(5)} s  load ${s.load1}  ${workers.map((w) => `${w.pid}${w.pid === survivor ? '*' : ''}: ${w.rssMiB} MiB ${w.fds} fds`).join('  ')}  git ${s.gitObjects} objects ${s.gitKiB} KiB  store ${s.storeKiB} KiB`);
    };

    const sampler = (async () => { while (running) { await sample(); await sleep(o.sampleSeconds * 1000); } })();
    const killer = (async () => {
      for (let k = 1; ; k++) {
        const due = started + k * o.killEveryMinutes * 60_000;
        while (running && Date.now() < due) await sleep(200);
        if (!running || Date.now() > started + seconds * 1000 - 5000) return;
        const victim = workersOf(primaryPid).filter((p) => p !== survivor).pop();
        if (!victim) continue;
        process.kill(victim, 'SIGKILL');
        const t0 = Date.now();
        const entry = { at: Math.round(elapsed()), pid: victim, replacedAfterMs: null as number | null };
        kills.push(entry);
        while (running && Date.now() - t0 < 60_000) {
          const ws = workersOf(primaryPid);
          if (ws.length === 2 && !ws.includes(victim)) {
            // Replaced once the new worker answers on the shared port.
            entry.replacedAfterMs = Date.now() - t0;
            break;
          }
          await sleep(50);
        }
        o.log(`  t=${entry.at} s: SIGKILL worker ${victim}; replacement process after ${entry.replacedAfterMs} ms`);
      }
    })();
    const commenter = (async () => {
      let n = 0;
      while (running) {
        const text = `soak-opmerking ${++n}`;
        try {
          const r = await call(base, 'POST', `/api/v1/proposals/${notes.id}/comments`, { text }, users.beoordelaar);
          if (r.status === 201) ledger.comments.push({ id: r.body.id, text });
        } catch { /* not acknowledged: not in the ledger */ }
        await sleep(o.commentEverySeconds * 1000);
      }
    })();
    const adopter = (async () => {
      for (let n = 1; ; n++) {
        const due = started + n * o.adoptEverySeconds * 1000;
        while (running && Date.now() < due) await sleep(200);
        if (!running) return;
        try {
          await adoptRound(base, users, n, ledger, noAnswer);
        } catch (e) {
          adoptFailures.push(`round ${n}: ${(e as Error).message}`);
          o.log(`  adoption round ${n} failed: ${(e as Error).message}`);
        }
      }
    })();

    await clientDone;
    running = false;
    await Promise.all([sampler, killer, commenter, adopter]);
    await sample();

    // A graceful stop, then the records as the database and git hold them.
    const stopAt = Date.now();
    primary.child.kill('SIGTERM');
    const exit = await primary.exited;
    const stopped = `${exit.signal ?? `exit ${exit.code}`} after ${Date.now() - stopAt} ms`;
    o.log(`  stopped: ${stopped}${exit.code === 0 ? '' : `\n${primary.stderr().slice(-3000)}`}`);
    const end = clientOut.trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.type === 'end').pop();
    if (!end) throw new Error(`the load client ended without a summary:\n${clientErr.slice(-2000)}`);
    const killed = new Set(kills.map((k) => String(k.pid)));
    const failures = end.failures as Record<string, number>;
    let onSurvivor = 0; let onKilled = 0; let unknown = 0;
    for (const [pid, n] of Object.entries(failures)) {
      if (pid === 'unknown') unknown += n;
      else if (killed.has(pid)) onKilled += n;
      else onSurvivor += n;
    }

    const store = await openPgStore(databaseUrl, { poolSize: 2 });
    const missing: string[] = [];
    let audit: SoakReport['audit'];
    const unanswered: Unanswered[] = [];
    try {
      for (const p of ledger.proposals) if ((await store.getProposal(p.id))?.title !== p.title) missing.push(`proposal ${p.id}`);
      const comments = new Map((await store.listComments(notes.id)).map((c) => [c.id, c.text]));
      for (const c of ledger.comments) if (comments.get(c.id) !== c.text) missing.push(`comment ${c.id}`);
      const adopted = new Map((await store.listAdoptions('vastgesteld')).map((a) => [a.tag, a.commit]));
      const refs = await refsOf(rulesRepo);
      for (const a of ledger.adoptions) if (adopted.get(a.tag) !== a.commit || !refs[`refs/tags/${a.tag}`]) missing.push(`adoption ${a.tag}`);
      const rows = await store.listAdoptions();
      for (const u of noAnswer) unanswered.push({ ...u, ...wholeOrAbsent(u.proposalId, rows.filter((a) => a.proposalIds.includes(u.proposalId)), (await store.getProposal(u.proposalId))?.adoptedIn ?? null, refs) });
      const v = await verifyAudit(store, await openRulesRepo(rulesRepo));
      audit = { ok: v.chain.ok && v.commits.every((c) => c.found), entries: v.chain.count, commitsWithHead: v.commits.length, ...(v.chain.ok ? {} : { problem: `entry ${v.chain.entry.id}: ${v.chain.reason}` }) };
    } finally {
      await store.close();
    }

    const window = Math.max(o.sampleSeconds, Math.min(600, seconds / 6));
    const warmup = Math.min(o.warmupSeconds, seconds / 6);
    const survivorSeries = samples.map((s) => ({ t: s.t, w: s.workers.find((w) => w.pid === survivor) })).filter((x) => x.w);
    const stretch = (from: number, to: number): MemoryWindow => {
      const ws = survivorSeries.filter((x) => x.t >= from && x.t <= to).map((x) => x.w!);
      return { from: Math.round(from), to: Math.round(to), rssMiB: Math.round(mean(ws.map((w) => w.rssMiB)) * 10) / 10, fds: Math.round(mean(ws.map((w) => w.fds)) * 10) / 10 };
    };
    const first = stretch(warmup, warmup + window);
    const strictFirst = stretch(0, window);
    const last = stretch(seconds - window, seconds);
    const changePct = pct(first.rssMiB, last.rssMiB);
    const fdChangePct = pct(first.fds, last.fds);
    const memory: SoakReport['memory'] = {
      first, last, changePct, fdChangePct, flat: Math.abs(changePct) <= FLAT_PCT && Math.abs(fdChangePct) <= FLAT_PCT,
      strict: { first: strictFirst, changePct: pct(strictFirst.rssMiB, last.rssMiB), fdChangePct: pct(strictFirst.fds, last.fds) },
      windowSeconds: Math.round(window), warmupSeconds: Math.round(warmup),
    };
    const loads = samples.map((s) => s.load1);
    const load = { min: Math.min(...loads), mean: Math.round(mean(loads) * 100) / 100, max: Math.max(...loads) };
    const acknowledged = ledger.proposals.length + ledger.comments.length + ledger.adoptions.length;
    return {
      seconds, stopped,
      requests: { ok: end.ok, failedOnSurvivor: onSurvivor, failedOnKilled: onKilled, failedUnknownWorker: unknown, examples: end.examples, p50: end.p50, p99: end.p99 },
      survivor, kills,
      adoptions: { acknowledged: ledger.adoptions.length, failedCycles: adoptFailures.length, reasons: adoptFailures, unanswered },
      writes: { acknowledged, lost: missing.length, missing },
      audit, memory, load,
      git: { objectsStart: samples[0].gitObjects, objectsEnd: samples.at(-1)!.gitObjects, kibStart: samples[0].gitKiB, kibEnd: samples.at(-1)!.gitKiB },
      store: { kibStart: samples[0].storeKiB, kibEnd: samples.at(-1)!.storeKiB },
      samples,
    };
  } finally {
    primary?.kill();
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

export function formatReport(r: SoakReport): string[] {
  return [
    `soak ${r.seconds / 60} min: ${r.requests.ok} evaluate requests answered (p50 ${r.requests.p50} ms, p99 ${r.requests.p99} ms)`,
    `  failed requests: ${r.requests.failedOnSurvivor} on the surviving worker (${r.survivor}), ${r.requests.failedOnKilled} on killed workers, ${r.requests.failedUnknownWorker} before a connection knew its worker`,
    `  graceful stop: ${r.stopped}`,
    `  kills: ${r.kills.map((k) => `t=${k.at} s pid ${k.pid} (replaced after ${k.replacedAfterMs} ms)`).join('; ') || 'none'}`,
    `  adoptions: ${r.adoptions.acknowledged} acknowledged, ${r.adoptions.failedCycles} rounds failed${r.adoptions.reasons.length ? ` (${r.adoptions.reasons.join('; ')})` : ''}`,
    `  adoption requests without an answer: ${r.adoptions.unanswered.length ? r.adoptions.unanswered.map((u) => `round ${u.round} (${u.version}, ${u.error}): ${u.outcome}${u.detail ? ` ${u.detail}` : ''}`).join('; ') : 'none'}`,
    `  acknowledged writes: ${r.writes.acknowledged}, lost: ${r.writes.lost}${r.writes.missing.length ? ` (${r.writes.missing.join(', ')})` : ''}`,
    `  audit chain: ${r.audit.ok ? 'verifies' : `BROKEN: ${r.audit.problem ?? 'a recorded head is missing'}`} (${r.audit.entries} entries, ${r.audit.commitsWithHead} adoption commits with a head)`,
    `  survivor memory ${r.memory.flat ? 'FLAT' : 'NOT FLAT'} (within ${FLAT_PCT}%): RSS ${r.memory.first.rssMiB} MiB (t=${r.memory.first.from}-${r.memory.first.to} s) -> ${r.memory.last.rssMiB} MiB (t=${r.memory.last.from}-${r.memory.last.to} s), ${r.memory.changePct}%; open fds ${r.memory.first.fds} -> ${r.memory.last.fds}, ${r.memory.fdChangePct}%`,
    `  without the warm-up (t=${r.memory.strict.first.from}-${r.memory.strict.first.to} s): RSS ${r.memory.strict.first.rssMiB} MiB, ${r.memory.strict.changePct}%; fds ${r.memory.strict.first.fds}, ${r.memory.strict.fdChangePct}%`,
    `  machine load (1-minute average) during the run: min ${r.load.min}, mean ${r.load.mean}, max ${r.load.max}`,
    `  git objects ${r.git.objectsStart} -> ${r.git.objectsEnd} (${r.git.kibStart} -> ${r.git.kibEnd} KiB); store ${r.store.kibStart} -> ${r.store.kibEnd} KiB`,
  ];
}

function arg(name: string, fallback: number, zeroAllowed = false): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v < 0 || (v === 0 && !zeroAllowed)) throw new Error(`${name} needs a positive number`);
  return v;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const report = await runSoak({
    minutes: arg('--minutes', SOAK_DEFAULTS.minutes), warmupSeconds: arg('--warmup-seconds', SOAK_DEFAULTS.warmupSeconds, true), killEveryMinutes: arg('--kill-every-minutes', SOAK_DEFAULTS.killEveryMinutes),
    adoptEverySeconds: arg('--adopt-every-seconds', SOAK_DEFAULTS.adoptEverySeconds), commentEverySeconds: arg('--comment-every-seconds', SOAK_DEFAULTS.commentEverySeconds),
    sampleSeconds: arg('--sample-seconds', SOAK_DEFAULTS.sampleSeconds), rate: arg('--rate', SOAK_DEFAULTS.rate), connections: arg('--connections', SOAK_DEFAULTS.connections),
  });
  for (const l of formatReport(report)) console.log(l);
  const j = process.argv.indexOf('--json');
  if (j >= 0) writeFileSync(process.argv[j + 1], JSON.stringify(report, null, 2) + '\n');
  const pass = report.requests.failedOnSurvivor === 0 && report.writes.lost === 0 && report.audit.ok && report.memory.flat && report.adoptions.unanswered.every((u) => u.outcome !== 'half');
  console.log(`soak: ${pass ? 'PASS' : 'FAIL'} (0 failed on the survivor, 0 writes lost, unanswered adoptions whole or absent, audit chain verifies, memory and handles flat)`);
  process.exitCode = pass ? 0 : 1;
}
