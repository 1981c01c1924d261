/**
 * npm run bench: every figure is measured in this run, beside its baseline.
 *  1. in-process: hand-written json-rules-engine (JSONPath paths, and plain paths) vs our compiled evaluate vs a plain function;
 *  2. the peer: GoRules ZEN on the same decision, one at a time and many in flight;
 *  3. HTTP on loopback (autocannon, bounded): a bare Express JSON endpoint vs /api/v1/evaluate vs /api/v1/evaluate/batch.
 *  4. impact analysis of 100,000 and 1,000,000 generated cases (bench/impact.ts), each in its own process.
 * BENCH_SECONDS (default 2) sets each measurement's budget. `--no-million` (or BENCH_MILLION=0) skips the
 * million-case impact run (100,000 still runs); `--no-impact` (or BENCH_IMPACT=0) skips impact analysis.
 * A section name as the first argument (engine, peer, http, impact) runs only that section.
 * Writes the ratios to bench/results.json; a ratio whose section did not run is null.
 */
import autocannon from 'autocannon';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { evaluate } from '../src/evaluate/evaluate.js';
import { loadProject } from '../src/project.js';
import { createApp } from '../src/server/app.js';
import { createBatchPool } from '../src/server/batch/pool.js';
import { createLogger } from '../src/server/logger.js';
import { createRegistryHolder } from '../src/server/registry-holder.js';
import { declaratieFunction } from './baselines/hand-function.js';
import { rawEngine } from './baselines/raw-engine.js';
import { rap20Tables } from './baselines/tables.js';
import { zenDecision } from './baselines/zen.js';
import { answerOf, declaratieCases, type Answer } from './declaratie-cases.js';
import { describeImpact, impactRun, type ImpactFigures } from './impact.js';
import { interleave, measure, table, type Measured } from './measure.js';

const BUDGET = Number(process.env.BENCH_SECONDS ?? 2) * 1000;
const args = process.argv.slice(2);
const only = args.find((a) => !a.startsWith('--'));
const million = !args.includes('--no-million') && process.env.BENCH_MILLION !== '0';
const impact = !args.includes('--no-impact') && process.env.BENCH_IMPACT !== '0';
/** Turns per contender in the in-process sections (see interleave). */
const ROUNDS = 4;
const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));

/** The issue's figures (throughput ratios: ours / baseline, measured in this run) and the raw figures behind them. */
const results = {
  sequentialVsRawEngine: null as number | null,
  concurrentVsZen: null as number | null,
  httpVsBareExpress: null as number | null,
  batchVsSingle: null as number | null,
  impactMillionSeconds: null as number | null,
  impactMemoryRatio: null as number | null,
  details: {
    when: new Date().toISOString(),
    budgetSeconds: BUDGET / 1000,
    loadAverageAtStart: loadavg().map((x) => +x.toFixed(2)),
    cores: availableParallelism(),
    sequentialVsRawEngineCpu: null as number | null,
    httpVsBareExpressCpuMainThreadOnly: null as number | null,
    httpVsBareExpressWithWorkerWhenBusy: null as number | null,
    /** The evaluate route with its answer precomputed, vs bare Express: what the route costs apart from the engine. */
    httpRouteOnlyVsBareExpress: null as number | null,
    perSecond: {} as Record<string, number>,
    perCpuSecond: {} as Record<string, number>,
    impact: [] as ImpactFigures[],
    loadAverageAtEnd: [] as number[],
  },
};
const keep = (...ms: Measured[]) => {
  for (const m of ms) {
    results.details.perSecond[m.name] = Math.round(m.opsPerSec);
    results.details.perCpuSecond[m.name] = Math.round(m.opsPerCpuSec);
  }
};
const ratio = (x: number) => +x.toFixed(2);
const cases = declaratieCases(1000);
const tables = rap20Tables();
const project = loadProject();
const registry = project.registry;
const ours = async (f: (typeof cases)[number]): Promise<Answer> => {
  const r = await evaluate(registry, { protocol: 'RAP', decision: 'declaratie', facts: f });
  return answerOf(r);
};

const approvedShare = Math.round((100 * (await Promise.all(cases.map(ours))).filter((a) => a.outcome === 'goedgekeurd').length) / cases.length);

async function sameAnswers(name: string, run: (f: (typeof cases)[number]) => Promise<Answer> | Answer) {
  let differ = 0;
  for (const f of cases) {
    const a = JSON.stringify(await ours(f));
    const b = JSON.stringify(await run(f));
    if (a !== b) differ++;
  }
  console.log(`  answers of ${name} vs our evaluate on ${cases.length} cases: ${differ === 0 ? 'identical' : `${differ} DIFFER`}`);
  if (differ) process.exitCode = 1;
}

async function inProcess() {
  console.log(`\n1. In-process, RAP 2.0 declaratie (${registry.get('RAP', '2.0')!.decisions.get('declaratie')!.engineRules.length} rules), ${cases.length} cases (${approvedShare}% approved), ${BUDGET / 1000}s each`);
  console.log('  (the SAP signal rap.declaratie.binnen-declaratietermijn reads ingediendOp, which these cases leave out (it lands in `missing`); the baselines hold the other 22 rules)');
  const rawPath = rawEngine(tables, false);
  const rawPlain = rawEngine(tables, true);
  await sameAnswers('raw json-rules-engine', (f) => rawPath.run(f));
  await sameAnswers('the plain function', (f) => declaratieFunction(f, tables));
  let i = 0;
  const next = () => cases[i++ % cases.length];
  const [raw, plain, our] = await interleave(3 * BUDGET, ROUNDS, [
    ['raw json-rules-engine (JSONPath paths)', async () => { await rawPath.run(next()); return 1; }],
    ['raw json-rules-engine (plain pathResolver)', async () => { await rawPlain.run(next()); return 1; }],
    ['our compiled evaluate', async () => { await ours(next()); return 1; }],
  ]);
  const fn = await measure('hand-written function', BUDGET, () => { declaratieFunction(next(), tables); return 1; });
  console.log(table([raw, plain, our, fn], plain));
  keep(raw, plain, our, fn);
  results.sequentialVsRawEngine = ratio(our.opsPerSec / plain.opsPerSec);
  results.details.sequentialVsRawEngineCpu = ratio(our.opsPerCpuSec / plain.opsPerCpuSec);
  console.log(`  our evaluate = ${results.sequentialVsRawEngine}x the throughput of raw json-rules-engine with a plain pathResolver (per CPU second ${results.details.sequentialVsRawEngineCpu}x; target >= 2x)`);
}

async function peer() {
  console.log(`\n2. The peer: GoRules ZEN (JDM: expression node + collect decision table; its tables hold the 2025 rows only), ${BUDGET / 1000}s each`);
  const zen = zenDecision(tables);
  await sameAnswers('ZEN', (f) => zen.run(f));
  let i = 0;
  const next = () => cases[i++ % cases.length];
  // A batch spread over worker threads (in-process, no HTTP): the main thread takes one slice, each worker another.
  const workers = Math.max(1, availableParallelism() - 1);
  const pool = createBatchPool({ workers, minItems: 0, busyShare: 0.5 });
  const items = cases.map((facts) => ({ protocol: 'RAP', decision: 'declaratie', facts }));
  const [zenOne, zenMany, ourOne, ourMany, ourBatch, ourPooled] = await interleave(6 * BUDGET, ROUNDS, [
    ['ZEN, one at a time', async () => { await zen.run(next()); return 1; }],
    ['ZEN, 100 in flight', async () => { await Promise.all(Array.from({ length: 100 }, () => zen.run(next()))); return 100; }],
    ['our evaluate, one at a time', async () => { await ours(next()); return 1; }],
    ['our evaluate, 100 in flight', async () => { await Promise.all(Array.from({ length: 100 }, () => ours(next()))); return 100; }],
    [`our batch of 1000, + ${workers} worker thread(s)`, async () => { await pool.evaluate(registry, items, '2025-06-01'); return items.length; }],
    [`our single evaluates, 100 in flight, + ${workers} worker thread(s) when busy`, async () => { await Promise.all(Array.from({ length: 100 }, () => pool.evaluateOne(registry, items[i++ % items.length], '2025-06-01'))); return 100; }],
  ]);
  await pool.close();
  console.log(table([zenOne, zenMany, ourOne, ourMany, ourBatch, ourPooled], zenMany));
  keep(zenOne, zenMany, ourOne, ourMany, ourBatch, ourPooled);
  results.concurrentVsZen = ratio(Math.max(ourMany.opsPerSec, ourBatch.opsPerSec, ourPooled.opsPerSec) / zenMany.opsPerSec);
  console.log(`  best of ours concurrent (100 in flight, the batch with workers, or 100 singles through the pool) = ${results.concurrentVsZen}x ZEN with 100 in flight (target >= 1.0x)`);
}

async function listen(app: express.Express): Promise<{ url: string; close(): void }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

/** The client runs in this process too, so `cpuPerSec` (requests per second of this process's CPU time: client, server and any workers) is what an idle machine would give where one thread is the limit. */
async function cannon(url: string, body: string, seconds: number, connections = 16) {
  const cpu0 = process.cpuUsage();
  const r = await autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections, duration: seconds, pipelining: 1 });
  const cpu = process.cpuUsage(cpu0);
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.non2xx, cpuPerSec: r.requests.total / Math.max((cpu.user + cpu.system) / 1e6, 1e-6) };
}

async function http() {
  const seconds = Math.max(2, BUDGET / 1000);
  console.log(`\n3. HTTP on loopback, autocannon, 16 connections, ${seconds}s each (client and server share the 2 cores)`);
  const bare = express();
  bare.use(express.json());
  bare.post('/echo', (req, res) => { res.json({ outcome: 'goedgekeurd', n: Object.keys(req.body).length }); });
  const b = await listen(bare);
  const holder = createRegistryHolder(registry);
  const app = await listen(createApp({ holder, logger: createLogger('silent') }));
  const workers = Math.max(1, availableParallelism() - 1);
  // Always split batches here, and send singles to the worker while the main thread is busy, to see whether either pays.
  const pool = createBatchPool({ workers, minItems: 0, busyShare: 0.5 });
  const pooled = await listen(createApp({ holder, logger: createLogger('silent'), batchPool: pool }));
  const one = JSON.stringify({ protocol: 'RAP', decision: 'declaratie', facts: cases[0] });
  // A measuring instrument, not a contender: the same app whose pool hands back this request's answer computed
  // once, so the route's own cost (body, checks, access log, metrics, writing the answer) shows apart from the engine's.
  const mainOnly = createBatchPool({ workers: 0 });
  const answer = await evaluate(registry, JSON.parse(one));
  const routeOnly = await listen(createApp({ holder, logger: createLogger('silent'), batchPool: { ...mainOnly, workers: 0, evaluateOne: async () => answer } }));
  const batch = (n: number) => JSON.stringify({ requests: Array.from({ length: n }, (_, i) => ({ protocol: 'RAP', decision: 'declaratie', facts: cases[i % cases.length] })) });
  // The single-request endpoints take turns (ROUNDS turns each, at least 1 s), so load drifting on a shared machine hits all four alike.
  // The third sends single requests to a worker while the main thread is busy (BatchPool busyShare 0.5; the service leaves it off).
  // The fourth is the route alone (answer precomputed), to tell the route's cost from the engine's.
  const turn = Math.max(1, Math.round(seconds / 2));
  // Warm up the client and both servers (JIT) before the turns that count.
  const endpoints = [`${b.url}/echo`, `${app.url}/api/v1/evaluate`, `${pooled.url}/api/v1/evaluate`, `${routeOnly.url}/api/v1/evaluate`];
  for (const url of endpoints) await cannon(url, one, 1);
  const sum = endpoints.map(() => ({ rps: 0, p99: 0, errors: 0, cpuPerSec: 0 }));
  for (let k = 0; k < 2; k++) {
    for (const [j, url] of endpoints.entries()) {
      const r = await cannon(url, one, turn);
      sum[j].rps += r.rps / 2;
      sum[j].cpuPerSec += r.cpuPerSec / 2;
      sum[j].p99 = Math.max(sum[j].p99, r.p99);
      sum[j].errors += r.errors;
    }
  }
  const [rb, rs0, rs, rr] = sum;
  const runs: [string, number, { rps: number; p99: number; errors: number }][] = [];
  for (const [size, conns] of [[100, 16], [1000, 4]] as const) {
    const body = batch(size);
    runs.push([`batch of ${size}, main thread only`, size, await cannon(`${app.url}/api/v1/evaluate/batch`, body, seconds, conns)]);
    runs.push([`batch of ${size}, + ${workers} worker thread(s)`, size, await cannon(`${pooled.url}/api/v1/evaluate/batch`, body, seconds, conns)]);
  }
  b.close();
  app.close();
  pooled.close();
  routeOnly.close();
  await pool.close();
  const line = (name: string, evals: number, p99: number, errors: number) => `  ${name.padEnd(44)} ${Math.round(evals).toLocaleString('en').padStart(10)} evaluations/s   p99 ${p99} ms   errors ${errors}`;
  console.log(line('bare Express JSON endpoint', rb.rps, rb.p99, rb.errors));
  console.log(line('/api/v1/evaluate, main thread only', rs0.rps, rs0.p99, rs0.errors));
  console.log(line(`/api/v1/evaluate, + ${workers} worker(s) when busy`, rs.rps, rs.p99, rs.errors));
  console.log(line('/api/v1/evaluate, answer precomputed (route only)', rr.rps, rr.p99, rr.errors));
  for (const [name, size, r] of runs) console.log(line(`/api/v1/evaluate/batch, ${name}`.replace('/api/v1/evaluate/batch, ', 'batch: ').replace('batch: batch', 'batch'), r.rps * size, r.p99, r.errors));
  const best = Math.max(...runs.map(([, size, r]) => r.rps * size));
  results.details.perSecond['HTTP bare Express'] = Math.round(rb.rps);
  results.details.perSecond['HTTP /api/v1/evaluate, main thread only'] = Math.round(rs0.rps);
  results.details.perSecond['HTTP /api/v1/evaluate, with workers'] = Math.round(rs.rps);
  for (const [name, size, r] of runs) results.details.perSecond[`HTTP ${name}`] = Math.round(r.rps * size);
  results.httpVsBareExpress = ratio(rs0.rps / rb.rps);
  results.details.httpVsBareExpressWithWorkerWhenBusy = ratio(rs.rps / rb.rps);
  results.details.httpVsBareExpressCpuMainThreadOnly = ratio(rs0.cpuPerSec / rb.cpuPerSec);
  results.details.httpRouteOnlyVsBareExpress = ratio(rr.rps / rb.rps);
  results.details.perSecond['HTTP /api/v1/evaluate, answer precomputed (route only)'] = Math.round(rr.rps);
  results.batchVsSingle = ratio(best / rs0.rps);
  console.log(`  single evaluate as the service runs it (main thread) = ${((rs0.rps / rb.rps) * 100).toFixed(0)}% of the bare endpoint's requests/s (target >= 70%); with singles sent to a worker when busy ${((rs.rps / rb.rps) * 100).toFixed(0)}%`);
  console.log(`  the route alone (answer precomputed) = ${((rr.rps / rb.rps) * 100).toFixed(0)}% of the bare endpoint: per request ${Math.round(1e6 / rr.rps - 1e6 / rb.rps)} µs of route and ${Math.round(1e6 / rs0.rps - 1e6 / rr.rps)} µs of evaluation over bare (client and server share the thread)`);
  console.log(`  per CPU second of this process (client + server), main thread only: ${Math.round(rs0.cpuPerSec)} vs bare ${Math.round(rb.cpuPerSec)} requests = ${((rs0.cpuPerSec / rb.cpuPerSec) * 100).toFixed(0)}% (what one idle core would give)`);
  console.log(`  best batch = ${(best / rs0.rps).toFixed(1)}x single evaluate's evaluations/s`);
}

function impactSection() {
  const sizes = million ? [100_000, 1_000_000] : [100_000];
  console.log(`\n4. Impact analysis (bench/impact.ts): ${sizes.map((n) => n.toLocaleString('en')).join(' and ')} generated cases x 2 versions, each in its own process`);
  const figures = sizes.map((n) => {
    const r = impactRun(n);
    console.log(describeImpact(r));
    return r;
  });
  results.details.impact = figures;
  if (figures.length === 2) {
    results.impactMillionSeconds = +figures[1].seconds.toFixed(1);
    results.impactMemoryRatio = ratio(figures[1].peakMiB / figures[0].peakMiB);
    console.log(`  1M in ${results.impactMillionSeconds} s (target <= 120 s), peak memory 1M / 100k = ${results.impactMemoryRatio} (target <= 1.1)`);
  } else console.log('  (million-case run skipped: --no-million / BENCH_MILLION=0)');
}

if (!only || only === 'engine') await inProcess();
if (!only || only === 'peer') await peer();
if (!only || only === 'http') await http();
if ((!only && impact) || only === 'impact') impactSection();
results.details.loadAverageAtEnd = loadavg().map((x) => +x.toFixed(2));
writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');
const { details: _d, ...figures } = results;
console.log(`\nbench/results.json: ${JSON.stringify(figures)} (load average ${results.details.loadAverageAtStart.join(' ')} at start, ${results.details.loadAverageAtEnd.join(' ')} at end, ${results.details.cores} cores)`);
