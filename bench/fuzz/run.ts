/**
 * The fuzz run: starts the service (service.ts), logs in staff sessions, reads
 * the endpoints from the served OpenAPI document, runs the worst-case probes
 * one by one (event-loop delay inside the service and /healthz latency while
 * each runs), then the largest allowed input of every operation, alone and as
 * two concurrent copies (worst-run.ts), then sends `count` generated requests (bodies.ts) at a fixed
 * concurrency until the count or the time is used up, and reports.
 */
import fc from 'fast-check';
import { requestArbitrary, type Endpoint, type Session } from './bodies.js';
import { closeClient, send, type FuzzAnswer, type FuzzRequest } from './http.js';
import { PROBES, type Probe } from './probes.js';
import { measure } from './measure.js';
import { runWorst, type WorstOptions, type WorstReport } from './worst-run.js';
import { startFuzzService, type FuzzService, type LoopDelay } from './service.js';

export interface FuzzOptions {
  count: number;
  seconds: number;
  concurrency: number;
  /** A request without an answer after this long is a hang. */
  timeoutMs: number;
  seed: number;
  /** Run the worst-case probes first (default true). */
  probes?: boolean;
  /** Then the worst case of every operation of the OpenAPI, alone and in pairs (worst-run.ts); false skips it. */
  worst?: WorstOptions | false;
  log?: (line: string) => void;
}

export interface ProbeResult {
  name: string;
  status: number;
  ms: number;
  requestBytes: number;
  answerBytes: number;
  loopDelay: LoopDelay;
  healthz: { count: number; maxMs: number; p99Ms: number; failures: number };
}

export interface FuzzReport {
  sent: number;
  seconds: number;
  byStatus: Record<string, number>;
  serverErrors: { count: number; samples: { label: string; method: string; path: string; status: number; head: string }[] };
  crashes: { count: number; samples: string[] };
  hangs: { count: number; samples: { label: string; method: string; path: string }[] };
  connectionErrors: number;
  clientRefused: number;
  /** Error answers larger than max(request, 4 KB): the floor docs/limits.md sets for an error answer. */
  errorsOverBudget: { count: number; samples: { label: string; path: string; status: number; requestBytes: number; answerBytes: number }[] };
  /** Error answers (4xx/5xx) larger than the request that caused them (docs/contract.md, read literally). */
  errorsLargerThanRequest: { count: number; samples: { label: string; path: string; status: number; requestBytes: number; answerBytes: number }[] };
  largestAnswer: { path: string; status: number; requestBytes: number; answerBytes: number };
  largestErrorRatio: { path: string; status: number; requestBytes: number; answerBytes: number; ratio: number };
  /** Error answers under /api that are not JSON (docs/contract.md: always JSON). */
  nonJsonApiErrors: { count: number; samples: { path: string; status: number; contentType: string }[] };
  /** Other answers under /api that are not JSON (e.g. Express's automatic OPTIONS). */
  nonJsonApiOther: { count: number; samples: { path: string; status: number; contentType: string }[] };
  /** The slowest answers (and hangs, at the timeout), to find what holds requests up. */
  slowest: { label: string; path: string; status: number; ms: number }[];
  peakRssBytes: number;
  loopDelayRandomPhase: LoopDelay;
  probes: ProbeResult[];
  worstProbe?: ProbeResult;
  /** Every operation's largest allowed input (issue 22). */
  worst?: WorstReport;
}

async function login(base: string, username: string, timeoutMs: number): Promise<Session | undefined> {
  const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: username }), signal: AbortSignal.timeout(timeoutMs) }).catch(() => undefined);
  if (!r || r.status !== 200) return undefined;
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0];
  const body = (await r.json()) as { csrfToken?: string };
  return { cookie, csrf: body.csrfToken ?? '' };
}

async function endpoints(base: string): Promise<Endpoint[]> {
  const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  const out: Endpoint[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops)) if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) out.push({ method, path });
  }
  return out;
}

/** Runs one probe while /healthz is asked one request at a time; the service's loop delay is measured around it. */
async function runProbe(svc: FuzzService, probe: Probe, sessions: Session[], timeoutMs: number): Promise<ProbeResult> {
  const run = probe.prepare(sessions);
  const m = await measure(svc, () => run((r) => send(svc.url(), r, Math.max(timeoutMs, 60_000))), timeoutMs);
  const last = m.answers[m.answers.length - 1];
  return {
    name: probe.name, status: last?.status ?? 0, ms: m.ms,
    requestBytes: m.answers.reduce((n, a) => n + a.requestBytes, 0), answerBytes: m.answers.reduce((n, a) => n + a.bytes, 0),
    loopDelay: m.loopDelay, healthz: m.healthz,
  };
}

export async function runFuzz(o: FuzzOptions): Promise<FuzzReport> {
  const log = o.log ?? (() => undefined);
  const svc = await startFuzzService();
  const started = performance.now();
  const report: FuzzReport = {
    sent: 0, seconds: 0, byStatus: {},
    serverErrors: { count: 0, samples: [] }, crashes: { count: 0, samples: [] }, hangs: { count: 0, samples: [] },
    connectionErrors: 0, clientRefused: 0, errorsOverBudget: { count: 0, samples: [] }, errorsLargerThanRequest: { count: 0, samples: [] },
    largestAnswer: { path: '', status: 0, requestBytes: 0, answerBytes: 0 },
    largestErrorRatio: { path: '', status: 0, requestBytes: 0, answerBytes: 0, ratio: 0 },
    nonJsonApiErrors: { count: 0, samples: [] }, nonJsonApiOther: { count: 0, samples: [] },
    slowest: [], peakRssBytes: 0, loopDelayRandomPhase: { p50: 0, p99: 0, max: 0, count: 0 }, probes: [],
  };
  try {
    const base = svc.url();
    const sessions = (await Promise.all(['indiener', 'beoordelaar', 'beheerder'].map((u) => login(base, u, o.timeoutMs)))).filter((s): s is Session => !!s);
    log(`service ${base}; ${sessions.length} staff sessions`);
    const eps = await endpoints(base);
    log(`${eps.length} operations in the OpenAPI document`);

    if (o.probes !== false) {
      for (const probe of PROBES) {
        const r = await runProbe(svc, probe, sessions, o.timeoutMs);
        report.probes.push(r);
        log(`probe ${r.name}: ${r.status} in ${r.ms} ms; loop delay p99 ${r.loopDelay.p99} ms (max ${r.loopDelay.max}, main-thread CPU max ${r.loopDelay.cpuMax ?? '-'}); /healthz max ${r.healthz.maxMs} ms over ${r.healthz.count}`);
      }
      report.worstProbe = [...report.probes].sort((a, b) => b.loopDelay.p99 - a.loopDelay.p99)[0];
    }

    if (o.worst !== false) {
      report.worst = await runWorst(svc, { ...o.worst, log: (l) => log(`worst: ${l}`) });
      log(`worst cases: ${report.worst.results.length} operations, ${report.worst.uncovered.length} uncovered, ${report.worst.serverErrors} 5xx, ${report.worst.crashes} crashes, ${report.worst.hangs} hangs`);
    }

    await svc.resetLoopDelay();
    const arb = requestArbitrary(eps, sessions);
    const deadline = started + o.seconds * 1000;
    let chunk = 0;
    let queue: FuzzRequest[] = [];
    const next = (): FuzzRequest | undefined => {
      if (report.sent >= o.count || performance.now() > deadline) return undefined;
      if (!queue.length) queue = fc.sample(arb, { seed: o.seed + chunk++, numRuns: 500 });
      report.sent++;
      return queue.pop();
    };
    const record = (r: FuzzRequest, a: FuzzAnswer) => {
      if (report.slowest.length < 10 || a.ms > report.slowest[report.slowest.length - 1].ms) {
        report.slowest.push({ label: r.label, path: `${r.method} ${r.path.slice(0, 120)}`, status: a.failure === 'timeout' ? 0 : a.status, ms: Math.round(a.ms) });
        report.slowest.sort((x, y) => y.ms - x.ms).splice(10);
      }
      if (a.failure === 'timeout') { report.hangs.count++; if (report.hangs.samples.length < 10) report.hangs.samples.push({ label: r.label, method: r.method, path: r.path.slice(0, 120) }); return; }
      if (a.failure === 'client') { report.clientRefused++; return; }
      if (a.failure === 'connection') { report.connectionErrors++; return; }
      report.byStatus[a.status] = (report.byStatus[a.status] ?? 0) + 1;
      if (a.status >= 500) {
        report.serverErrors.count++;
        if (report.serverErrors.samples.length < 20) report.serverErrors.samples.push({ label: r.label, method: r.method, path: r.path.slice(0, 120), status: a.status, head: a.head.slice(0, 300) });
      }
      if (a.bytes > report.largestAnswer.answerBytes) report.largestAnswer = { path: `${r.method} ${r.path.slice(0, 120)}`, status: a.status, requestBytes: a.requestBytes, answerBytes: a.bytes };
      if (a.status >= 400) {
        const ratio = a.bytes / Math.max(1, a.requestBytes);
        if (ratio > report.largestErrorRatio.ratio) report.largestErrorRatio = { path: `${r.method} ${r.path.slice(0, 120)}`, status: a.status, requestBytes: a.requestBytes, answerBytes: a.bytes, ratio: Math.round(ratio * 100) / 100 };
        const sample = { label: r.label, path: `${r.method} ${r.path.slice(0, 120)}`, status: a.status, requestBytes: a.requestBytes, answerBytes: a.bytes };
        for (const [list, over] of [[report.errorsLargerThanRequest, a.bytes > a.requestBytes], [report.errorsOverBudget, a.bytes > Math.max(a.requestBytes, 4096)]] as const) {
          if (!over) continue;
          list.count++;
          if (list.samples.length < 10) list.samples.push(sample);
        }
      }
      if (/^\/+api(\/|$|\?)/.test(r.path) && r.method !== 'HEAD' && a.status !== 204 && a.status !== 304 && !/json/.test(a.contentType)) {
        const list = a.status >= 400 ? report.nonJsonApiErrors : report.nonJsonApiOther;
        list.count++;
        if (list.samples.length < 10) list.samples.push({ path: `${r.method} ${r.path.slice(0, 120)}`, status: a.status, contentType: a.contentType });
      }
    };
    let lastLog = performance.now();
    const worker = async () => {
      for (let r = next(); r; r = next()) {
        const a = await send(svc.url(), r, o.timeoutMs);
        record(r, a);
        if (a.failure === 'connection' && svc.crashes().length) await svc.ready().catch(() => undefined);
        if (performance.now() - lastLog > 10_000) { lastLog = performance.now(); log(`${report.sent} sent, ${report.serverErrors.count} 5xx, ${svc.crashes().length} crashes, ${report.hangs.count} hangs`); }
      }
    };
    await Promise.all(Array.from({ length: o.concurrency }, worker));
    report.loopDelayRandomPhase = await svc.loopDelay();
  } finally {
    report.seconds = Math.round((performance.now() - started) / 100) / 10;
    report.crashes = { count: svc.crashes().length, samples: svc.crashes().slice(0, 5).map((c) => `exit ${c.code ?? c.signal}: ${c.stderr.slice(-300)}`) };
    report.peakRssBytes = svc.peakRss();
    await svc.stop();
    closeClient();
  }
  return report;
}
