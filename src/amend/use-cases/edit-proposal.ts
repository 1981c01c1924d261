/** Editing a concept: only its author, only while concept; the branch follows the files. */
import { commitMessage } from '../commit-message.js';
import { nowIso, type AmendContext } from '../context.js';
import { conflict, invalid } from '../errors.js';
import { authorise } from '../permissions.js';
import { checkProposalSize } from '../quotas.js';
import type { ProposalFields } from '../store/store.js';
import type { Actor, ProposalFile } from '../types.js';
import { pathProblems, versionDir } from '../version-files.js';
import { proposalRevision } from '../revision.js';
import { commitBranch } from './proposal-branch.js';
import { checkTexts } from './proposal-input.js';
import type { ProposalPatch } from '../../../schemas/api/api-types.js';
import { auditProposal, loadProposal } from './proposal-records.js';
import { viewProposal } from './view-proposal.js';

/** `body` has passed its schema (ProposalPatch) at the edge; `ifMatch`: the revisions the client edited (If-Match), another current revision is 409 edit_conflict. */
export function editProposal(ctx: AmendContext, actor: Actor, id: number, body: ProposalPatch, ifMatch?: string[]) {
  return ctx.exclusive(async () => {
    const p = await loadProposal(ctx, id);
    authorise(actor, 'voorstel.wijzigen', p);
    if (p.state !== 'concept') throw conflict('not_editable', `voorstel ${id} is ${p.state} en kan niet meer gewijzigd worden`);
    checkTexts(body);
    const previous = await ctx.store.getFiles(id);
    const current = proposalRevision(p, previous);
    if (ifMatch && !ifMatch.includes('*') && !ifMatch.includes(current)) {
      throw conflict('edit_conflict', `concept ${id} is intussen elders gewijzigd (een ander tabblad of apparaat); haal de nieuwste versie op en voeg uw wijzigingen samen`,
        [{ pointer: '/header/If-Match', message: `revisie ${ifMatch.join(', ')} is niet de huidige (${current})` }]);
    }
    const files: ProposalFile[] = body.files ?? previous;
    const after = { ...p, ...body };
    checkProposalSize(ctx.quotas, { title: after.title, rationale: after.rationale, explanation: after.explanation, files });
    const problems = pathProblems(versionDir(p.protocol, p.baseVersion), files);
    if (problems.length) throw invalid('de bestanden van het voorstel liggen niet in de basisversie', problems);
    const fields: ProposalFields = { updatedAt: nowIso(ctx.clock) };
    if (body.title !== undefined) fields.title = body.title.trim();
    if (body.rationale !== undefined) fields.rationale = body.rationale;
    if (body.explanation !== undefined) fields.explanation = body.explanation;
    if (body.rules !== undefined) fields.rules = body.rules;
    await ctx.store.tx(async (t) => {
      await t.updateProposal(id, fields);
      if ('files' in body) await t.setFiles(id, files);
      await auditProposal(ctx, t, p, actor.username, 'gewijzigd', 'concept', 'concept', null);
    });
    if ('files' in body) await commitBranch(ctx, p, files, previous, actor, commitMessage(`Voorstel ${p.id}: bestanden bijgewerkt`));
    return id;
  }).then((done) => viewProposal(ctx, done)); // the view (check pool work) after the lock is released
}
