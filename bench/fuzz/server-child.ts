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
const read = () => ({ p50: ms(eld.percentile(50)), p99: ms(eld.percentile(99)), max: ms(eld.max), count: eld.count });

const running = await startServer({ host: '127.0.0.1', port: 0, logger: createLogger(process.env.LOG_LEVEL ?? 'silent') });
process.on('message', (m: { id: number; cmd: 'eld' | 'eld-reset' | 'mem' }) => {
  if (m.cmd === 'eld-reset') eld.reset();
  const answer = m.cmd === 'mem' ? { rss: process.memoryUsage().rss } : read();
  process.send!({ id: m.id, ...answer });
});
process.send!({ url: running.url });
