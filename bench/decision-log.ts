/**
 * npm run bench:decision-log: evaluate throughput with the decision log on
 * against off, in the same run (target: on >= 90% of off).
 *  1. HTTP on loopback (autocannon, bounded): POST /api/v1/evaluate on two
 *     apps in this process, the same rules, one with the log on a real SQLite
 *     store in a temp dir; in alternating turns (off on, on off, ...) so the
 *     drift of a shared machine falls on both.
 *  2. In-process: the batch pool's evaluateOne with and without the log hook,
 *     interleaved, per wall-clock second and per second of this process's
 *     CPU time (which counts the log's writer thread too: the log's whole cost).
 * Every request is a different case of the generated corpus (seed 1).
 * BENCH_SECONDS (default 2) sets each turn; `--json` prints the figures as JSON.
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
import { loggedPool } from '../src/decision-log/hooks.js';
import { openDecisionLog } from '../src/decision-log/open.js';
import type { EvaluateRequest } from '../src/evaluate/evaluate.js';
import { loadProject } from '../src/project.js';
import { createApp } from '../src/server/app.js';
import { createBatchPool } from '../src/server/batch/pool.js';
import { createLogger } from '../src/server/logger.js';
import { createRegistryHolder } from '../src/server/registry-holder.js';
import { interleave } from './measure.js';

export interface DecisionLogFigures {
  http: { offPerSec: number; onPerSec: number; ratio: number; offPerCpuSec: number; onPerCpuSec: number; cpuRatio: number; errors: number };
  inProcess: { offPerSec: number; onPerSec: number; ratio: number; offPerCpuSec: number; onPerCpuSec: number; cpuRatio: number };
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

export async function benchDecisionLog(seconds = Number(process.env.BENCH_SECONDS ?? 2), rounds = 4): Promise<DecisionLogFigures> {
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
    const sum = { off: { n: 0, s: 0, cpu: 0 }, on: { n: 0, s: 0, cpu: 0 }, errors: 0 };
    const turn = async (side: 'off' | 'on') => {
      const cpu0 = process.cpuUsage();
      const r = await autocannon({ url: side === 'off' ? off.url : on.url, requests: bodies, connections: 16, duration: seconds, pipelining: 1 });
      const cpu = process.cpuUsage(cpu0);
      sum[side].n += r.requests.total;
      sum[side].s += seconds;
      sum[side].cpu += (cpu.user + cpu.system) / 1e6;
      sum.errors += r.errors + r.non2xx;
    };
    // Warm-up on both (the JIT's tiers: measured, a colder first contender loses 20-40% here), then turns.
    for (const url of [off.url, on.url, off.url, on.url]) await autocannon({ url, requests: bodies, connections: 16, duration: seconds, pipelining: 1 });
    for (let k = 0; k < rounds; k++) for (const side of k % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) await turn(side);
    // Per CPU-second of this process (server, client and the log's writer thread): steadier than the wall clock on a shared machine.
    const http = {
      offPerSec: Math.round(sum.off.n / sum.off.s), onPerSec: Math.round(sum.on.n / sum.on.s), ratio: 0,
      offPerCpuSec: Math.round(sum.off.n / sum.off.cpu), onPerCpuSec: Math.round(sum.on.n / sum.on.cpu), cpuRatio: 0, errors: sum.errors,
    };
    http.ratio = +(http.onPerSec / http.offPerSec).toFixed(3);
    http.cpuRatio = +(http.onPerCpuSec / http.offPerCpuSec).toFixed(3);

    // 2. In-process: the pool's evaluateOne, bare and with the log's hook.
    const bare = createBatchPool({ workers: 0 });
    const logged = loggedPool(bare, log);
    // evaluate() never leaves the microtask queue: both sides give the event loop a turn every 20 requests,
    // as a server does between requests, so the log's timer and flushes run inside the measurement.
    const turnEvery = 20;
    const yieldTurn = () => new Promise<void>((r) => setImmediate(r));
    let i = 0;
    let j = 0;
    const [a, b] = await interleave(2 * seconds * 1000, 4, [
      ['log off', async () => { for (let k = 0; k < turnEvery; k++) await bare.evaluateOne(registry, requests[i++ % requests.length], '2026-03-01'); await yieldTurn(); return turnEvery; }],
      ['log on', async () => { for (let k = 0; k < turnEvery; k++) await logged.evaluateOne(registry, requests[j++ % requests.length], '2026-03-01'); await yieldTurn(); return turnEvery; }],
    ]);
    const inProcess = {
      offPerSec: Math.round(a.opsPerSec), onPerSec: Math.round(b.opsPerSec), ratio: +(b.opsPerSec / a.opsPerSec).toFixed(3),
      offPerCpuSec: Math.round(a.opsPerCpuSec), onPerCpuSec: Math.round(b.opsPerCpuSec), cpuRatio: +(b.opsPerCpuSec / a.opsPerCpuSec).toFixed(3),
    };

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
  return [
    `  HTTP /api/v1/evaluate, 16 connections: log off ${f.http.offPerSec.toLocaleString('en')}/s, on ${f.http.onPerSec.toLocaleString('en')}/s = ${pct(f.http.ratio)} (target >= 90%)${f.http.errors ? `, ${f.http.errors} ERRORS` : ''}`,
    `    per CPU-second of this process (client, server, writer thread): ${f.http.offPerCpuSec.toLocaleString('en')} vs ${f.http.onPerCpuSec.toLocaleString('en')} = ${pct(f.http.cpuRatio)}`,
    `  in-process evaluateOne: log off ${f.inProcess.offPerSec.toLocaleString('en')}/s, on ${f.inProcess.onPerSec.toLocaleString('en')}/s = ${pct(f.inProcess.ratio)} (wall); per CPU-second (writer thread included) ${f.inProcess.offPerCpuSec.toLocaleString('en')} vs ${f.inProcess.onPerCpuSec.toLocaleString('en')} = ${pct(f.inProcess.cpuRatio)}`,
    `  log: ${f.log.written.toLocaleString('en')} decisions written, ${f.log.dropped} dropped, ${f.log.rows.toLocaleString('en')} rows in SQLite; load average ${f.load.before} before, ${f.load.after} after`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const f = await benchDecisionLog();
  console.log(process.argv.includes('--json') ? JSON.stringify(f, null, 2) : `Decision log on vs off (same run)\n${describeDecisionLog(f)}`);
  if (f.http.errors) process.exitCode = 1;
}
