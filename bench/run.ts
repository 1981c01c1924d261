/**
 * npm run bench: every figure is measured in this run, beside its baseline, and every answer of every
 * contender and mode is compared with our evaluate's before any figure is written.
 *  1. in-process, one at a time: competent raw json-rules-engine (engine built once, derived values
 *     computed once in plain code, flat facts) vs our evaluate (fast path) vs our evaluate with
 *     json-rules-engine deciding every condition (fastPath: false) vs a hand-written function;
 *  2. the peer: GoRules ZEN as its docs advise (ZenDecisionContent, tables inside the graph), mode by
 *     mode against ours: one at a time, and 100 in flight;
 *  3. HTTP on loopback, three processes (our service, a floor that reads the same body and writes the
 *     same answer bytes, the autocannon client), bodies cycled over the 1,000 cases, 1 and 16 connections;
 *  4. partitions: how many a generated corpus makes, and the speed past the cap;
 *  5. the decision log: HTTP evaluate with the log on against off (bench/decision-log.ts);
 *  6. impact analysis of 100,000 and 1,000,000 generated cases (bench/impact.ts), each in its own
 *     process, corpus generation included in the time.
 * BENCH_SECONDS (default 2) sets each measurement's budget. `--no-million` (or BENCH_MILLION=0) skips the
 * million-case impact run (100,000 still runs); `--no-impact` (or BENCH_IMPACT=0) skips impact analysis.
 * A section name as the first argument (engine, peer, http, partitions, decision-log, impact) runs only that section.
 * Any answer that differs stops the bench before bench/results.json is written (exit code 1).
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from '../src/corpus/generate.js';
import { evaluate, todayIso } from '../src/evaluate/evaluate.js';
import { keptPartitions, setPartitionCap } from '../src/evaluate/partition.js';
import { loadProject } from '../src/evaluate/project.js';
import { createBatchPool } from '../src/server/batch/pool.js';
import { competentEngine } from './baselines/competent-engine.js';
import { declaratieFunction } from './baselines/hand-function.js';
import { rap20Tables } from './baselines/tables.js';
import { zenDecision } from './baselines/zen.js';
import { answerOf, declaratieCases, type Answer, type Facts } from './declaratie-cases.js';
import { httpSection } from './http/section.js';
import { describeImpact, impactRun, type ImpactFigures } from './impact.js';
import { benchDecisionLog, describeDecisionLog } from './decision-log.js';
import { interleave, measure, table, type Measured } from './measure.js';

const BUDGET = Number(process.env.BENCH_SECONDS ?? 2) * 1000;
const args = process.argv.slice(2);
const only = args.find((a) => !a.startsWith('--'));
const million = !args.includes('--no-million') && process.env.BENCH_MILLION !== '0';
const impact = !args.includes('--no-impact') && process.env.BENCH_IMPACT !== '0';
/** Turns per contender in the in-process sections (see interleave). */
const ROUNDS = 4;
const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));
const load = () => loadavg().map((x) => +x.toFixed(2));

/** The issue's figures (throughput ratios: ours / baseline, wall clock, measured in this run) and the figures behind them. */
const results = {
  sequentialVsCompetentRawEngine: null as number | null,
  engineDecidesVsCompetentRawEngine: null as number | null,
  concurrentVsZen: null as number | null,
  httpVsFairFloor: null as number | null,
  answersCompared: 0,
  answerMismatches: 0,
  /** HTTP evaluate requests/s with the decision log on, over off (same run; target >= 0.9). */
  decisionLogOnVsOff: null as number | null,
  impactMillionSeconds: null as number | null,
  impactMemoryRatio: null as number | null,
  details: {
    when: new Date().toISOString(),
    budgetSeconds: BUDGET / 1000,
    cores: availableParallelism(),
    /** Load average (1, 5, 15 min) when each section started, and at the end: the machine is shared. */
    loadAverage: {} as Record<string, number[]>,
    /** Ratios per CPU second of this process (one thread for ours; ZEN's own threads count too). */
    perCpu: {} as Record<string, number>,
    /** Every mode against its counterpart, wall clock. */
    modes: {} as Record<string, number>,
    http: null as unknown,
    partitions: null as unknown,
    answersByContender: {} as Record<string, number>,
    perSecond: {} as Record<string, number>,
    perCpuSecond: {} as Record<string, number>,
    impact: [] as ImpactFigures[],
  },
};
const keep = (...ms: Measured[]) => {
  for (const m of ms) {
    results.details.perSecond[m.name] = Math.round(m.opsPerSec);
    results.details.perCpuSecond[m.name] = Math.round(m.opsPerCpuSec);
  }
};
const ratio = (x: number) => +x.toFixed(2);
/**
 * A headline ratio: the lower of the wall-clock ratio and the CPU-time ratio of the same two
 * measurements. On a shared machine either can swing with the load; the lower one cannot flatter us.
 */
const headline = (ours: Measured, base: Measured) => ratio(Math.min(ours.opsPerSec / base.opsPerSec, ours.opsPerCpuSec / base.opsPerCpuSec));
const section = (name: string) => (results.details.loadAverage[name] = load());
const cases = declaratieCases(1000);
const tables = rap20Tables();
const project = loadProject();
const registry = project.registry;
const request = (facts: Facts) => ({ protocol: 'RAP', decision: 'declaratie', facts });
const ours = async (f: Facts) => answerOf(await evaluate(registry, request(f)));
const engineDecides = async (f: Facts) => answerOf(await evaluate(registry, request(f), { fastPath: false }));

/** Our evaluate's answer to each case (fast path, one at a time): what every contender and mode is compared with. */
const reference: string[] = [];
for (const f of cases) reference.push(JSON.stringify(await ours(f)));
const approvedShare = Math.round((100 * reference.filter((a) => (JSON.parse(a) as Answer).outcome === 'goedgekeurd').length) / cases.length);

/** Compares a contender's answers (outcome, codes, rule ids, amounts) with the reference, case by case. */
function compare(name: string, answers: Answer[]) {
  let differ = 0;
  answers.forEach((a, i) => {
    if (JSON.stringify(a) !== reference[i]) {
      if (differ++ < 3) console.log(`  ${name}, case ${i}: ${JSON.stringify(a)} but our evaluate: ${reference[i]}`);
    }
  });
  results.answersCompared += answers.length;
  results.answerMismatches += differ;
  results.details.answersByContender[name] = answers.length;
  console.log(`  answers of ${name} on ${answers.length} cases: ${differ === 0 ? 'identical' : `${differ} DIFFER`}`);
}
const oneAtATime = async (run: (f: Facts) => Promise<Answer> | Answer) => {
  const out: Answer[] = [];
  for (const f of cases) out.push(await run(f));
  return out;
};
const inFlight = async (n: number, run: (f: Facts) => Promise<Answer>) => {
  const out: Answer[] = [];
  for (let i = 0; i < cases.length; i += n) out.push(...(await Promise.all(cases.slice(i, i + n).map(run))));
  return out;
};

async function inProcess() {
  section('engine');
  console.log(`\n1. In-process, one at a time, RAP 2.0 declaratie (${registry.get('RAP', '2.0')!.decisions.get('declaratie')!.engineRules.length} rules), ${cases.length} cases (${approvedShare}% approved), ${(3 * BUDGET) / 1000}s each in ${ROUNDS} turns`);
  console.log('  (the SAP signal rap.declaratie.binnen-declaratietermijn reads ingediendOp, which these cases leave out (it lands in `missing`); the baselines hold the other 22 rules)');
  const competent = competentEngine(tables);
  compare('competent raw json-rules-engine', await oneAtATime((f) => competent.run(f)));
  compare('our evaluate, json-rules-engine deciding every condition', await oneAtATime(engineDecides));
  compare('hand-written function', await oneAtATime((f) => declaratieFunction(f, tables)));
  let i = 0;
  const next = () => cases[i++ % cases.length];
  const [raw, our, engine, fn] = await interleave(3 * BUDGET, ROUNDS, [
    ['competent raw json-rules-engine', async () => { await competent.run(next()); return 1; }],
    ['our evaluate (fast path)', async () => { await evaluate(registry, request(next())); return 1; }],
    ['our evaluate, json-rules-engine deciding every condition', async () => { await evaluate(registry, request(next()), { fastPath: false }); return 1; }],
    ['hand-written function', () => { declaratieFunction(next(), tables); return 1; }],
  ]);
  console.log(table([raw, our, engine, fn], raw));
  keep(raw, our, engine, fn);
  results.sequentialVsCompetentRawEngine = headline(our, raw);
  results.engineDecidesVsCompetentRawEngine = headline(engine, raw);
  results.details.modes.sequentialVsCompetentRawEngine = ratio(our.opsPerSec / raw.opsPerSec);
  results.details.modes.engineDecidesVsCompetentRawEngine = ratio(engine.opsPerSec / raw.opsPerSec);
  results.details.perCpu.sequentialVsCompetentRawEngine = ratio(our.opsPerCpuSec / raw.opsPerCpuSec);
  results.details.perCpu.engineDecidesVsCompetentRawEngine = ratio(engine.opsPerCpuSec / raw.opsPerCpuSec);
  console.log(`  our evaluate = ${results.sequentialVsCompetentRawEngine}x competent raw json-rules-engine (target >= 4); with json-rules-engine deciding every condition ${results.engineDecidesVsCompetentRawEngine}x (target >= 1) (each the lower of wall and CPU)`);
}

async function peer() {
  section('peer');
  console.log(`\n2. The peer: GoRules ZEN (ZenDecisionContent compiled once; tables as decision tables inside the graph; expression node + collect table for the checks; product rows of 2025), ${(4 * BUDGET) / 1000}s each in ${ROUNDS} turns`);
  const zen = zenDecision(tables);
  compare('ZEN, one at a time', await oneAtATime((f) => zen.run(f)));
  compare('ZEN, 100 in flight', await inFlight(100, (f) => zen.run(f)));
  compare('our evaluate, 100 in flight', await inFlight(100, ours));
  // Ours on more than one thread too: singles go to a worker thread while the main thread is busy
  // (BatchPool busyShare 0.5; the service leaves this off). Reported beside the headline, not in it.
  const workers = Math.max(1, availableParallelism() - 1);
  const pool = createBatchPool({ workers, minItems: 0, busyShare: 0.5 });
  const pooled = async (f: Facts) => answerOf(await pool.evaluateOne(registry, request(f), todayIso()));
  compare(`our evaluate, 100 in flight, + ${workers} worker thread(s) when busy`, await inFlight(100, pooled));
  let i = 0;
  const next = () => cases[i++ % cases.length];
  const [zenOne, ourOne, zenMany, ourMany, ourPooled] = await interleave(4 * BUDGET, ROUNDS, [
    ['ZEN, one at a time', async () => { await zen.run(next()); return 1; }],
    ['our evaluate, one at a time', async () => { await evaluate(registry, request(next())); return 1; }],
    ['ZEN, 100 in flight', async () => { await Promise.all(Array.from({ length: 100 }, () => zen.run(next()))); return 100; }],
    ['our evaluate, 100 in flight', async () => { await Promise.all(Array.from({ length: 100 }, () => evaluate(registry, request(next())))); return 100; }],
    [`our evaluate, 100 in flight, + ${workers} worker thread(s) when busy`, async () => { await Promise.all(Array.from({ length: 100 }, () => pool.evaluateOne(registry, request(next()), todayIso()))); return 100; }],
  ]);
  await pool.close();
  console.log(table([zenOne, ourOne, zenMany, ourMany, ourPooled], zenMany));
  keep(zenOne, ourOne, zenMany, ourMany, ourPooled);
  results.details.modes.hundredInFlightWithWorkerVsZen = ratio(ourPooled.opsPerSec / zenMany.opsPerSec);
  results.concurrentVsZen = headline(ourMany, zenMany);
  results.details.modes.oneAtATimeVsZen = ratio(ourOne.opsPerSec / zenOne.opsPerSec);
  results.details.modes.hundredInFlightVsZen = ratio(ourMany.opsPerSec / zenMany.opsPerSec);
  results.details.perCpu.oneAtATimeVsZen = ratio(ourOne.opsPerCpuSec / zenOne.opsPerCpuSec);
  results.details.perCpu.hundredInFlightVsZen = ratio(ourMany.opsPerCpuSec / zenMany.opsPerCpuSec);
  console.log(`  mode by mode (wall): one at a time ${results.details.modes.oneAtATimeVsZen}x ZEN; 100 in flight ${results.details.modes.hundredInFlightVsZen}x ZEN; headline (the lower of wall and CPU) ${results.concurrentVsZen}x (target >= 1.5; ours on one thread, ZEN on its own threads); ours with a worker thread when busy ${results.details.modes.hundredInFlightWithWorkerVsZen}x (not the headline)`);
}

async function http() {
  section('http');
  const seconds = Math.max(2, BUDGET / 1000);
  console.log(`\n3. HTTP on loopback: our service, the floor and the autocannon client each in a process of its own; bodies cycled over the ${cases.length} cases; 3 turns of ${seconds}s each`);
  const h = await httpSection(registry, cases, seconds, 3);
  results.answersCompared += h.answersCompared;
  results.answerMismatches += h.answerMismatches;
  results.details.answersByContender['HTTP: our service and the floor, answer bytes'] = h.answersCompared;
  console.log(`  HTTP answers (our service and the floor, byte for byte with evaluate's): ${h.answersCompared} compared, ${h.answerMismatches === 0 ? 'identical' : `${h.answerMismatches} DIFFER`}`);
  for (const r of h.runs) {
    const line = (name: string, l: typeof r.floor) => `  ${String(r.connections).padStart(2)} connection(s), ${name.padEnd(13)} ${Math.round(l.rps).toLocaleString('en').padStart(7)} requests/s   p50 ${l.p50} ms  p99 ${l.p99} ms   server CPU ${l.cpuMicrosPerRequest} µs/request   errors ${l.errors + l.non2xx}`;
    console.log(line('floor', r.floor));
    console.log(line('our service', r.ours));
    console.log(`     our service = ${Math.round(r.ratio * 100)}% of the floor's requests/s; per server CPU second ${Math.round((100 * r.floor.cpuMicrosPerRequest!) / r.ours.cpuMicrosPerRequest!)}%`);
    results.details.modes[`httpVsFairFloor${r.connections}Connection${r.connections > 1 ? 's' : ''}`] = r.ratio;
    results.details.perCpu[`httpVsFairFloor${r.connections}Connection${r.connections > 1 ? 's' : ''}`] = ratio(r.floor.cpuMicrosPerRequest! / r.ours.cpuMicrosPerRequest!);
    if (r.floor.errors + r.floor.non2xx + r.ours.errors + r.ours.non2xx > 0) results.answerMismatches += r.floor.errors + r.floor.non2xx + r.ours.errors + r.ours.non2xx;
  }
  results.details.http = h.runs;
  // On a shared machine one turn of requests/s can swing either way; the servers' CPU time per request
  // is steadier. The headline takes the lower of the two, so load noise cannot flatter it.
  const r16 = h.runs.find((r) => r.connections === 16)!;
  results.httpVsFairFloor = Math.min(r16.ratio, ratio(r16.floor.cpuMicrosPerRequest! / r16.ours.cpuMicrosPerRequest!));
  console.log(`  at 16 connections our service = ${Math.round(results.httpVsFairFloor * 100)}% of the fair floor (the lower of requests/s and server CPU per request; target >= 70%)`);
}

async function partitions() {
  section('partitions');
  const size = 20_000;
  console.log(`\n4. Partitions (src/evaluate/partition.ts): kept per decision on a generated corpus of ${size.toLocaleString('en')} cases, and the speed past the cap`);
  for (const line of generateCorpus(registry, 3, size)) {
    try {
      await evaluate(registry, { protocol: line.protocol, decision: line.decision, facts: line.facts, date: line.date });
    } catch {
      // a generated case the schema refuses counts for nothing here
    }
  }
  const kept: Record<string, number> = {};
  for (const v of project.versions) {
    for (const d of v.decisions) {
      const n = keptPartitions(registry.get(v.meta.protocol, v.meta.version)!.decisions.get(d.id)!);
      if (n) kept[`${v.meta.protocol} ${v.meta.version} ${d.id}`] = n;
    }
  }
  console.log(`  kept: ${Object.entries(kept).map(([k, n]) => `${k} ${n}`).join(', ')} (cap 512 per decision)`);
  const was = setPartitionCap(0);
  try {
    compare('our evaluate past the partition cap', await oneAtATime(ours));
  } finally {
    setPartitionCap(was);
  }
  let i = 0;
  const next = () => cases[i++ % cases.length];
  const [within, past] = await interleave(2 * BUDGET, ROUNDS, [
    ['our evaluate, partitions kept', async () => { await evaluate(registry, request(next())); return 1; }],
    ['our evaluate, past the cap (a partition built per run)', async () => {
      const c = setPartitionCap(0);
      try {
        await evaluate(registry, request(next()));
      } finally {
        setPartitionCap(c);
      }
      return 1;
    }],
  ]);
  console.log(table([within, past], within));
  keep(within, past);
  results.details.partitions = { corpusSize: size, kept, cap: 512, pastCapVsKept: ratio(past.opsPerSec / within.opsPerSec) };
  console.log(`  past the cap = ${ratio(past.opsPerSec / within.opsPerSec)}x the speed within it`);
}

async function decisionLogSection() {
  section('decision-log');
  console.log('\n5. The decision log (bench/decision-log.ts): evaluate with the log on against off, in the same run');
  const f = await benchDecisionLog();
  console.log(describeDecisionLog(f));
  if (f.http.errors) results.answerMismatches += f.http.errors;
  results.decisionLogOnVsOff = ratio(Math.min(f.http.ratio, f.http.cpuRatio));
  results.details.modes.decisionLogOnVsOff = ratio(f.http.ratio);
  results.details.perCpu.decisionLogOnVsOff = ratio(f.http.cpuRatio);
  console.log(`  decision log on = ${Math.round(results.decisionLogOnVsOff * 100)}% of off (the lower of requests/s and per CPU second; target >= 90%)`);
}

function impactSection() {
  section('impact');
  const sizes = million ? [100_000, 1_000_000] : [100_000];
  console.log(`\n6. Impact analysis (bench/impact.ts): ${sizes.map((n) => n.toLocaleString('en')).join(' and ')} generated cases x 2 versions, each in its own process; time includes generating the corpus`);
  const figures = sizes.map((n) => {
    const r = impactRun(n);
    console.log(describeImpact(r));
    return r;
  });
  results.details.impact = figures;
  if (figures.length === 2) {
    results.impactMillionSeconds = +(figures[1].genSeconds + figures[1].seconds).toFixed(1);
    results.impactMemoryRatio = ratio(figures[1].peakMiB / figures[0].peakMiB);
    console.log(`  1M generated and analysed in ${results.impactMillionSeconds} s (target <= 120 s), peak memory 1M / 100k = ${results.impactMemoryRatio} (target <= 1.1)`);
  } else console.log('  (million-case run skipped: --no-million / BENCH_MILLION=0)');
}

if (!only || only === 'engine') await inProcess();
if (!only || only === 'peer') await peer();
if (!only || only === 'http') await http();
if (!only || only === 'partitions') await partitions();
if (!only || only === 'decision-log') await decisionLogSection();
if ((!only && impact) || only === 'impact') impactSection();
results.details.loadAverage.end = load();
const { details: _d, ...figures } = results;
if (results.answerMismatches > 0) {
  console.error(`\n${results.answerMismatches} answer(s) differ (or failed over HTTP): bench/results.json is NOT written. ${JSON.stringify(figures)}`);
  process.exit(1);
}
writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');
console.log(`\nbench/results.json: ${JSON.stringify(figures)} (load average ${Object.entries(results.details.loadAverage).map(([k, v]) => `${k} ${v.join(' ')}`).join('; ')}; ${results.details.cores} cores)`);
