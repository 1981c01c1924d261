/**
 * Measures the service while requests run: the event-loop delay inside it
 * (read over IPC), /healthz asked one at a time meanwhile, its resident memory
 * sampled every 100 ms, and the crashes it had. Used by the probes and the
 * worst cases of every operation.
 */
import { send, type FuzzAnswer } from './http.js';
import type { FuzzService, LoopDelay } from './service.js';

export interface Measured {
  answers: FuzzAnswer[];
  ms: number;
  loopDelay: LoopDelay;
  /** /healthz latency; a timeout counts as the timeout, a broken connection (a keep-alive race) as a failure. */
  healthz: { count: number; maxMs: number; p99Ms: number; failures: number };
  /** Highest resident set size sampled while it ran. */
  peakRssBytes: number;
  /** Exits of the service while it ran. */
  crashes: number;
}

export const percentile = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

export async function measure(svc: FuzzService, run: () => Promise<FuzzAnswer[]>, timeoutMs: number): Promise<Measured> {
  const crashesBefore = svc.crashes().length;
  await svc.resetLoopDelay();
  const healthz: number[] = [];
  let failures = 0;
  let running = true;
  let peak = svc.rss();
  const sampler = setInterval(() => { peak = Math.max(peak, svc.rss()); }, 100);
  const poll = (async () => {
    while (running) {
      const a = await send(svc.url(), { label: 'healthz', method: 'GET', path: '/healthz' }, timeoutMs);
      if (a.failure === 'connection' || a.failure === 'client') failures++;
      else healthz.push(a.failure === 'timeout' ? timeoutMs : a.ms);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const started = performance.now();
  const answers = await run();
  const ms = performance.now() - started;
  running = false;
  await poll;
  clearInterval(sampler);
  peak = Math.max(peak, svc.rss());
  const { p50, p99, max, count, cpuP99, cpuMax } = await svc.loopDelay();
  return {
    answers, ms: Math.round(ms), loopDelay: { p50, p99, max, count, cpuP99, cpuMax },
    healthz: { count: healthz.length, maxMs: Math.round(Math.max(0, ...healthz) * 10) / 10, p99Ms: Math.round(percentile(healthz, 99) * 10) / 10, failures },
    peakRssBytes: peak, crashes: svc.crashes().length - crashesBefore,
  };
}
