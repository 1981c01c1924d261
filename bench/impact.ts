/**
 * npm run bench:impact: impact analysis of a draft (therapist back to TG4 in RAP 2.0 and RTP 2.0)
 * on a generated corpus of 100,000 cases; with --million also 1,000,000, to show
 * memory stays flat. Each size runs in its own process so peak RSS is its own.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { runImpact } from '../src/impact/run-impact.js';
import { draftSides } from '../src/impact/sides.js';
import { readRuleFiles } from '../src/load/rule-source.js';
import { SHIPPED_RULES_DIR } from '../src/evaluate/project.js';

const BIN = fileURLToPath(new URL('../bin/protocolregels.js', import.meta.url));

async function child(size: number) {
  const dir = mkdtempSync(join(tmpdir(), 'impact-bench-'));
  const corpus = join(dir, 'corpus.jsonl');
  const g = performance.now();
  execFileSync(process.execPath, [BIN, 'corpus', 'generate', '--seed', '1', '--size', String(size), '--out', corpus], { stdio: 'ignore' });
  const genSeconds = (performance.now() - g) / 1000;
  const shipped = readRuleFiles(SHIPPED_RULES_DIR);
  // The same change in RAP 2.0 and RTP 2.0, so every case of the corpus (both protocols) is evaluated under both sides.
  const draft = new Map<string, string>();
  for (const path of ['rap/2.0/tables/beroepentabel.yaml', 'rtp/2.0/tables/beroepentabel.yaml']) {
    const doc = parseDocument(shipped.get(path)!);
    const rows = doc.get('rows') as { items: { get(k: string): unknown; set(k: string, v: unknown): void }[] };
    rows.items.find((r) => r.get('functie') === 'kinder- en jeugdtherapeut')!.set('tariefgroep', 'TG4');
    draft.set(path, doc.toString());
  }
  const { from, to } = draftSides('rap-2.0', shipped, 'rap-2.0 + rtp-2.0 concept', draft, 'RAP', '2.0');
  let peak = 0;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 50);
  const r = await runImpact({ from, to, corpus });
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss(), process.resourceUsage().maxRSS * 1024);
  rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify({ size, genSeconds, seconds: r.seconds, evaluated: r.evaluated, changed: r.changed, casesPerSecond: r.casesPerSecond, peakMiB: peak / 2 ** 20, money: r.money }));
}

export interface ImpactFigures {
  size: number;
  genSeconds: number;
  seconds: number;
  evaluated: number;
  changed: number;
  casesPerSecond: number;
  peakMiB: number;
}

/** One impact run of `size` generated cases in a process of its own (so its peak RSS is its own). */
export function impactRun(size: number): ImpactFigures {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', String(size)], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  return JSON.parse(out.trim().split('\n').pop()!);
}

export const describeImpact = (r: ImpactFigures) =>
  `  ${r.size.toLocaleString('en')} cases (${r.evaluated.toLocaleString('en')} evaluated under both): ${r.seconds.toFixed(1)} s, ${Math.round(r.casesPerSecond).toLocaleString('en')} cases/s, ${r.changed.toLocaleString('en')} changed, peak RSS ${r.peakMiB.toFixed(0)} MiB (corpus generated in ${r.genSeconds.toFixed(1)} s)`;

const main = process.argv[1] === fileURLToPath(import.meta.url);
if (main && process.argv[2] === '--child') {
  await child(Number(process.argv[3]));
} else if (main) {
  const sizes = process.argv.includes('--million') ? [100_000, 1_000_000] : [100_000];
  console.log('Impact analysis: RAP 2.0/RTP 2.0 vs a draft with the kinder- en jeugdtherapeut back in TG4; 2 worker threads; corpus streamed from disk');
  const results: ImpactFigures[] = [];
  for (const size of sizes) {
    const r = impactRun(size);
    results.push(r);
    console.log(describeImpact(r));
  }
  if (results.length === 2) console.log(`  peak memory ratio 1M / 100k: ${(results[1].peakMiB / results[0].peakMiB).toFixed(2)} (flat is ~1)`);
}
