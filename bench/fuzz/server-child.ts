/**
 * The service under fuzzing, in its own process: the real `serve` setup
 * (amendment procedure, SQLite, rules repository, worker pools) on loopback,
 * plus an event-loop delay monitor that the fuzzer reads over the IPC channel
 * (no HTTP endpoint is added to the service for it).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startServer } from '../../src/server/start.js';
import { createLogger } from '../../src/server/logger.js';

const eld = monitorEventLoopDelay({ resolution: 10 });
eld.enable();

const ms = (ns: number) => Math.round((ns / 1e6) * 10) / 10;

// The main thread's own CPU time between two ticks of a 10 ms timer: how long the event loop was held
// by work, without the time the OS gave other processes. On a shared, loaded machine the delay above
// is mostly the scheduler's; this is the stall the same work makes on an idle one.
// process.threadCpuUsage (Node 23.9+) is not in this project's @types/node yet.
const threadCpu = (process as unknown as { threadCpuUsage(prev?: NodeJS.CpuUsage): NodeJS.CpuUsage }).threadCpuUsage.bind(process);
const cpuTicks: number[] = [];
let lastCpu = threadCpu();
setInterval(() => {
  const d = threadCpu(lastCpu);
  lastCpu = threadCpu();
  if (cpuTicks.length < 500_000) cpuTicks.push((d.user + d.system) / 1000);
}, 10).unref();
const cpuAt = (p: number) => {
  if (!cpuTicks.length) return 0;
  const s = [...cpuTicks].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10;
};

const read = () => ({ p50: ms(eld.percentile(50)), p99: ms(eld.percentile(99)), max: ms(eld.max), count: eld.count, cpuP99: cpuAt(99), cpuMax: cpuAt(100) });

const running = await startServer({ host: '127.0.0.1', port: 0, logger: createLogger(process.env.LOG_LEVEL ?? 'silent') });
process.on('message', (m: { id: number; cmd: 'eld' | 'eld-reset' | 'mem' }) => {
  if (m.cmd === 'eld-reset') {
    eld.reset();
    cpuTicks.length = 0;
  }
  const answer = m.cmd === 'mem' ? { rss: process.memoryUsage().rss } : read();
  process.send!({ id: m.id, ...answer });
});
process.send!({ url: running.url });
