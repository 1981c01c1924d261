/**
 * A proposal's branch `voorstel/<id>` in the rules repository. It starts at the
 * base version's tag, so `git diff rtp-2.0 voorstel/<id>` shows exactly the proposal.
 */
import { commitMessage, type CommitMessage } from '../commit-message.js';
import { gitIdentity, type AmendContext } from '../context.js';
import { MAIN, tagName } from '../rules-repo.js';
import type { Actor, Proposal, ProposalFile } from '../types.js';
import { versionDir } from '../version-files.js';
import { folderIn } from '../version-layout.js';

/** Commits the proposal's files on its branch; a file dropped from the proposal gets the base version's text back. */
export async function commitBranch(ctx: AmendContext, p: Proposal, files: ProposalFile[], previous: ProposalFile[], actor: Actor, message: CommitMessage): Promise<void> {
  const { repo, clock } = ctx;
  const start = (await repo.resolve(`refs/tags/${tagName(p.protocol, p.baseVersion)}`)) ?? (await repo.resolve(MAIN))!;
  const head = await repo.resolve(`refs/heads/${p.branch}`);
  const protocol = p.protocol.toLowerCase();
  const original = await repo.readFiles(start, `${protocol}/`);
  const current = head ? await repo.readFiles(head, `${protocol}/`) : original;
  // View paths (rtp/2.0/...) to paths in the tree: rtp/... (or rtp/2.0/... in a repository of the earlier layout).
  const dir = versionDir(p.protocol, p.baseVersion);
  const folder = folderIn(original, protocol, p.baseVersion);
  const inTree = (path: string) => folder + path.slice(dir.length + 1);
  const changes = new Map<string, string | null>();
  for (const f of previous) if (!files.some((n) => n.path === f.path)) changes.set(inTree(f.path), original.get(inTree(f.path)) ?? null);
  for (const f of files) if (current.get(inTree(f.path)) !== f.text) changes.set(inTree(f.path), f.text);
  const tree = await repo.writeTree(head ?? start, changes);
  const commit = await repo.commit(tree, [head ?? start], message, gitIdentity(actor, clock));
  await repo.updateRefs([{ ref: `refs/heads/${p.branch}`, to: commit, from: head }]);
}

/** The first commit message of a proposal's branch: its title as subject, its rationale as one item (both made single-line). */
export function branchMessage(p: Pick<Proposal, 'id' | 'title' | 'rationale'>): CommitMessage {
  return commitMessage(`Voorstel ${p.id}: ${p.title}`, [`toelichting: ${p.rationale}`]);
}
