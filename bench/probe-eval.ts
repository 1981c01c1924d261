/**
 * Diagnostic for issue 15: why one evaluation costs more inside the HTTP server than in the bench's loop.
 * Runs in-process variants of the same evaluation (same objects vs fresh JSON.parse results, the bench's
 * HTTP case vs the 1,000-case cycle, one at a time vs 16 in flight) and reports µs per evaluation and
 * the garbage collection time spent. `node --import tsx bench/probe-eval.ts [seconds]`.
 * Not part of `npm run bench`; a tool to look with (add --cpu-prof to see the frames).
 */
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { evaluate } from '../src/evaluate/evaluate.js';
import { loadProject } from '../src/evaluate/project.js';
import { validateBody } from '../src/contract/api-schemas.js';
import { declaratieCases } from './declaratie-cases.js';

const seconds = Number(process.argv[2] ?? 1.5);
const only = process.argv[3];
const registry = loadProject().registry;
const cases = declaratieCases(1000);
const body = JSON.stringify({ protocol: 'RAP', decision: 'declaratie', facts: cases[0] });
const same = JSON.parse(body);

let gcMs = 0;
new PerformanceObserver((l) => { for (const e of l.getEntries()) gcMs += e.duration; }).observe({ entryTypes: ['gc'] });

async function probe(name: string, step: () => Promise<number>) {
  if (only && !name.includes(only)) return;
  const warm = performance.now() + 300;
  while (performance.now() < warm) await step();
  let n = 0;
  const gc0 = gcMs;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  while (performance.now() < end) n += await step();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await new Promise((r) => setImmediate(r)); // let the gc observer report
  console.log(`${name.padEnd(58)} ${((ms * 1000) / n).toFixed(1).padStart(7)} µs/eval wall ${((cpu.user + cpu.system) / n).toFixed(1).padStart(7)} µs cpu   gc ${(((gcMs - gc0) * 1000) / n).toFixed(1).padStart(6)} µs`);
}

let i = 0;
const run = (facts: Record<string, unknown>) => evaluate(registry, { protocol: 'RAP', decision: 'declaratie', facts });
await probe('cycle of 1000 cases, same objects, one at a time', async () => { await run(cases[i++ % 1000]); return 1; });
await probe('case 0 (the HTTP body), same object, one at a time', async () => { await evaluate(registry, same); return 1; });
await probe('JSON.parse of the HTTP body alone', async () => { JSON.parse(body); return 1; });
await probe('validateBody(EvaluateRequest) on fresh parse (incl. parse)', async () => { validateBody('EvaluateRequest', JSON.parse(body)); return 1; });
await probe('case 0, fresh JSON.parse each time (incl. parse)', async () => { await evaluate(registry, JSON.parse(body)); return 1; });
await probe('case 0, fresh parse, 16 in flight (incl. parse)', async () => {
  await Promise.all(Array.from({ length: 16 }, () => evaluate(registry, JSON.parse(body))));
  return 16;
});
await probe('case 0, fresh parse + validate + stringify answer', async () => {
  JSON.stringify(await evaluate(registry, validateBody('EvaluateRequest', JSON.parse(body))));
  return 1;
});
