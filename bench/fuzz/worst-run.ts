/**
 * The worst case of every operation (worst-inputs.ts), each sent alone and then
 * as two concurrent copies, while the service is measured (measure.ts): the
 * event-loop delay inside it, /healthz latency, answer size against request
 * size, and peak RSS. A 5xx, a crash, a hang or an uncovered operation fails.
 */
import { loadavg } from 'node:os';
import { send, type FuzzAnswer } from './http.js';
import { measure, type Measured } from './measure.js';
import type { Session } from './bodies.js';
import type { FuzzService } from './service.js';
import { largeFiles, bodyLimit, worstCases, type OpenApiDoc, type WorstCase } from './worst-inputs.js';

export interface WorstRun {
  statuses: number[];
  ms: number;
  loopP99Ms: number;
  loopMaxMs: number;
  /** The longest stretch of main-thread CPU between two 10 ms timer ticks (what the loop delay would be on an idle machine). */
  loopCpuMaxMs: number;
  healthzMaxMs: number;
  /** /healthz requests whose connection broke (not timed). */
  healthzFailures: number;
  requestBytes: number;
  /** The largest answer of the run. */
  answerBytes: number;
  peakRssBytes: number;
  crashes: number;
  hangs: number;
}

export interface WorstResult {
  op: string;
  how: WorstCase['how'];
  fills: string;
  alone: WorstRun;
  pair: WorstRun;
  /** The machine's 1-minute load average when the case ran: a shared machine's delays are not all the service's. */
  load: number;
}

export interface WorstReport {
  results: WorstResult[];
  uncovered: { op: string; why: string }[];
  serverErrors: number;
  crashes: number;
  hangs: number;
  /** Loop delay p99 over the target (100 ms) alone or in a pair: reported, not failing. */
  overLoopTarget: string[];
  ok: boolean;
}

export interface WorstOptions {
  /** Shrinks every size (0..1]; 1 = the documented limits. */
  scale?: number;
  /** Only these operations ("POST /api/v1/evaluate"); all when absent. The coverage check always sees all. */
  only?: string[];
  /** A request without an answer after this long is a hang (default 300 s: the impact budget is 120 s). */
  timeoutMs?: number;
  log?: (line: string) => void;
}

export const LOOP_TARGET_MS = 100;

async function login(base: string, username: string): Promise<Session> {
  const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: username }) });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
  return { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0], csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
}

function summary(m: Measured): WorstRun {
  return {
    statuses: m.answers.map((a) => (a.failure === 'timeout' ? 0 : a.status)), ms: m.ms,
    loopP99Ms: m.loopDelay.p99, loopMaxMs: m.loopDelay.max, loopCpuMaxMs: m.loopDelay.cpuMax ?? 0, healthzMaxMs: m.healthz.maxMs, healthzFailures: m.healthz.failures,
    requestBytes: Math.max(0, ...m.answers.map((a) => a.requestBytes)), answerBytes: Math.max(0, ...m.answers.map((a) => a.bytes)),
    peakRssBytes: m.peakRssBytes, crashes: m.crashes, hangs: m.answers.filter((a) => a.failure === 'timeout').length,
  };
}

export async function runWorst(svc: FuzzService, o: WorstOptions = {}): Promise<WorstReport> {
  const log = o.log ?? (() => undefined);
  const timeoutMs = o.timeoutMs ?? 300_000;
  const base = svc.url();
  const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as OpenApiDoc;
  const [indiener, beoordelaar, beheerder, spare] = [await login(base, 'indiener'), await login(base, 'beoordelaar'), await login(base, 'beheerder'), await login(base, 'indiener')];
  // A stored concept at the limits, which the operations on {id} use (and overlaps compare with).
  const files = largeFiles(bodyLimit('/api/v1/proposals'), 'opgeslagen', o.scale ?? 1);
  const stored = await send(base, { label: 'setup', method: 'POST', path: '/api/v1/proposals', headers: { cookie: indiener.cookie, 'x-csrf-token': indiener.csrf }, body: JSON.stringify({ title: 'Opgeslagen groot voorstel', rationale: 'fuzz', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', files }) }, timeoutMs);
  const proposalId = Number(/"id":(\d+)/.exec(stored.head)?.[1] ?? 1);
  log(`stored proposal ${proposalId} (${files.length} files at the YAML limit): ${stored.status} in ${Math.round(stored.ms)} ms`);

  const { cases, uncovered } = worstCases(doc, { sessions: { indiener, beoordelaar, beheerder, spare }, proposalId, scale: o.scale });
  const report: WorstReport = { results: [], uncovered, serverErrors: 0, crashes: 0, hangs: 0, overLoopTarget: [], ok: false };
  for (const u of uncovered) log(`UNCOVERED ${u.op}: ${u.why}`);
  for (const c of cases.filter((x) => !o.only || o.only.includes(x.op))) {
    const one = () => send(svc.url(), c.request, timeoutMs);
    const alone = summary(await measure(svc, async () => [await one()], timeoutMs));
    if (alone.crashes) await svc.ready().catch(() => undefined);
    const pair = summary(await measure(svc, () => Promise.all([one(), one()]), timeoutMs));
    if (pair.crashes) await svc.ready().catch(() => undefined);
    report.results.push({ op: c.op, how: c.how, fills: c.fills, alone, pair, load: Math.round(loadavg()[0] * 10) / 10 });
    for (const r of [alone, pair]) {
      report.serverErrors += r.statuses.filter((s) => s >= 500).length;
      report.crashes += r.crashes;
      report.hangs += r.hangs;
    }
    if (Math.max(alone.loopP99Ms, pair.loopP99Ms) > LOOP_TARGET_MS) report.overLoopTarget.push(c.op);
    log(`${c.op}: alone ${alone.statuses.join('/')} in ${alone.ms} ms, loop p99 ${alone.loopP99Ms} ms, /healthz max ${alone.healthzMaxMs} ms${alone.healthzFailures ? ` (${alone.healthzFailures} broken connections)` : ''}; pair ${pair.statuses.join('/')} loop p99 ${pair.loopP99Ms} ms`);
  }
  report.ok = !report.serverErrors && !report.crashes && !report.hangs && !report.uncovered.length;
  return report;
}

const kb = (b: number) => (b >= 1048576 ? `${(b / 1048576).toFixed(1)} MB` : `${Math.round(b / 1024)} KB`);

/** The report as a table (one line per operation). */
export function worstTable(r: WorstReport): string {
  const rows = [['operation', 'input', 'alone', 'ms', 'loop p99', 'loop max', 'loop cpu max', 'healthz max', 'request', 'answer', 'x', 'peak RSS', 'pair', 'pair loop p99', 'pair loop cpu max', 'pair healthz max', 'pair RSS', 'load']];
  for (const x of r.results) {
    const a = x.alone;
    const ratio = a.answerBytes / Math.max(1, a.requestBytes);
    rows.push([
      x.op, x.how, a.statuses.join('/'), String(a.ms), `${a.loopP99Ms}${a.loopP99Ms > LOOP_TARGET_MS ? '!' : ''}`, String(a.loopMaxMs), `${a.loopCpuMaxMs}${a.loopCpuMaxMs > LOOP_TARGET_MS ? '!' : ''}`, String(a.healthzMaxMs),
      kb(a.requestBytes), kb(a.answerBytes), ratio >= 10 ? `${ratio.toFixed(0)}!` : ratio.toFixed(2), kb(a.peakRssBytes),
      x.pair.statuses.join('/'), `${x.pair.loopP99Ms}${x.pair.loopP99Ms > LOOP_TARGET_MS ? '!' : ''}`, `${x.pair.loopCpuMaxMs}${x.pair.loopCpuMaxMs > LOOP_TARGET_MS ? '!' : ''}`, String(x.pair.healthzMaxMs), kb(x.pair.peakRssBytes), String(x.load),
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const out = [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)];
  out.push('', `operations ${r.results.length}, uncovered ${r.uncovered.length}${r.uncovered.length ? ` (${r.uncovered.map((u) => u.op).join(', ')})` : ''}; 5xx ${r.serverErrors}; crashes ${r.crashes}; hangs ${r.hangs}`);
  out.push(`loop delay p99 over ${LOOP_TARGET_MS} ms (target, marked !): ${r.overLoopTarget.length ? r.overLoopTarget.join(', ') : 'none'}; answer/request ratio >= 10 marked !`);
  return out.join('\n');
}
