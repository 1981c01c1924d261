/**
 * The impact analysis of a proposal, run in the check pool and kept with the proposal (anyone logged in):
 * on a seeded synthetic corpus (`{ size?, seed? }`), or on the decision log's requests
 * (`{ corpus: "decision-log", days? }` the last days, default 30, or `since`/`until`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DECISION_LOG_CORPUS, describeLogCorpus, writeLoggedCorpus } from '../../decision-log/corpus.js';
import { lastDays, periodOf, PeriodError } from '../../decision-log/period.js';
import { nowIso, type AmendContext } from '../context.js';
import { conflict, invalid } from '../errors.js';
import { IMPACT_SIZE, proposalImpact } from '../proposal-impact.js';
import type { Actor, Proposal } from '../types.js';
import { readVersionView } from '../version-layout.js';
import { loadProposal } from './proposal-records.js';

/** Days of the decision log a proposal's impact looks at when no dates are given. */
export const LOG_DAYS = { default: 30, max: 366 };

export async function runProposalImpact(ctx: AmendContext, actor: Actor, id: number, body: Record<string, unknown>) {
  const p = await loadProposal(ctx, id);
  if (body.corpus !== undefined) return logImpact(ctx, actor, p, body);
  const size = body.size === undefined ? IMPACT_SIZE.default : body.size;
  const seed = body.seed === undefined ? 1 : body.seed;
  const details: { pointer: string; message: string }[] = [];
  if (!Number.isInteger(size) || (size as number) < 1 || (size as number) > IMPACT_SIZE.max) details.push({ pointer: '/size', message: `geheel getal 1..${IMPACT_SIZE.max}` });
  if (!Number.isInteger(seed)) details.push({ pointer: '/seed', message: 'geheel getal' });
  if (details.length) throw invalid('verwacht { size?, seed? } of { corpus: "decision-log", days? }', details);
  if (p.category === 'verhelderen') throw conflict('invalid_transition', 'een verheldering wijzigt geen regels; er is geen impact');
  const report = await proposalImpact(await readVersionView(ctx.repo), p, await ctx.store.getFiles(id), seed as number, size as number);
  return ctx.store.addImpact({ proposalId: id, at: nowIso(ctx.clock), actor: actor.username, corpus: `synthetisch corpus, seed ${seed as number}, ${size as number} casussen`, baseVersion: p.baseVersion, state: p.state, report });
}

/** The proposal replayed on the decision log's requests of a period: each answered by the version it meets on its reference date. */
async function logImpact(ctx: AmendContext, actor: Actor, p: Proposal, body: Record<string, unknown>) {
  const id = p.id;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const details: { pointer: string; message: string }[] = [];
  if (body.corpus !== DECISION_LOG_CORPUS) details.push({ pointer: '/corpus', message: `alleen "${DECISION_LOG_CORPUS}"` });
  for (const k of ['since', 'until'] as const) if (body[k] !== undefined && typeof body[k] !== 'string') details.push({ pointer: `/${k}`, message: 'een datum JJJJ-MM-DD' });
  const days = body.days === undefined ? LOG_DAYS.default : body.days;
  if (!Number.isInteger(days) || (days as number) < 1 || (days as number) > LOG_DAYS.max) details.push({ pointer: '/days', message: `geheel getal 1..${LOG_DAYS.max}` });
  if (details.length) throw invalid('verwacht { corpus: "decision-log", days? } of { corpus: "decision-log", since?, until? }', details);
  if (p.category === 'verhelderen') throw conflict('invalid_transition', 'een verheldering wijzigt geen regels; er is geen impact');
  const dates = body.since === undefined && body.until === undefined ? lastDays(days as number, ctx.clock) : { since: str(body.since), until: str(body.until) };
  let period;
  try {
    period = periodOf(dates.since, dates.until);
  } catch (e) {
    if (!(e instanceof PeriodError)) throw e;
    throw invalid(e.message, [{ pointer: `/${e.field}`, message: e.message }]);
  }
  const dir = mkdtempSync(join(tmpdir(), 'impact-log-'));
  try {
    const file = join(dir, 'corpus.jsonl');
    const count = await writeLoggedCorpus(ctx.store, period, file);
    const report = await proposalImpact(await readVersionView(ctx.repo), p, await ctx.store.getFiles(id), 1, 1, file);
    return ctx.store.addImpact({ proposalId: id, at: nowIso(ctx.clock), actor: actor.username, corpus: describeLogCorpus(dates.since, dates.until, count), baseVersion: p.baseVersion, state: p.state, report });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
