/** A contracted provider's consent (or refusal) on a change during its consultation, recorded by a reviewer or admin. */
import { consentSummary } from '../consent.js';
import { nowIso, type AmendContext } from '../context.js';
import { ApiError } from '../../base/errors.js';
import { conflict } from '../errors.js';
import type { ProposalConsent } from '../../../schemas/api/api-types.js';
import { authorise } from '../permissions.js';
import type { Actor } from '../types.js';
import { auditProposal, loadProposal } from './proposal-records.js';

/** `body` has passed its schema (ProposalConsent) at the edge. */
export async function recordConsent(ctx: AmendContext, actor: Actor, id: number, body: ProposalConsent) {
  const p = await loadProposal(ctx, id);
  authorise(actor, 'instemming.vastleggen', p);
  if (p.category !== 'wijzigen') throw conflict('invalid_transition', 'alleen een wijziging vraagt instemming van aanbieders');
  if (p.state !== 'consultatie') throw conflict('invalid_transition', `instemming wordt vastgelegd tijdens de consultatie; voorstel ${id} is ${p.state}`);
  const provider = await ctx.store.getProvider(body.providerId);
  if (!provider) throw new ApiError('not_found', 'unknown_provider', `aanbieder ${body.providerId} staat niet in het register`, [{ pointer: '/providerId', message: 'onbekend' }]);
  if (!provider.contracted) throw conflict('provider_not_contracted', `aanbieder ${provider.id} is niet gecontracteerd`, [{ pointer: '/providerId', message: 'niet gecontracteerd' }]);
  const agrees = body.agrees;
  const c = await ctx.store.tx(async (t) => {
    await t.setConsent(id, provider.id, agrees, actor.username, nowIso(ctx.clock));
    await auditProposal(ctx, t, p, actor.username, agrees ? 'instemming' : 'geen instemming', p.state, p.state, `aanbieder ${provider.id}`);
    return t.countConsent(id);
  });
  return consentSummary(c.agreed, c.total);
}
