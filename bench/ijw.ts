/**
 * npm run bench:ijw (node --import tsx bench/ijw.ts): a JW323 of 10,000 lines
 * answered over HTTP (JW325 as XML), against the same 10,000 lines, with the
 * very facts the iJw path derived, as one JSON batch to /api/v1/evaluate/batch,
 * in one run on one server (batch on the main thread, like the iJw path).
 * Also in-process: answerDeclaratie against a loop of evaluate().
 */
import type { AddressInfo } from 'node:net';
import { generateCorpus, type CorpusLine } from '../src/corpus/generate.js';
import { ijwMessage } from '../src/corpus/ijw.js';
import { evaluate } from '../src/evaluate/evaluate.js';
import { limitsFromEnv } from '../src/ijw/limits.js';
import { answerDeclaratie } from '../src/ijw/service.js';
import { readRuleFiles } from '../src/load/rule-source.js';
import { loadProject, SHIPPED_RULES_DIR } from '../src/evaluate/project.js';
import { createApp } from '../src/server/app.js';
import { createLogger } from '../src/server/logger.js';
import { createRegistryHolder } from '../src/server/registry-holder.js';

const N = Number(process.argv[2] ?? 10_000);
const ROUNDS = 3;
const registry = loadProject(readRuleFiles(SHIPPED_RULES_DIR)).registry;
const today = '2026-06-01';

const lines: CorpusLine[] = [];
for (const l of generateCorpus(registry, 1, N * 40)) {
  if (l.decision !== 'declaratie') continue;
  const { productPeriode: p, ingediendBedrag } = (l.facts as { prestatie: { productPeriode: { begindatum: string; einddatum: string }; ingediendBedrag: number } }).prestatie;
  if (p.begindatum.slice(0, 7) !== p.einddatum.slice(0, 7)) continue; // would fail CS337 and refuse the whole message
  // TotaalIngediendBedrag is an iJw Bedrag (at most 99,999,999 cents): keep 10,000 lines under it.
  if (ingediendBedrag > 9000 || ingediendBedrag === 0) continue;
  lines.push(l);
  if (lines.length === N) break;
}
const m = ijwMessage('BENCH10K', '0193', lines);
const envelope = { jw323: m.jw323, jw301: m.jw301, eerderGedeclareerd: m.eerderGedeclareerd };

const app = createApp({ holder: createRegistryHolder(registry), logger: createLogger('silent'), today: () => today });
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const post = async (path: string, body: unknown, accept = 'application/json') => {
  const r = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify(body) });
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${(await r.text()).slice(0, 300)}`);
  return r;
};

// The facts the iJw path derived, line by line, become the batch.
const twin = (await (await post('/api/v1/ijw/declaratie', envelope)).json()) as { prestaties: { facts: Record<string, unknown>; outcome: string }[]; inBerichtControles: unknown[] };
if (twin.inBerichtControles.length || twin.prestaties.length !== N) throw new Error('bench message refused or incomplete');
const batch = { requests: twin.prestaties.map((p) => ({ protocol: 'RAP', decision: 'declaratie', facts: p.facts })) };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = async (fn: () => Promise<unknown>) => {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
};
const ijwHttp: number[] = [];
const batchHttp: number[] = [];
const ijwIn: number[] = [];
const loopIn: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  ijwHttp.push(await time(async () => (await post('/api/v1/ijw/declaratie', envelope, 'application/xml')).text()));
  batchHttp.push(await time(async () => (await post('/api/v1/evaluate/batch', batch)).json()));
  ijwIn.push(await time(() => answerDeclaratie(envelope, { registry, today, limits: limitsFromEnv() })));
  loopIn.push(await time(async () => { for (const r of batch.requests) await evaluate(registry, r, { today }); }));
}
server.close();
const granted = twin.prestaties.filter((p) => p.outcome === 'goedgekeurd').length;
const kb = (s: string) => `${(s.length / 1024 / 1024).toFixed(1)} MB`;
console.log(`iJw bench: ${N} lines (${granted} approved), JW323 ${kb(m.jw323)} + ${m.jw301.length} JW301 ${kb(m.jw301.join(''))}; JSON batch ${kb(JSON.stringify(batch))}; median of ${ROUNDS}`);
console.log(`HTTP       JW323 -> JW325 XML   ${median(ijwHttp).toFixed(2)} s   | JSON batch (baseline) ${median(batchHttp).toFixed(2)} s   | ratio ${(median(ijwHttp) / median(batchHttp)).toFixed(2)}x`);
console.log(`in-process answerDeclaratie     ${median(ijwIn).toFixed(2)} s   | evaluate() loop (baseline) ${median(loopIn).toFixed(2)} s   | ratio ${(median(ijwIn) / median(loopIn)).toFixed(2)}x`);
