/**
 * Bringing a proposal up to date: when another proposal was adopted after it was
 * written, its base is no longer the newest version and adoption must refuse it.
 * Its changes are re-applied on the newest version with a 3-way merge per file
 * (git merge-file), the result is loaded and tested, and only then the proposal
 * moves to the new base. Conflicts and failing tests are answered, never merged
 * silently. In git the branch gets a merge commit (new base tag + old branch head),
 * so `git diff <newest tag> voorstel/<id>` is again exactly the proposal.
 */
import { checkChangedVersion, checkDetails } from '../check-version.js';
import { commitMessage } from '../commit-message.js';
import { gitIdentity, nowIso, type AmendContext } from '../context.js';
import { ApiError } from '../../base/errors.js';
import { conflict } from '../errors.js';
import { newestVersion } from '../overlaps.js';
import { authorise } from '../permissions.js';
import { tagName } from '../rules-repo.js';
import type { Actor, ProposalFile } from '../types.js';
import { filesOfVersion, versionDir } from '../version-files.js';
import { folderIn, readVersionView } from '../version-layout.js';
import { auditProposal, loadProposal } from './proposal-records.js';
import { viewProposal } from './view-proposal.js';

const OPEN = ['concept', 'ingediend', 'in_behandeling', 'consultatie', 'aangenomen'];

export function rebaseProposal(ctx: AmendContext, actor: Actor, id: number) {
  return ctx.exclusive(async () => {
    await rebase(ctx, actor, id);
    return id;
  }).then((done) => viewProposal(ctx, done)); // the view (check pool work) after the lock is released
}

async function rebase(ctx: AmendContext, actor: Actor, id: number): Promise<void> {
  const { store, repo, clock } = ctx;
  const p = await loadProposal(ctx, id);
  authorise(actor, 'voorstel.bijwerken', p);
  if (p.adoptedIn || !OPEN.includes(p.state)) throw conflict('invalid_transition', `voorstel ${p.id} is ${p.adoptedIn ? `al vastgesteld in ${p.adoptedIn}` : p.state} en wordt niet meer bijgewerkt`);
  const all = await readVersionView(repo);
  const newest = newestVersion(all, p.protocol);
  if (!newest || newest === p.baseVersion) throw conflict('up_to_date', `voorstel ${p.id} gaat al uit van de nieuwste versie (${p.protocol} ${p.baseVersion})`);
  const oldDir = versionDir(p.protocol, p.baseVersion);
  const newDir = versionDir(p.protocol, newest);
  const oldBase = filesOfVersion(all, oldDir);
  const newBase = filesOfVersion(all, newDir);

  // Re-apply each changed file: base = the old version's text, ours = the newest version's, theirs = the proposal's.
  const merged: ProposalFile[] = [];
  const clashes: { pointer: string; message: string }[] = [];
  for (const [i, f] of (await store.getFiles(p.id)).entries()) {
    const rel = f.path.slice(oldDir.length + 1);
    const path = `${newDir}/${rel}`;
    const before = oldBase.get(f.path);
    const now = newBase.get(path);
    if (before === f.text) continue; // unchanged by the proposal
    if (before === undefined) { merged.push({ path, text: f.text }); continue; } // a file the proposal adds
    if (now === undefined) { clashes.push({ pointer: `/files/${i}`, message: `${rel} bestaat niet meer in ${p.protocol} ${newest}` }); continue; }
    if (now === before) { merged.push({ path, text: f.text }); continue; }
    const m = await repo.mergeText(before, now, f.text);
    if (m.conflicts) clashes.push({ pointer: `/files/${i}`, message: `${rel}: ${m.conflicts} tekstconflict${m.conflicts === 1 ? '' : 'en'} met de wijzigingen in ${p.protocol} ${newest}` });
    else merged.push({ path, text: m.text });
  }
  if (clashes.length) throw conflict('rebase_conflict', `voorstel ${p.id} botst met ${p.protocol} ${newest}: ${clashes[0].message}; pas het voorstel aan of trek het in`, clashes);

  const check = await checkChangedVersion(newDir, new Map([...newBase, ...merged.map((f) => [f.path, f.text] as const)]), ctx.facts);
  if (!check.ok) {
    throw new ApiError('unprocessable', 'rebase_invalid', `op ${p.protocol} ${newest} laadt, compileert of slaagt het voorstel niet (${check.diagnostics.length} problemen, ${check.tests.failed} tests falen); er is niets veranderd`, checkDetails(check, '/path/id'));
  }

  const at = nowIso(clock);
  await store.tx(async (t) => {
    await t.updateProposal(p.id, { baseVersion: newest, updatedAt: at });
    await t.setFiles(p.id, merged);
    await auditProposal(ctx, t, p, actor.username, 'bijgewerkt', p.state, p.state, `opnieuw toegepast op ${p.protocol} ${newest} (was ${p.baseVersion}); ${check.tests.passed} tests geslaagd`);
  });

  // The branch: a merge of the newest tag and the old head, with the proposal's files on top.
  const protocol = p.protocol.toLowerCase();
  const start = (await repo.resolve(`refs/tags/${tagName(p.protocol, newest)}`))!;
  const head = await repo.resolve(`refs/heads/${p.branch}`);
  const folder = folderIn(await repo.readFiles(start, `${protocol}/`), protocol, newest);
  const changes = new Map(merged.map((f) => [folder + f.path.slice(newDir.length + 1), f.text] as [string, string | null]));
  const tree = await repo.writeTree(start, changes);
  const commit = await repo.commit(tree, head ? [start, head] : [start], commitMessage(`Voorstel ${p.id}: bijgewerkt naar ${p.protocol} ${newest}`), gitIdentity(actor, clock));
  await repo.updateRefs([{ ref: `refs/heads/${p.branch}`, to: commit, from: head }]);
}
