/**
 * `npm run fuzz [-- --count N --seconds S --concurrency C --timeout-ms T --seed X --no-probes --no-worst --only-worst --worst-scale F --only "POST /api/v1/ijw/toewijzing" ...]`:
 * the service on loopback against the worst cases of issue 12, the largest
 * allowed input of every operation of its OpenAPI (issue 22) and generated
 * requests (bench/fuzz/). Prints the report as text, a table and JSON; exits 1
 * when there was a 5xx, a crash, a hang or an operation without a worst case.
 */
import { runFuzz, type FuzzReport } from './fuzz/run.js';
import { worstTable } from './fuzz/worst-run.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const HELP = `npm run fuzz -- [options]
  --count N          generated requests in the random phase (100000)
  --seconds S        at most this long for the random phase (900)
  --concurrency C    requests at once in the random phase (16)
  --timeout-ms T     a random-phase request without an answer after T ms is a hang (10000)
  --seed X           seed of the generated requests (12)
  --no-probes        skip the worst-case probes of issue 12
  --no-worst         skip the largest allowed input of every operation
  --only-worst       the largest inputs only (no probes, no random phase)
  --worst-scale F    shrink every largest input to F of the limits (0 < F <= 1)
  --only "OP"        the largest input of this operation only (repeatable; e.g. "POST /api/v1/ijw/toewijzing");
                     the coverage check still sees every operation
Exits 1 on a 5xx, a crash, a hang or an operation without a worst case.`;
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  process.stdout.write(HELP + '\n');
  process.exit(0);
}

/** Every value given after `--only`. */
const only = process.argv.flatMap((a, i) => (a === '--only' && process.argv[i + 1] ? [process.argv[i + 1]] : []));

const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;

function print(r: FuzzReport) {
  const out = (s = '') => process.stdout.write(s + '\n');
  out();
  out(`requests sent            ${r.sent} in ${r.seconds} s`);
  out(`by status                ${Object.entries(r.byStatus).map(([k, v]) => `${k}: ${v}`).join(', ')}`);
  out(`5xx                      ${r.serverErrors.count}`);
  out(`crashes                  ${r.crashes.count}`);
  out(`hangs (over timeout)     ${r.hangs.count}`);
  out(`connection errors        ${r.connectionErrors} (client refused to send: ${r.clientRefused})`);
  out(`non-JSON errors on /api  ${r.nonJsonApiErrors.count} (other non-JSON answers on /api: ${r.nonJsonApiOther.count}, e.g. ${r.nonJsonApiOther.samples[0]?.path ?? '-'})`);
  out(`errors larger than max(request, 4 KB)  ${r.errorsOverBudget.count}`);
  out(`errors larger than their request       ${r.errorsLargerThanRequest.count} (docs/contract.md read literally)`);
  out(`largest error vs request ${r.largestErrorRatio.answerBytes} B for ${r.largestErrorRatio.requestBytes} B (x${r.largestErrorRatio.ratio}) ${r.largestErrorRatio.status} ${r.largestErrorRatio.path}`);
  out(`largest answer           ${r.largestAnswer.answerBytes} B for ${r.largestAnswer.requestBytes} B ${r.largestAnswer.status} ${r.largestAnswer.path}`);
  out(`slowest answers          ${r.slowest.slice(0, 5).map((x) => `${x.ms} ms ${x.status || 'timeout'} ${x.path}`).join('; ')}`);
  out(`peak RSS (service)       ${mb(r.peakRssBytes)}`);
  out(`event-loop delay, random phase: p50 ${r.loopDelayRandomPhase.p50} ms, p99 ${r.loopDelayRandomPhase.p99} ms, max ${r.loopDelayRandomPhase.max} ms; main-thread CPU per 10 ms tick p99 ${r.loopDelayRandomPhase.cpuP99 ?? '-'} ms, max ${r.loopDelayRandomPhase.cpuMax ?? '-'} ms`);
  out();
  out('probes (each alone; event-loop delay inside the service, /healthz asked meanwhile):');
  for (const p of r.probes) out(`  ${p.status}  ${String(p.ms).padStart(6)} ms  loop p99 ${String(p.loopDelay.p99).padStart(6)} ms max ${String(p.loopDelay.max).padStart(6)} ms cpu max ${String(p.loopDelay.cpuMax ?? '-').padStart(6)} ms  healthz max ${String(p.healthz.maxMs).padStart(6)} ms (${p.healthz.count})  req ${mb(p.requestBytes)} ans ${p.answerBytes} B  ${p.name}`);
  if (r.worstProbe) out(`worst probe: ${r.worstProbe.name}: loop delay p99 ${r.worstProbe.loopDelay.p99} ms, /healthz max ${r.worstProbe.healthz.maxMs} ms`);
  out();
  if (r.worst) {
    out('the largest allowed input of every operation (alone, then two concurrent copies; loop delay inside the service, /healthz meanwhile):');
    out(worstTable(r.worst));
    out();
  }
  out(JSON.stringify(r, null, 2));
}

const report = await runFuzz({
  count: process.argv.includes('--only-worst') ? 0 : arg('count', 100_000),
  seconds: arg('seconds', 900),
  concurrency: arg('concurrency', 16),
  timeoutMs: arg('timeout-ms', 10_000),
  seed: arg('seed', 12),
  probes: !process.argv.includes('--no-probes') && !process.argv.includes('--only-worst'),
  worst: process.argv.includes('--no-worst') ? false : { scale: Math.min(1, arg('worst-scale', 1)), ...(only.length ? { only } : {}) },
  log: (l) => process.stderr.write(`[fuzz] ${l}\n`),
});
print(report);
process.exit(report.serverErrors.count || report.crashes.count || report.hangs.count || (report.worst && !report.worst.ok) ? 1 : 0);
