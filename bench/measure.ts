/** Small timing helpers: run a function until a time budget is spent, report operations per second. */
export interface Measured {
  name: string;
  opsPerSec: number;
  ops: number;
}

export async function measure(name: string, budgetMs: number, step: () => Promise<number> | number): Promise<Measured> {
  // Warm up (JIT, pools) on a tenth of the budget, then measure.
  const warmEnd = performance.now() + budgetMs / 10;
  while (performance.now() < warmEnd) await step();
  let ops = 0;
  const started = performance.now();
  const end = started + budgetMs;
  while (performance.now() < end) ops += await step();
  const secs = (performance.now() - started) / 1000;
  return { name, ops, opsPerSec: ops / secs };
}

export function table(rows: Measured[], baseline: Measured): string {
  const width = Math.max(...rows.map((r) => r.name.length));
  return rows
    .map((r) => `  ${r.name.padEnd(width)}  ${Math.round(r.opsPerSec).toLocaleString('en').padStart(12)} /s   ${(baseline.opsPerSec / r.opsPerSec).toFixed(2).padStart(7)}x the time of ${baseline.name}`)
    .join('\n');
}
