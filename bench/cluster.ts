/**
 * `npm run bench:cluster`: requests/s of `serve --rules rules --workers 1` against
 * `--workers 2`, the same autocannon client in the same run. Both services run side
 * by side (an idle one costs nothing) and take turns, so load drifting on a shared
 * machine hits both alike. The client shares the machine's cores with the workers:
 * on 2 cores, two workers and the client compete, so the ratio is a floor, not what
 * two workers give on a machine of their own.
 *
 * BENCH_CLUSTER_SECONDS (default 10) is each service's measured time, in two turns.
 */
import { availableParallelism, loadavg } from 'node:os';
import autocannon from 'autocannon';
import { declaratieCases } from './declaratie-cases.js';
import { startServe, type ServeProcess } from '../test/helpers/serve-process.js';

const SECONDS = Math.max(2, Number(process.env.BENCH_CLUSTER_SECONDS ?? 10));
const CONNECTIONS = 32;
const body = JSON.stringify({ protocol: 'RAP', decision: 'declaratie', facts: declaratieCases(1)[0] });

async function cannon(url: string, seconds: number) {
  const r = await autocannon({ url: `${url}/api/v1/evaluate`, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections: CONNECTIONS, duration: seconds, pipelining: 1 });
  return { requests: r.requests.total, p99: r.latency.p99, errors: r.errors + r.non2xx };
}

async function stop(svc: ServeProcess): Promise<string> {
  svc.child.kill('SIGTERM');
  const exit = await svc.exited;
  return exit.code === 0 ? 'exit 0' : `exit ${exit.signal ?? exit.code}`;
}

async function main() {
  const load0 = loadavg().map((l) => l.toFixed(1));
  console.log(`serve --rules rules --workers 1 vs --workers 2: autocannon, ${CONNECTIONS} connections, ${SECONDS} s each in two turns; ${availableParallelism()} cores shared by the client and the workers (load average ${load0.join(' ')})`);
  const env = { LOG_LEVEL: 'warn', BATCH_WORKERS: '0' };
  const services = { 1: await startServe(['--rules', 'rules', '--workers', '1'], env), 2: await startServe(['--rules', 'rules', '--workers', '2'], env) };
  const total = { 1: { requests: 0, p99: 0, errors: 0 }, 2: { requests: 0, p99: 0, errors: 0 } };
  try {
    for (const n of [1, 2] as const) await cannon(services[n].url, 2); // warm-up (JIT) of every worker
    for (let turn = 0; turn < 2; turn++) {
      for (const n of [1, 2] as const) {
        const r = await cannon(services[n].url, SECONDS / 2);
        total[n].requests += r.requests;
        total[n].p99 = Math.max(total[n].p99, r.p99);
        total[n].errors += r.errors;
      }
    }
  } finally {
    console.log(`  stopped: --workers 1 ${await stop(services[1])}, --workers 2 ${await stop(services[2])}`);
  }
  const rps = (n: 1 | 2) => total[n].requests / SECONDS;
  for (const n of [1, 2] as const) console.log(`  --workers ${n}: ${Math.round(rps(n)).toLocaleString('en').padStart(7)} requests/s   p99 ${total[n].p99} ms   errors ${total[n].errors}`);
  console.log(`  workers 2 / workers 1 = ${(rps(2) / rps(1)).toFixed(2)}x (load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end)`);
}

await main();
