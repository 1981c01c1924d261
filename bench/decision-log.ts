/**
 * npm run bench:decision-log: evaluate throughput with the decision log on
 * against off, in the same run (target: on >= 90% of off).
 *  1. HTTP on loopback (autocannon, bounded): POST /api/v1/evaluate on two
 *     apps in this process, the same rules, one with the log on a real SQLite
 *     store in a temp dir; in alternating turns (off on, on off, ...) so the
 *     drift of a shared machine falls on both.
 *  2. In-process: the batch pool's evaluateOne with and without the log hook,
 *     in alternating turns.
 * Both report answers per wall-clock second; per second of this process's CPU
 * time, read once the log has written the turn's answers (the log's writer
 * thread counted: the log's whole cost); and the main thread's CPU per answer
 * (the cost on the thread that answers).
 * Every request is a different case of the generated corpus (seed 1).
 * BENCH_SECONDS (default 1) sets each turn (8 pairs of turns each); `--json` prints the figures as JSON.
 * `benchDecisionLog()` returns the figures for `npm run bench`.
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type express from 'express';
import { openSqliteStore } from '../src/amend/store/sqlite-store.js';
import { generateCorpus } from '../src/corpus/generate.js';
import { loggedPool } from '../src/server/batch/logged-pool.js';
import { openDecisionLog } from '../src/decision-log/open.js';
import type { EvaluateRequest } from '../src/evaluate/evaluate.js';
import { loadProject } from '../src/evaluate/project.js';
import { createApp } from '../src/server/app.js';
import { createBatchPool } from '../src/server/batch/pool.js';
import { createLogger } from '../src/server/logger.js';
import { createRegistryHolder } from '../src/server/registry-holder.js';

/** Log off against on: per wall second, per CPU second of the process, and the main thread's CPU per answer. */
export interface Sides {
  offPerSec: number; onPerSec: number; ratio: number;
  offPerCpuSec: number; onPerCpuSec: number; cpuRatio: number;
  /** CPU µs of the main thread (the one answering) per answer; mainRatio = off / on. */
  offMainMicros: number; onMainMicros: number; mainRatio: number;
  /** Pairs of adjacent turns the ratios are the median of. */
  pairs: number;
}

export interface DecisionLogFigures {
  http: Sides & { errors: number };
  inProcess: Sides;
  log: { written: number; dropped: number; rows: number };
  /** The machine's 1-minute load average before and after (2 cores shared: above 2, other programs take turns). */
  load: { before: number; after: number };
}

async function listen(app: express.Express) {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/v1/evaluate`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** One side's sums over its turns: answers, wall seconds, CPU seconds of the process and of the main thread. */
interface Turn { n: number; s: number; cpu: number; main: number }
interface Tally extends Turn { turns: Turn[] }
const tally = (): Tally => ({ n: 0, s: 0, cpu: 0, main: 0, turns: [] });
const cpuSeconds = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;
/** This thread's CPU time (Node.js 23.9+; not yet in the project's @types/node). */
const threadCpuUsage = (prev?: NodeJS.CpuUsage): NodeJS.CpuUsage =>
  (process as NodeJS.Process & { threadCpuUsage(prev?: NodeJS.CpuUsage): NodeJS.CpuUsage }).threadCpuUsage(prev);

/**
 * One measured turn of `work` (returns the answers given). The main thread's CPU (answering, and the
 * log's capture) is read when the work ends; the process's CPU (main thread, the log's writer thread,
 * GC threads) once the log has written this turn's answers, so the on side pays for all of its log's work.
 */
async function measuredTurn(t: Tally, wallSeconds: number, work: (begin: () => void) => Promise<number>, written?: () => Promise<void>) {
  let cpu0 = process.cpuUsage();
  let main0 = threadCpuUsage();
  // The work may set the start later (autocannon: once its clients are built, which takes it longer than a turn).
  const begin = () => {
    cpu0 = process.cpuUsage();
    main0 = threadCpuUsage();
  };
  const n = await work(begin);
  const main = cpuSeconds(threadCpuUsage(main0));
  await written?.();
  const turn = { n, s: wallSeconds, cpu: cpuSeconds(process.cpuUsage(cpu0)), main };
  t.turns.push(turn);
  t.n += n;
  t.s += wallSeconds;
  t.cpu += turn.cpu;
  t.main += turn.main;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Off against on. The ratios are the median over the pairs of adjacent turns (off then on, or on then
 * off): a burst of other programs on the shared machine falls on one pair, not on the whole figure.
 * The rates are over all turns.
 */
function figures(off: Tally, on: Tally): Sides {
  const pairs = off.turns.map((a, k) => [a, on.turns[k]] as const);
  const r = (f: (a: Turn, b: Turn) => number) => +median(pairs.map(([a, b]) => f(a, b))).toFixed(3);
  return {
    offPerSec: Math.round(off.n / off.s), onPerSec: Math.round(on.n / on.s),
    offPerCpuSec: Math.round(off.n / off.cpu), onPerCpuSec: Math.round(on.n / on.cpu),
    offMainMicros: +((1e6 * off.main) / off.n).toFixed(1), onMainMicros: +((1e6 * on.main) / on.n).toFixed(1),
    ratio: r((a, b) => b.n / b.s / (a.n / a.s)),
    cpuRatio: r((a, b) => b.n / b.cpu / (a.n / a.cpu)),
    mainRatio: r((a, b) => (a.main / a.n) / (b.main / b.n)),
    pairs: pairs.length,
  };
}

export async function benchDecisionLog(seconds = Number(process.env.BENCH_SECONDS ?? 1), rounds = 8): Promise<DecisionLogFigures> {
  const loadBefore = +loadavg()[0].toFixed(2);
  const registry = loadProject().registry;
  const requests: EvaluateRequest[] = [...generateCorpus(registry, 1, 2000)].map(({ protocol, decision, facts, date }) => ({ protocol, decision, facts, ...(date ? { date } : {}) }));
  const dir = mkdtempSync(join(tmpdir(), 'bench-decision-log-'));
  const store = await openSqliteStore(join(dir, 'procedure.sqlite'));
  const log = (await openDecisionLog({ store, dataDir: dir, env: {} }))!;
  const holder = createRegistryHolder(registry);
  const off = await listen(createApp({ holder, logger: createLogger('silent') }));
  const on = await listen(createApp({ holder, logger: createLogger('silent'), decisionLog: log }));
  try {
    // 1. HTTP: turns of `seconds`, alternating which side goes first.
    const bodies = requests.map((r) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(r) }));
    const sum = { off: tally(), on: tally(), errors: 0 };
    const turn = (side: 'off' | 'on') => measuredTurn(sum[side], seconds, async (begin) => {
      const cannon = autocannon({ url: side === 'off' ? off.url : on.url, requests: bodies, connections: 16, duration: seconds, pipelining: 1 });
      cannon.once('start', begin);
      const r = await cannon;
      sum.errors += r.errors + r.non2xx;
      return r.requests.total;
    }, side === 'on' ? () => log.flush() : undefined);
    // Warm-up on both (the JIT's tiers: measured, a colder first contender loses 20-40% here), then turns.
    for (const url of [off.url, on.url, off.url, on.url]) await autocannon({ url, requests: bodies, connections: 16, duration: 2 * seconds, pipelining: 1 });
    await log.flush();
    for (let k = 0; k < rounds; k++) for (const side of k % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) await turn(side);
    const http = { ...figures(sum.off, sum.on), errors: sum.errors };

    // 2. In-process: the pool's evaluateOne, bare and with the log's hook, in alternating turns.
    const bare = createBatchPool({ workers: 0 });
    const logged = loggedPool(bare, log);
    // evaluate() never leaves the microtask queue: both sides give the event loop a turn every 20 requests,
    // as a server does between requests, so the log's timer and hand-overs run inside the measurement.
    const turnEvery = 20;
    const yieldTurn = () => new Promise<void>((r) => setImmediate(r));
    let next = 0;
    const run = async (pool: typeof bare, ms: number) => {
      let n = 0;
      const end = performance.now() + ms;
      while (performance.now() < end) {
        for (let k = 0; k < turnEvery; k++) await pool.evaluateOne(registry, requests[next++ % requests.length], '2026-03-01');
        await yieldTurn();
        n += turnEvery;
      }
      return n;
    };
    const inSum = { off: tally(), on: tally() };
    const turnMs = seconds * 1000;
    await run(bare, turnMs);
    await run(logged, turnMs);
    await log.flush();
    for (let k = 0; k < rounds; k++) {
      for (const side of k % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
        await measuredTurn(inSum[side], turnMs / 1000, () => run(side === 'on' ? logged : bare, turnMs), side === 'on' ? () => log.flush() : undefined);
      }
    }
    const inProcess = figures(inSum.off, inSum.on);

    await log.flush();
    const stats = log.stats();
    const rows = (await store.decisions.replay({}, 0, 10_000_000)).length;
    return { http, inProcess, log: { written: stats.written, dropped: stats.dropped, rows }, load: { before: loadBefore, after: +loadavg()[0].toFixed(2) } };
  } finally {
    await off.close();
    await on.close();
    await log.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function describeDecisionLog(f: DecisionLogFigures): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const n = (x: number) => x.toLocaleString('en');
  const sides = (x: Sides) => [
    `per CPU-second of this process (main thread, the log's writer thread, GC): ${n(x.offPerCpuSec)} vs ${n(x.onPerCpuSec)} = ${pct(x.cpuRatio)}`,
    `main thread's CPU per answer (answering, and the log's capture): ${x.offMainMicros} vs ${x.onMainMicros} µs = ${pct(x.mainRatio)}`,
  ];
  return [
    `  HTTP /api/v1/evaluate, 16 connections: log off ${n(f.http.offPerSec)}/s, on ${n(f.http.onPerSec)}/s = ${pct(f.http.ratio)} (target >= 90%)${f.http.errors ? `, ${f.http.errors} ERRORS` : ''}`,
    ...sides(f.http).map((l) => `    ${l}`),
    `  in-process evaluateOne: log off ${n(f.inProcess.offPerSec)}/s, on ${n(f.inProcess.onPerSec)}/s = ${pct(f.inProcess.ratio)} (wall)`,
    ...sides(f.inProcess).map((l) => `    ${l}`),
    `  (ratios: the median over ${f.http.pairs} pairs of adjacent turns; rates: over all turns)`,
    `  log: ${n(f.log.written)} decisions written, ${f.log.dropped} dropped, ${n(f.log.rows)} rows in SQLite; load average ${f.load.before} before, ${f.load.after} after (2 cores)`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const f = await benchDecisionLog();
  console.log(process.argv.includes('--json') ? JSON.stringify(f, null, 2) : `Decision log on vs off (same run)\n${describeDecisionLog(f)}`);
  if (f.http.errors) process.exitCode = 1;
}
