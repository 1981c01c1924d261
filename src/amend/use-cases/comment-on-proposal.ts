/** A comment on a proposal: anyone logged in, append-only. */
import { nowIso, type AmendContext } from '../context.js';
import { invalid } from '../errors.js';
import { checkComment } from '../quotas.js';
import type { Actor } from '../types.js';
import { loadProposal } from './proposal-records.js';
import { hasText } from './proposal-input.js';
import type { ProposalComment } from '../../../schemas/api/api-types.js';

/** `body` has passed its schema (ProposalComment) at the edge. */
export async function commentOnProposal(ctx: AmendContext, actor: Actor, id: number, body: ProposalComment) {
  const p = await loadProposal(ctx, id);
  if (!hasText(body.text)) throw invalid('text: verplichte tekst', [{ pointer: '/text', message: 'verplicht' }]);
  await checkComment(ctx, actor, p.id, body.text);
  return ctx.store.addComment(p.id, actor.username, nowIso(ctx.clock), body.text);
}
