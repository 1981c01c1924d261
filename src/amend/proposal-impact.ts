/**
 * The impact analysis of a proposal against its base version on a seeded
 * synthetic corpus (or on a corpus file given, e.g. the decision log's
 * requests), on the rule files the procedure serves. It runs on the service's
 * one impact path (src/offload/impact-off-thread.ts): in the check pool,
 * within the process-wide impact budget (429 with Retry-After beyond it).
 */
import { ApiError, diagnosticDetails } from '../base/errors.js';
import { ImpactDraftError } from '../impact/check-sides.js';
import { draftSides } from '../impact/sides.js';
import type { ImpactReport } from '../impact/types.js';
import type { RuleFiles } from '../load/rule-source.js';
import { impactOffThread } from '../offload/impact-off-thread.js';
import type { Proposal, ProposalFile } from './types.js';

export const IMPACT_SIZE = { default: 5000, max: 20_000 };

export async function proposalImpact(all: RuleFiles, p: Proposal, files: ProposalFile[], seed: number, size: number, corpusFile?: string): Promise<ImpactReport> {
  const label = `${p.protocol.toLowerCase()}-${p.baseVersion}`;
  const sides = draftSides(label, all, `voorstel ${p.id}`, new Map(files.map((f) => [f.path, f.text])), p.protocol, p.baseVersion);
  try {
    return await impactOffThread({ all: [...all], ...sides, seed, size, corpusFile });
  } catch (e) {
    if (e instanceof ImpactDraftError) {
      throw new ApiError('unprocessable', 'draft_invalid', 'de gewijzigde versie laadt niet', diagnosticDetails(e.diagnostics, [], '/files', '/path/id'));
    }
    throw e;
  }
}
