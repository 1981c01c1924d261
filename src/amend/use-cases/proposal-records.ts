/** Reading a proposal (404 when it does not exist) and writing its audit entries: what every proposal use case needs. */
import { nowIso, type AmendContext } from '../context.js';
import { notFound } from '../errors.js';
import type { StoreOps } from '../store/store.js';
import type { Proposal, ProposalState } from '../types.js';

export async function loadProposal(ctx: AmendContext, id: number): Promise<Proposal> {
  const p = Number.isInteger(id) ? await ctx.store.getProposal(id) : undefined;
  if (!p) throw notFound(`voorstel ${id}`);
  return p;
}

/** One audit entry about a proposal, written with `t` (inside the step's transaction). */
export function auditProposal(ctx: AmendContext, t: StoreOps, p: Pick<Proposal, 'id'>, actor: string, action: string, from: ProposalState | null, to: ProposalState | null, reason: string | null) {
  return t.audit({ at: nowIso(ctx.clock), actor, entity: 'proposal', entityId: String(p.id), action, from, to, reason });
}
