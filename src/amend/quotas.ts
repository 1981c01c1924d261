/**
 * Per-user quotas on proposals and comments (docs/limits.md, "Quotas"), so one
 * login cannot fill the store: the size of one proposal and of one comment,
 * the open proposals of one author, the proposals one user creates in 24 hours,
 * the comments one user places on one proposal. Over a quota: 422
 * quota_exceeded naming the field and the setting; the daily quota 429
 * quota_exceeded with Retry-After (waiting helps there).
 */
import { ApiError } from '../base/errors.js';
import type { Quotas } from '../base/limits.js';
import type { AmendContext } from './context.js';
import type { Actor, ProposalFile, ProposalState } from './types.js';

export type { Quotas };

const OPEN: ProposalState[] = ['concept', 'ingediend', 'in_behandeling', 'consultatie'];
const DAY_MS = 86_400_000;

const exceeded = (message: string, pointer: string, setting: string) =>
  new ApiError('unprocessable', 'quota_exceeded', message, [{ pointer, message: `hoogstens volgens ${setting}` }]);

/** The stored size of a proposal in bytes (UTF-8): title, rationale, explanation and every file's path and text. */
export function proposalBytes(p: { title?: string; rationale?: string; explanation?: string | null; files: ProposalFile[] }): number {
  const texts = [p.title ?? '', p.rationale ?? '', p.explanation ?? '', ...p.files.flatMap((f) => [f.path, f.text])];
  return texts.reduce((n, t) => n + Buffer.byteLength(String(t), 'utf8'), 0);
}

export function checkProposalSize(q: Quotas, p: Parameters<typeof proposalBytes>[0]): void {
  const bytes = proposalBytes(p);
  if (bytes > q.proposalBytes) throw exceeded(`het voorstel is ${kb(bytes)} groot; hoogstens ${kb(q.proposalBytes)} per voorstel`, '/files', 'PROPOSAL_MAX_SIZE');
}

/** Before a new proposal: the author's open proposals and those made in the last 24 hours. */
export async function checkNewProposal(ctx: AmendContext, actor: Actor): Promise<void> {
  const q = ctx.quotas;
  const mine = (await ctx.store.listProposals()).filter((p) => p.author === actor.username);
  const open = mine.filter((p) => OPEN.includes(p.state)).length;
  if (open >= q.openProposalsPerUser) {
    throw exceeded(`je hebt al ${open} open voorstellen (hoogstens ${q.openProposalsPerUser}); trek er een in of wacht op een besluit`, '', 'PROPOSALS_MAX_OPEN_PER_USER');
  }
  const now = ctx.clock.now().getTime();
  const today = mine.map((p) => Date.parse(p.createdAt)).filter((t) => t > now - DAY_MS).sort((a, b) => a - b);
  if (today.length >= q.proposalsPerUserPerDay) {
    const e = new ApiError('too_many_requests', 'quota_exceeded', `je maakte ${today.length} voorstellen in 24 uur (hoogstens ${q.proposalsPerUserPerDay}); probeer het later opnieuw`, [{ pointer: '', message: 'hoogstens volgens PROPOSALS_MAX_PER_USER_PER_DAY' }]);
    e.retryAfter = Math.max(1, Math.ceil((today[today.length - q.proposalsPerUserPerDay] + DAY_MS - now) / 1000));
    throw e;
  }
}

/** Before a comment: its length, and the user's comments on this proposal so far. */
export async function checkComment(ctx: AmendContext, actor: Actor, proposalId: number, text: string): Promise<void> {
  const q = ctx.quotas;
  if (text.length > q.commentChars) throw exceeded(`de reactie is ${text.length} tekens lang; hoogstens ${q.commentChars}`, '/text', 'COMMENT_MAX_CHARS');
  const mine = (await ctx.store.listComments(proposalId)).filter((c) => c.author === actor.username).length;
  if (mine >= q.commentsPerUserPerProposal) {
    throw exceeded(`je plaatste al ${mine} reacties bij voorstel ${proposalId} (hoogstens ${q.commentsPerUserPerProposal})`, '/text', 'COMMENTS_MAX_PER_USER_PER_PROPOSAL');
  }
}

const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} kB`;
