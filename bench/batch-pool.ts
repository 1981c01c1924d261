/** In-process: a batch on the main thread alone vs spread over a worker (no HTTP); run with node --import tsx bench/batch-pool.ts. */
import { loadProject } from '../src/evaluate/project.js';
import { createBatchPool } from '../src/server/batch/pool.js';
import { declaratieCases } from './declaratie-cases.js';
import { measure } from './measure.js';
const cases = declaratieCases(1000);
const registry = loadProject().registry;
const seq = createBatchPool({ workers: 0 });
const pool = createBatchPool({ workers: 1, minItems: 0 });
for (const n of [100, 1000, 5000]) {
  const items = Array.from({ length: n }, (_, i) => ({ protocol: 'RAP', decision: 'declaratie', facts: cases[i % 1000] }));
  for (const [name, p] of [['seq', seq], ['pool', pool]] as const) {
    const m = await measure(`${name} ${n}`, 2000, async () => { await p.evaluate(registry, items, '2025-06-01'); return n; });
    console.log(m.name, Math.round(m.opsPerSec));
  }
}
await pool.close();
