/**
 * At start: a crash between a proposal's record and its first commit leaves no
 * branch, so it is made from the stored files. A record that cannot be
 * repaired is set aside (returned with the reason): one bad record never stops a start.
 */
import type { AmendContext } from '../context.js';
import { branchMessage, commitBranch } from './proposal-branch.js';

export async function repairBranches(ctx: AmendContext): Promise<{ repaired: number[]; setAside: { id: number; reason: string }[] }> {
  const { store, repo } = ctx;
  const repaired: number[] = [];
  const setAside: { id: number; reason: string }[] = [];
  for (const id of await store.proposalIds()) {
    try {
      const p = await store.getProposal(id);
      if (!p || (await repo.resolve(`refs/heads/${p.branch}`))) continue;
      await commitBranch(ctx, p, await store.getFiles(p.id), [], { username: p.author, name: p.author, roles: [] }, branchMessage(p));
      repaired.push(p.id);
    } catch (e) {
      setAside.push({ id, reason: String((e as Error)?.message ?? e).slice(0, 500) });
    }
  }
  return { repaired, setAside };
}
