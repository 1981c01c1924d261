/** The impact analysis of a proposal on a seeded synthetic corpus, run in the check pool and kept with the proposal (anyone logged in). */
import { nowIso, type AmendContext } from '../context.js';
import { conflict, invalid } from '../errors.js';
import { IMPACT_SIZE, proposalImpact } from '../proposal-impact.js';
import type { Actor } from '../types.js';
import { readVersionView } from '../version-layout.js';
import { loadProposal } from './proposal-records.js';

export async function runProposalImpact(ctx: AmendContext, actor: Actor, id: number, body: Record<string, unknown>) {
  const p = await loadProposal(ctx, id);
  const size = body.size === undefined ? IMPACT_SIZE.default : body.size;
  const seed = body.seed === undefined ? 1 : body.seed;
  const details: { pointer: string; message: string }[] = [];
  if (!Number.isInteger(size) || (size as number) < 1 || (size as number) > IMPACT_SIZE.max) details.push({ pointer: '/size', message: `geheel getal 1..${IMPACT_SIZE.max}` });
  if (!Number.isInteger(seed)) details.push({ pointer: '/seed', message: 'geheel getal' });
  if (details.length) throw invalid('verwacht { size?, seed? }', details);
  if (p.category === 'verhelderen') throw conflict('invalid_transition', 'een verheldering wijzigt geen regels; er is geen impact');
  const report = await proposalImpact(await readVersionView(ctx.repo), p, await ctx.store.getFiles(id), seed as number, size as number);
  return ctx.store.addImpact({ proposalId: id, at: nowIso(ctx.clock), actor: actor.username, corpus: `synthetisch corpus, seed ${seed as number}, ${size as number} casussen`, baseVersion: p.baseVersion, state: p.state, report });
}
