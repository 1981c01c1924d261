/**
 * Creating a proposal (concept): checked fields, files inside the base version, a record with its audit entry, then its branch.
 * With `submit: true` it is created and submitted in one step: the submission's checks run first, so a refused
 * submission records nothing (no concept left behind with its category fixed).
 */
import { nowIso, type AmendContext } from '../context.js';
import { ApiError } from '../../base/errors.js';
import { invalid } from '../errors.js';
import { authorise } from '../permissions.js';
import { checkNewProposal, checkProposalSize } from '../quotas.js';
import type { Actor, Proposal, ProposalFile } from '../types.js';
import { filesOfVersion, pathProblems, versionDir } from '../version-files.js';
import { readVersionView } from '../version-layout.js';
import { branchMessage, commitBranch } from './proposal-branch.js';
import { checkFields, cleanFiles } from './proposal-input.js';
import { auditProposal } from './proposal-records.js';
import { checkSubmission, submissionRecord } from './submit-proposal.js';
import { viewProposal } from './view-proposal.js';

export function createProposal(ctx: AmendContext, actor: Actor, body: Record<string, unknown>) {
  return ctx.exclusive(async () => {
    authorise(actor, 'voorstel.aanmaken');
    checkFields(body, true);
    const files = cleanFiles((body.files ?? []) as ProposalFile[]);
    checkProposalSize(ctx.quotas, { ...(body as { title: string; rationale: string; explanation?: string | null }), files });
    await checkNewProposal(ctx, actor);
    const dir = versionDir(body.protocol as string, body.baseVersion as string);
    const base = filesOfVersion(await readVersionView(ctx.repo), dir);
    if (!base.size) throw new ApiError(404, 'unknown_version', `${body.protocol as string} ${body.baseVersion as string} bestaat niet in de regelrepository`, [{ pointer: '/baseVersion', message: 'onbekende versie' }]);
    const problems = pathProblems(dir, files);
    if (problems.length) throw invalid('de bestanden van het voorstel liggen niet in de basisversie', problems);
    const fields = {
      title: (body.title as string).trim(), category: body.category as Proposal['category'], protocol: body.protocol as Proposal['protocol'],
      baseVersion: body.baseVersion as string, rationale: body.rationale as string, explanation: (body.explanation as string | undefined) ?? null,
      rules: (body.rules as string[] | undefined) ?? [], author: actor.username,
    };
    const submitting = body.submit === true;
    const warnings = submitting ? await checkSubmission(ctx, fields, files, '/files') : [];
    const p = await ctx.store.tx(async (t) => {
      const created = await t.insertProposal(fields, nowIso(ctx.clock));
      await t.setFiles(created.id, files);
      await auditProposal(ctx, t, created, actor.username, 'aangemaakt', null, 'concept', null);
      if (!submitting) return created;
      const { fields: submitted, reason } = submissionRecord(ctx, created, warnings);
      await t.updateProposal(created.id, submitted);
      await auditProposal(ctx, t, created, actor.username, 'ingediend', 'concept', 'ingediend', reason);
      return { ...created, ...submitted };
    });
    // A crash here leaves a record without a branch: repair-branches.ts makes it at the next start.
    await commitBranch(ctx, p, files, [], actor, branchMessage(p));
    return p;
  }).then((done) => viewProposal(ctx, done)); // the view (check pool work) after the lock is released
}
