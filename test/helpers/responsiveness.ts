/**
 * How responsive the service stays while costly requests run in the same
 * process: the event loop's delay (perf_hooks) and the latency of a cheap
 * request (e.g. /healthz) asked one at a time meanwhile. Tests assert a
 * generous bound (a second, where the issue saw 8-46 s), never a tight timing.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface Responsiveness {
  /** Longest event-loop stall, ms. */
  loopMaxMs: number;
  /** Slowest answer of the cheap request, ms, and how many were asked. */
  probeMaxMs: number;
  probes: number;
}

export async function whileResponsive<T>(work: () => Promise<T>, probe: () => Promise<unknown>): Promise<{ result: T; seen: Responsiveness }> {
  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  let running = true;
  const latencies: number[] = [];
  const poll = (async () => {
    while (running) {
      const t = performance.now();
      await probe();
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    const result = await work();
    return { result, seen: { loopMaxMs: Math.round(eld.max / 1e6), probeMaxMs: Math.round(Math.max(0, ...latencies)), probes: latencies.length } };
  } finally {
    running = false;
    await poll;
    eld.disable();
  }
}
