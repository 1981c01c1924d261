/**
 * Runs the impact analysis of a proposal against its base version on a seeded
 * synthetic corpus (or on a corpus file given, e.g. the decision log's
 * requests), on the rule files the procedure serves, and keeps the result with
 * the proposal (impact-records.ts).
 */
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCorpus } from '../corpus/generate.js';
import { ImpactDraftError } from '../impact/check-sides.js';
import { runImpact } from '../impact/run-impact.js';
import { draftSides } from '../impact/sides.js';
import type { ImpactReport } from '../impact/types.js';
import { loadProject } from '../project.js';
import type { RuleFiles } from '../load/rule-source.js';
import { diagnosticDetails } from '../evaluate/errors.js';
import { AmendError } from './errors.js';
import type { Proposal, ProposalFile } from './types.js';

export const IMPACT_SIZE = { default: 5000, max: 20_000 };

export async function proposalImpact(all: RuleFiles, p: Proposal, files: ProposalFile[], seed: number, size: number, corpusFile?: string): Promise<ImpactReport> {
  const label = `${p.protocol.toLowerCase()}-${p.baseVersion}`;
  const sides = draftSides(label, all, `voorstel ${p.id}`, new Map(files.map((f) => [f.path, f.text])), p.protocol, p.baseVersion);
  const dir = mkdtempSync(join(tmpdir(), 'impact-'));
  try {
    if (corpusFile) return await runImpact({ ...sides, corpus: corpusFile });
    const registry = loadProject(all).registry;
    const corpus = join(dir, 'corpus.jsonl');
    const out = createWriteStream(corpus);
    for (const line of generateCorpus(registry, seed, size)) if (!out.write(JSON.stringify(line) + '\n')) await once(out, 'drain');
    out.end();
    await once(out, 'finish');
    return await runImpact({ ...sides, corpus });
  } catch (e) {
    if (e instanceof ImpactDraftError) {
      throw new AmendError(422, 'draft_invalid', 'de gewijzigde versie laadt niet', diagnosticDetails(e.diagnostics, [], '/files', '/path/id'));
    }
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
