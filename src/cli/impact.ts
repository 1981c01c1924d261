import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DECISION_LOG_CORPUS, writeLoggedCorpus } from '../decision-log/corpus.js';
import { periodOf, PeriodError } from '../decision-log/period.js';
import { runImpact } from '../impact/run-impact.js';
import { formatImpactText } from './impact-text.js';
import { sidesFromSpecs, type ProposalDraft } from '../impact/sides.js';
import type { Output } from './output.js';
import { openExistingStore } from './procedure-data.js';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** A proposal's changed files from the procedure's database (DATABASE_URL, else SQLite in DATA_DIR, default data/), read-only use. */
async function proposalFromStore(id: number): Promise<ProposalDraft> {
  return withStore(async (store) => {
    const p = await store.getProposal(id);
    if (!p) throw new Error(`voorstel ${id} bestaat niet`);
    return { protocol: p.protocol, baseVersion: p.baseVersion, files: await store.getFiles(id) };
  });
}

/** Runs fn on the procedure's existing store (DATABASE_URL, else SQLite in DATA_DIR, default data/); never creates one. */
async function withStore<T>(fn: (store: Awaited<ReturnType<typeof openExistingStore>>) => Promise<T>): Promise<T> {
  const store = await openExistingStore();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export const IMPACT_USAGE = 'impact --from rap-2.0 --to <rap-2.1 | proposal:<nummer> | dir:<map>> --corpus <BESTAND | decision-log [--since JJJJ-MM-DD] [--until JJJJ-MM-DD]> [--json]';

/** `impact --from rap-2.0 --to <rap-2.1 | proposal:<id> | dir:<path>> --corpus <FILE | decision-log [--since] [--until]> [--json]`. */
export async function impactCommand(args: string[], io: Output, rulesDir: string): Promise<number> {
  const from = option(args, '--from');
  const to = option(args, '--to');
  const corpus = option(args, '--corpus');
  if (!from || !to || !corpus) {
    io.err(`gebruik: ${IMPACT_USAGE}`);
    return 2;
  }
  const fromLog = corpus === DECISION_LOG_CORPUS && !existsSync(corpus);
  if (!fromLog && !existsSync(corpus)) {
    io.err(`${corpus}: bestand bestaat niet`);
    return 2;
  }
  let period;
  try {
    period = periodOf(option(args, '--since'), option(args, '--until'), { since: '--since', until: '--until' });
  } catch (e) {
    if (!(e instanceof PeriodError)) throw e;
    io.err(e.message);
    return 2;
  }
  const sides = await sidesFromSpecs(from, to, rulesDir, { proposal: proposalFromStore });
  if (!fromLog) {
    io.out(show(args, await runImpact({ ...sides, corpus })));
    return 0;
  }
  // The logged requests of the period, written to a private temp file (pseudonymised facts only) and replayed.
  const dir = mkdtempSync(join(tmpdir(), 'impact-log-'));
  try {
    const file = join(dir, 'decision-log.jsonl');
    await withStore((store) => writeLoggedCorpus(store, period, file));
    io.out(show(args, await runImpact({ ...sides, corpus: file })));
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const show = (args: string[], report: Awaited<ReturnType<typeof runImpact>>) => (args.includes('--json') ? JSON.stringify(report, null, 2) : formatImpactText(report));
