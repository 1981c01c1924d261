/**
 * npm run bench: every figure is measured in this run, beside its baseline.
 *  1. in-process: hand-written json-rules-engine (JSONPath paths, and plain paths) vs our compiled evaluate vs a plain function;
 *  2. the peer: GoRules ZEN on the same decision, one at a time and many in flight;
 *  3. HTTP on loopback (autocannon, bounded): a bare Express JSON endpoint vs /api/v1/evaluate vs /api/v1/evaluate/batch.
 * BENCH_SECONDS (default 2) sets each measurement's budget.
 */
import autocannon from 'autocannon';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
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
import { measure, table } from './measure.js';

const BUDGET = Number(process.env.BENCH_SECONDS ?? 2) * 1000;
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
  console.log('  (the SAP signal rap.declaratie.binnen-declaratietermijn reads ingediendOp, which these cases leave out; the baselines hold the other 18)');
  const rawPath = rawEngine(tables, false);
  const rawPlain = rawEngine(tables, true);
  await sameAnswers('raw json-rules-engine', (f) => rawPath.run(f));
  await sameAnswers('the plain function', (f) => declaratieFunction(f, tables));
  let i = 0;
  const next = () => cases[i++ % cases.length];
  const raw = await measure('raw json-rules-engine (JSONPath paths)', BUDGET, async () => { await rawPath.run(next()); return 1; });
  const plain = await measure('raw json-rules-engine (plain pathResolver)', BUDGET, async () => { await rawPlain.run(next()); return 1; });
  const our = await measure('our compiled evaluate', BUDGET, async () => { await ours(next()); return 1; });
  const fn = await measure('hand-written function', BUDGET, () => { declaratieFunction(next(), tables); return 1; });
  console.log(table([raw, plain, our, fn], raw));
  console.log(`  our evaluate costs ${(raw.opsPerSec / our.opsPerSec).toFixed(2)}x raw json-rules-engine with paths, ${(plain.opsPerSec / our.opsPerSec).toFixed(2)}x with a plain pathResolver (target <= 1.5x)`);
}

async function peer() {
  console.log(`\n2. The peer: GoRules ZEN (JDM: expression node + collect decision table; its tables hold the 2025 rows only), ${BUDGET / 1000}s each`);
  const zen = zenDecision(tables);
  await sameAnswers('ZEN', (f) => zen.run(f));
  let i = 0;
  const next = () => cases[i++ % cases.length];
  const zenOne = await measure('ZEN, one at a time', BUDGET, async () => { await zen.run(next()); return 1; });
  const zenMany = await measure('ZEN, 100 in flight', BUDGET, async () => { await Promise.all(Array.from({ length: 100 }, () => zen.run(next()))); return 100; });
  const ourOne = await measure('our evaluate, one at a time', BUDGET, async () => { await ours(next()); return 1; });
  const ourMany = await measure('our evaluate, 100 in flight', BUDGET, async () => { await Promise.all(Array.from({ length: 100 }, () => ours(next()))); return 100; });
  console.log(table([zenOne, zenMany, ourOne, ourMany], zenOne));
}

async function listen(app: express.Express): Promise<{ url: string; close(): void }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

async function cannon(url: string, body: string, seconds: number, connections = 16) {
  const r = await autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections, duration: seconds, pipelining: 1 });
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.non2xx };
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
  const pool = createBatchPool({ workers, minItems: 0 }); // always split here, to see whether it pays
  const pooled = await listen(createApp({ holder, logger: createLogger('silent'), batchPool: pool }));
  const one = JSON.stringify({ protocol: 'RAP', decision: 'declaratie', facts: cases[0] });
  const batch = (n: number) => JSON.stringify({ requests: Array.from({ length: n }, (_, i) => ({ protocol: 'RAP', decision: 'declaratie', facts: cases[i % cases.length] })) });
  const rb = await cannon(`${b.url}/echo`, one, seconds);
  const rs = await cannon(`${app.url}/api/v1/evaluate`, one, seconds);
  const runs: [string, number, { rps: number; p99: number; errors: number }][] = [];
  for (const [size, conns] of [[100, 16], [1000, 4]] as const) {
    const body = batch(size);
    runs.push([`batch of ${size}, main thread only`, size, await cannon(`${app.url}/api/v1/evaluate/batch`, body, seconds, conns)]);
    runs.push([`batch of ${size}, + ${workers} worker thread(s)`, size, await cannon(`${pooled.url}/api/v1/evaluate/batch`, body, seconds, conns)]);
  }
  b.close();
  app.close();
  pooled.close();
  await pool.close();
  const line = (name: string, evals: number, p99: number, errors: number) => `  ${name.padEnd(44)} ${Math.round(evals).toLocaleString('en').padStart(10)} evaluations/s   p99 ${p99} ms   errors ${errors}`;
  console.log(line('bare Express JSON endpoint', rb.rps, rb.p99, rb.errors));
  console.log(line('/api/v1/evaluate', rs.rps, rs.p99, rs.errors));
  for (const [name, size, r] of runs) console.log(line(`/api/v1/evaluate/batch, ${name}`.replace('/api/v1/evaluate/batch, ', 'batch: ').replace('batch: batch', 'batch'), r.rps * size, r.p99, r.errors));
  const best = Math.max(...runs.map(([, size, r]) => r.rps * size));
  console.log(`  single evaluate = ${((rs.rps / rb.rps) * 100).toFixed(0)}% of the bare endpoint's requests/s (target >= 40%)`);
  console.log(`  best batch = ${(best / rs.rps).toFixed(1)}x single evaluate's evaluations/s (target >= 3x)`);
}

const only = process.argv[2];
if (!only || only === 'engine') await inProcess();
if (!only || only === 'peer') await peer();
if (!only || only === 'http') await http();
