/** A contracted provider's consent (or refusal) on a change during its consultation, recorded by a reviewer or admin. */
import { amsterdamDate } from '../../base/clock.js';
import { consentSummary } from '../consent.js';
import { hasText } from './proposal-input.js';
import { nowIso, type AmendContext } from '../context.js';
import { ApiError } from '../../base/errors.js';
import { conflict, invalid } from '../errors.js';
import type { ProposalConsent } from '../../../schemas/api/api-types.js';
import { authorise } from '../permissions.js';
import type { Actor } from '../types.js';
import { auditProposal, loadProposal } from './proposal-records.js';

/** What the schema (ProposalConsent) cannot say: the day of the answer not after today, and a proof that is more than spaces. */
function checkAnswer(body: ProposalConsent, today: string): void {
  const details: { pointer: string; message: string }[] = [];
  if (body.answeredOn > today) details.push({ pointer: '/answeredOn', message: `de datum van het antwoord ligt na vandaag (${today})` });
  if (!hasText(body.proof)) details.push({ pointer: '/proof', message: 'het bewijs van het antwoord: een documentverwijzing, bijvoorbeeld "brief 2026-017" of "e-mail van 14 februari"' });
  if (details.length) throw invalid('de instemming is niet volledig: ' + details.map((d) => d.message).join('; '), details);
}

/** `body` has passed its schema (ProposalConsent) at the edge. */
export async function recordConsent(ctx: AmendContext, actor: Actor, id: number, body: ProposalConsent) {
  const p = await loadProposal(ctx, id);
  authorise(actor, 'instemming.vastleggen', p);
  checkAnswer(body, amsterdamDate(ctx.clock.now()));
  const answer = { ...body, proof: body.proof.trim() };
  if (p.category !== 'wijzigen') throw conflict('invalid_transition', 'alleen een wijziging vraagt instemming van aanbieders');
  if (p.state !== 'consultatie') throw conflict('invalid_transition', `instemming wordt vastgelegd tijdens de consultatie; voorstel ${id} is ${p.state}`);
  const provider = await ctx.store.getProvider(answer.providerId);
  if (!provider) throw new ApiError('not_found', 'unknown_provider', `aanbieder ${answer.providerId} staat niet in het register`, [{ pointer: '/providerId', message: 'onbekend' }]);
  if (!provider.contracted) throw conflict('provider_not_contracted', `aanbieder ${provider.id} is niet gecontracteerd`, [{ pointer: '/providerId', message: 'niet gecontracteerd' }]);
  const c = await ctx.store.tx(async (t) => {
    await t.setConsent(id, provider.id, { agrees: answer.agrees, answeredOn: answer.answeredOn, proof: answer.proof }, actor.username, nowIso(ctx.clock));
    await auditProposal(ctx, t, p, actor.username, answer.agrees ? 'instemming' : 'geen instemming', p.state, p.state,
      `aanbieder ${provider.id}, antwoord van ${answer.answeredOn}, bewijs: ${answer.proof}`);
    return t.countConsent(id);
  });
  return consentSummary(c.agreed, c.total);
}
