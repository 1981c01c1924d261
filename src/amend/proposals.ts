/**
 * The proposal use cases, bound to one context, as the HTTP layer calls them.
 * Each use case lives in its own file under use-cases/ (one job, named stages);
 * who may act is in permissions.ts, which transitions exist in state-machine.ts.
 */
import type { AmendContext } from './context.js';
import { commentOnProposal } from './use-cases/comment-on-proposal.js';
import { createProposal } from './use-cases/create-proposal.js';
import { editProposal } from './use-cases/edit-proposal.js';
import { rebaseProposal } from './use-cases/rebase-proposal.js';
import { recordConsent } from './use-cases/record-consent.js';
import { repairBranches } from './use-cases/repair-branches.js';
import { runProposalImpact } from './use-cases/run-proposal-impact.js';
import { submitProposal } from './use-cases/submit-proposal.js';
import { transitionProposal } from './use-cases/transition-proposal.js';
import { draftOverlaps, listExplanations, listProposals, viewProposal } from './use-cases/view-proposal.js';
import type { Actor } from './types.js';
import type { ProposalComment, ProposalConsent, ProposalCreate, ProposalPatch, ProposalTransition } from '../../schemas/api/api-types.js';

export type { ProposalView } from './use-cases/view-proposal.js';


export function createProposals(ctx: AmendContext) {
  return {
    repairBranches: () => repairBranches(ctx),
    view: (id: number) => viewProposal(ctx, id),
    list: (state?: string) => listProposals(ctx, state),
    create: (actor: Actor, body: ProposalCreate) => createProposal(ctx, actor, body),
    patch: (actor: Actor, id: number, body: ProposalPatch, ifMatch?: string[]) => editProposal(ctx, actor, id, body, ifMatch),
    submit: (actor: Actor, id: number) => submitProposal(ctx, actor, id),
    transition: (actor: Actor, id: number, body: ProposalTransition) => transitionProposal(ctx, actor, id, body),
    overlaps: (body: Record<string, unknown>) => draftOverlaps(ctx, body),
    rebase: (actor: Actor, id: number) => rebaseProposal(ctx, actor, id),
    impact: (actor: Actor, id: number, body: Record<string, unknown>) => runProposalImpact(ctx, actor, id, body),
    comment: (actor: Actor, id: number, body: ProposalComment) => commentOnProposal(ctx, actor, id, body),
    consent: (actor: Actor, id: number, body: ProposalConsent) => recordConsent(ctx, actor, id, body),
    explanations: (protocol?: string, rule?: string) => listExplanations(ctx, protocol, rule),
  };
}

export type Proposals = ReturnType<typeof createProposals>;
