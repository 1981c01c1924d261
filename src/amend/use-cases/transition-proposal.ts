/**
 * Moving a submitted proposal along the state machine (state-machine.ts) by
 * the right person (permissions.ts), with the category's requirements:
 * enough provider consent for a change, and no acceptance that adoption would
 * have to refuse (stale base, or another accepted proposal on the same item).
 */
import { consentSummary } from '../consent.js';
import { nowIso, type AmendContext } from '../context.js';
import { ApiError } from '../../base/errors.js';
import { conflict, invalid } from '../errors.js';
import { newestVersion, overlapsOf } from '../overlaps.js';
import { authorise } from '../permissions.js';
import { findEdge, moverFor } from '../state-machine.js';
import type { Actor, Proposal } from '../types.js';
import { readVersionView } from '../version-layout.js';
import { hasText } from './proposal-input.js';
import type { ProposalTransition } from '../../../schemas/api/api-types.js';
import { auditProposal, loadProposal } from './proposal-records.js';
import { viewProposal } from './view-proposal.js';

async function requireConsent(ctx: AmendContext, p: Proposal) {
  const c = await ctx.store.countConsent(p.id);
  const s = consentSummary(c.agreed, c.total);
  if (!s.sufficient) {
    throw new ApiError('unprocessable', 'insufficient_consent', `${s.agreed} van ${s.total} gecontracteerde aanbieders stemmen in (${s.percent}%); minstens ${s.required}% is nodig`, [{ pointer: '/consents', message: `${s.agreed}/${s.total}` }]);
  }
}

/** Acceptance would leave the proposal stuck when adoption must refuse it. */
async function refuseStuckAcceptance(ctx: AmendContext, p: Proposal) {
  const all = await readVersionView(ctx.repo);
  const newest = newestVersion(all, p.protocol);
  if (newest && newest !== p.baseVersion) {
    throw conflict('stale_base', `voorstel ${p.id} gaat uit van ${p.protocol} ${p.baseVersion}, maar inmiddels is ${p.protocol} ${newest} vastgesteld; werk het voorstel bij naar ${newest} of trek het in`, [{ pointer: '/baseVersion', message: `basis ${p.baseVersion} is niet de nieuwste versie (${newest})` }]);
  }
  const clashes = await overlapsOf(ctx, all, p, new Set(['aangenomen']));
  if (clashes.length) {
    throw conflict('proposal_conflict', `voorstel ${clashes[0].id} ("${clashes[0].title}") is al aangenomen en wijzigt hetzelfde: ${clashes[0].items[0]}; voeg de voorstellen samen of wijs dit voorstel af`,
      clashes.flatMap((c) => c.items.map((item) => ({ pointer: `/proposals/${c.id}`, message: `voorstel ${c.id} wijzigt ook ${item}` }))));
  }
}

/** `body` has passed its schema (ProposalTransition) at the edge. */
export function transitionProposal(ctx: AmendContext, actor: Actor, id: number, body: ProposalTransition) {
  return ctx.exclusive(async () => {
    const p = await loadProposal(ctx, id);
    const { to, reason } = body;
    if (!hasText(reason)) throw invalid('geef een reden (reason) voor deze stap', [{ pointer: '/reason', message: 'verplicht' }]);
    authorise(actor, moverFor(to) === 'author' ? 'voorstel.intrekken' : 'voorstel.beoordelen', p);
    if (!findEdge(p.category, p.state, to)) throw conflict('invalid_transition', `van ${p.state} naar ${to} kan niet voor een voorstel van de categorie ${p.category}`);
    if (p.category === 'wijzigen' && to === 'aangenomen') await requireConsent(ctx, p);
    if (to === 'aangenomen' && p.category !== 'verhelderen') await refuseStuckAcceptance(ctx, p);
    await ctx.store.tx(async (t) => {
      // The consultation ends: its counts are kept as they stand now, whatever the register becomes later.
      const decidedConsent = p.state === 'consultatie' ? await t.countConsent(id) : undefined;
      await t.updateProposal(id, { state: to, updatedAt: nowIso(ctx.clock), ...(decidedConsent ? { decidedConsent } : {}) });
      await auditProposal(ctx, t, p, actor.username, 'overgang', p.state, to, reason.trim());
    });
    return id;
  }).then((done) => viewProposal(ctx, done)); // the view (check pool work) after the lock is released
}
