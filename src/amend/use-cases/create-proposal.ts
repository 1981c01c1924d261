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
import type { Actor } from '../types.js';
import { filesOfVersion, pathProblems, versionDir } from '../version-files.js';
import { readVersionView } from '../version-layout.js';
import { branchMessage, commitBranch } from './proposal-branch.js';
import { checkTexts } from './proposal-input.js';
import type { ProposalCreate } from '../../../schemas/api/api-types.js';
import { auditProposal } from './proposal-records.js';
import { checkSubmission, submissionRecord } from './submit-proposal.js';
import { viewProposal } from './view-proposal.js';

/** `body` has passed its schema (ProposalCreate) at the edge. */
export function createProposal(ctx: AmendContext, actor: Actor, body: ProposalCreate) {
  return ctx.exclusive(async () => {
    authorise(actor, 'voorstel.aanmaken');
    checkTexts(body);
    const files = body.files ?? [];
    checkProposalSize(ctx.quotas, { ...body, files });
    await checkNewProposal(ctx, actor);
    const dir = versionDir(body.protocol, body.baseVersion);
    const base = filesOfVersion(await readVersionView(ctx.repo), dir);
    if (!base.size) throw new ApiError('not_found', 'unknown_version', `${body.protocol} ${body.baseVersion} bestaat niet in de regelrepository`, [{ pointer: '/baseVersion', message: 'onbekende versie' }]);
    const problems = pathProblems(dir, files);
    if (problems.length) throw invalid('de bestanden van het voorstel liggen niet in de basisversie', problems);
    const fields = {
      title: body.title.trim(), category: body.category, protocol: body.protocol,
      baseVersion: body.baseVersion, rationale: body.rationale, explanation: body.explanation ?? null,
      rules: body.rules ?? [], author: actor.username,
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
