/**
 * The decision log's own cost per decision, per thread (steadier than
 * throughput on a shared machine): 10,000 answered decisions recorded and
 * written through the real SQLite writer thread, in 4 repetitions; the
 * answering thread's CPU time (capture, and the hand-over) and the whole
 * process's (the writer thread's decoding, pseudonymising and inserts too), beside
 * an in-process evaluation measured in between.
 *   node --import tsx bench/decision-log-cost.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../src/amend/store/sqlite-store.js';
import { generateCorpus } from '../src/corpus/generate.js';
import { openDecisionLog } from '../src/decision-log/open.js';
import { evaluate, type EvaluateRequest } from '../src/evaluate/evaluate.js';
import { loadProject } from '../src/evaluate/project.js';

const registry = loadProject().registry;
// As a server sees them: parsed from JSON.
const requests = [...generateCorpus(registry, 1, 2000)].map(({ protocol, decision, facts, date }) => JSON.parse(JSON.stringify({ protocol, decision, facts, ...(date ? { date } : {}) })) as EvaluateRequest);
const answers = await Promise.all(requests.map((r) => evaluate(registry, r, { today: '2026-03-01' })));
const dir = mkdtempSync(join(tmpdir(), 'bench-decision-log-cost-'));
const store = await openSqliteStore(join(dir, 'procedure.sqlite'));
const log = (await openDecisionLog({ store, dataDir: dir, env: {} }))!;
const micros = (u: NodeJS.CpuUsage) => u.user + u.system;
const thread = (prev?: NodeJS.CpuUsage): NodeJS.CpuUsage => (process as NodeJS.Process & { threadCpuUsage(prev?: NodeJS.CpuUsage): NodeJS.CpuUsage }).threadCpuUsage(prev);
try {
  for (let rep = 0; rep < 4; rep++) {
    const main0 = thread();
    const all0 = process.cpuUsage();
    let n = 0;
    for (let k = 0; k < 5; k++) {
      for (let i = 0; i < requests.length; i++, n++) {
        const a = answers[i];
        log.record({ source: 'evaluate', at: log.now(), protocol: a.protocol, decision: a.decision, facts: requests[i].facts, answer: a });
      }
      await new Promise((r) => setImmediate(r));
    }
    await log.flush();
    const main = micros(thread(main0)) / n;
    const all = micros(process.cpuUsage(all0)) / n;
    const e0 = thread();
    for (const r of requests) await evaluate(registry, r, { today: '2026-03-01' });
    const ev = micros(thread(e0)) / requests.length;
    console.log(`${rep === 0 ? 'warm-up ' : ''}${n.toLocaleString('en')} decisions: answering thread ${main.toFixed(1)} µs each, whole process ${all.toFixed(1)} µs each; an in-process evaluation ${ev.toFixed(1)} µs`);
  }
  console.log(`log: ${JSON.stringify(log.stats())}`);
} finally {
  await log.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
