/**
 * Small timing helpers: run a function until a time budget is spent, report operations per second,
 * both per wall-clock second and per second of this process's CPU time. On a shared machine the
 * wall clock also counts other programs' turns; CPU time counts only this process's work
 * (its GC threads and, for a worker pool or ZEN's threads, those too).
 */
export interface Measured {
  name: string;
  opsPerSec: number;
  /** Operations per second of this process's CPU time (user + system). */
  opsPerCpuSec: number;
  ops: number;
  seconds: number;
  cpuSeconds: number;
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

export async function measure(name: string, budgetMs: number, step: () => Promise<number> | number): Promise<Measured> {
  // Warm up (JIT, pools) on a tenth of the budget, then measure.
  const warmEnd = performance.now() + budgetMs / 10;
  while (performance.now() < warmEnd) await step();
  let ops = 0;
  const cpu0 = cpuSeconds();
  const started = performance.now();
  const end = started + budgetMs;
  while (performance.now() < end) ops += await step();
  const secs = (performance.now() - started) / 1000;
  const cpu = cpuSeconds() - cpu0;
  return { name, ops, seconds: secs, cpuSeconds: cpu, opsPerSec: ops / secs, opsPerCpuSec: ops / Math.max(cpu, 1e-6) };
}

/**
 * Measures several contenders in turns (A B C, A B C, ...), `rounds` turns of budget/rounds each, and
 * sums them: on a shared machine the load drifts, and taking turns spreads the drift over all of them.
 */
export async function interleave(budgetMs: number, rounds: number, entries: [string, () => Promise<number> | number][]): Promise<Measured[]> {
  const sums = entries.map(([name]) => ({ name, ops: 0, seconds: 0, cpuSeconds: 0 }));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < entries.length; k++) {
      const m = await measure(entries[k][0], budgetMs / rounds, entries[k][1]);
      sums[k].ops += m.ops;
      sums[k].seconds += m.seconds;
      sums[k].cpuSeconds += m.cpuSeconds;
    }
  }
  return sums.map((s) => ({ ...s, opsPerSec: s.ops / s.seconds, opsPerCpuSec: s.ops / Math.max(s.cpuSeconds, 1e-6) }));
}

export function table(rows: Measured[], baseline: Measured): string {
  const width = Math.max(...rows.map((r) => r.name.length));
  return rows
    .map((r) => `  ${r.name.padEnd(width)}  ${Math.round(r.opsPerSec).toLocaleString('en').padStart(12)} /s  ${Math.round(r.opsPerCpuSec).toLocaleString('en').padStart(12)} /cpu-s   ${(r.opsPerSec / baseline.opsPerSec).toFixed(2).padStart(7)}x ${baseline.name} (wall), ${(r.opsPerCpuSec / baseline.opsPerCpuSec).toFixed(2)}x (cpu)`)
    .join('\n');
}
