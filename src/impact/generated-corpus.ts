/**
 * The impact job as a worker runs it: a seeded synthetic corpus generated from
 * the served versions into a file (or a named corpus already on disk), then
 * both sides on it (run-impact.ts). Takes and returns plain data only, so the
 * check pool runs it off the event loop (src/offload/impact-off-thread.ts).
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { generateCorpus } from '../corpus/generate.js';
import { loadProject } from '../evaluate/project.js';
import { runImpact } from './run-impact.js';
import type { ImpactReport, RuleSide } from './types.js';

export interface ImpactJobInput {
  /** Every served rule file (path, text): the versions the corpus is generated for. */
  all: [string, string][];
  from: RuleSide;
  to: RuleSide;
  seed: number;
  size: number;
  /** A corpus file on disk (JSON lines); when absent, one is generated into `workDir`. */
  corpusFile?: string;
  /** A fresh directory the caller made and removes afterwards (also when the job is cut off). */
  workDir: string;
}

/** Throws ImpactDraftError (check-sides.ts) when the `to` side does not load. */
export async function impactOnCorpus(job: ImpactJobInput): Promise<ImpactReport> {
  let corpus = job.corpusFile;
  if (!corpus) {
    corpus = join(job.workDir, 'corpus.jsonl');
    const registry = loadProject(new Map(job.all)).registry;
    const out = createWriteStream(corpus);
    for (const line of generateCorpus(registry, job.seed, job.size)) if (!out.write(JSON.stringify(line) + '\n')) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
  }
  return runImpact({ from: job.from, to: job.to, corpus });
}
