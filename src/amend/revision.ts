/**
 * A concept's revision: a short hash of everything its author edits (title, rationale,
 * explanation, rules, files) and its state. GET and PATCH answer it in the `ETag`; a PATCH
 * with `If-Match` of an older revision is refused (409 edit_conflict), so a second tab or
 * device never silently overwrites the first.
 */
import { createHash } from 'node:crypto';
import type { Proposal, ProposalFile } from './types.js';

export function proposalRevision(p: Pick<Proposal, 'state' | 'title' | 'rationale' | 'explanation' | 'rules'>, files: ProposalFile[]): string {
  const content = JSON.stringify([p.state, p.title, p.rationale, p.explanation ?? null, p.rules, files.map((f) => [f.path, f.text])]);
  return createHash('sha256').update(content).digest('hex').slice(0, 20);
}

/** The ETag of a proposal's view: `<revision>.<hash of the answer>` (the answer part only keeps caches honest). */
export function etagOf(revision: string, body: string): string {
  return `${revision}.${createHash('sha256').update(body).digest('hex').slice(0, 16)}`;
}

/** An `If-Match` header's revisions (`"abc"`, `W/"abc.def"` as the ETag gives it, a list, or `*`); undefined when absent. */
export function ifMatchRevisions(header: string | undefined): string[] | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  return header.split(',').map((t) => t.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1').split('.')[0]).filter(Boolean);
}
