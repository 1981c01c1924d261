/** A comment on a proposal: anyone logged in, append-only. */
import { nowIso, type AmendContext } from '../context.js';
import { invalid } from '../errors.js';
import { checkComment } from '../quotas.js';
import type { Actor } from '../types.js';
import { loadProposal } from './proposal-records.js';

export async function commentOnProposal(ctx: AmendContext, actor: Actor, id: number, body: Record<string, unknown>) {
  const p = await loadProposal(ctx, id);
  if (typeof body.text !== 'string' || !body.text.trim()) throw invalid('text: verplichte tekst', [{ pointer: '/text', message: 'verplicht' }]);
  await checkComment(ctx, actor, p.id, body.text);
  return ctx.store.addComment(p.id, actor.username, nowIso(ctx.clock), body.text);
}
