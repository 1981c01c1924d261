/**
 * Conflicts seen early: which other open proposals of the same protocol change
 * the same rule, table row, test case or file, and whether a proposal's base is
 * still the newest version (adoption needs that). Shown while reviewing, and
 * checked before a proposal is accepted, so no accepted proposal gets stuck.
 *
 * No YAML is parsed here: a stored proposal's item changes are computed once
 * per revision (its branch commit, base version and last change), from items
 * read in the check pool (item-index.ts), and kept; a request only compares keys.
 */
import type { RuleFiles } from '../load/rule-source.js';
import type { ItemChange } from '../diff/changes.js';
import { itemChangesOffThread } from './item-index.js';
import type { RulesRepo } from './rules-repo.js';
import type { StoreOps } from './store/store.js';
import type { Proposal, ProposalFile } from './types.js';
import { filesOfVersion, versionDir } from './version-files.js';
import { compareVersions } from './version-layout.js';

export interface Overlap {
  id: number;
  title: string;
  state: string;
  author: string;
  /** The shared items in words (e.g. "rij tariefgroep="TG3" vanaf 2025-01-01 van tabel uurtarieven"), or the shared files. */
  items: string[];
}

/** What overlaps need: the store (records, files) and the rules repository (the proposals' branches). */
export interface OverlapSources {
  store: StoreOps;
  repo: RulesRepo;
}

/** States in which a proposal may still end up in a version. */
const OPEN = new Set(['concept', 'ingediend', 'in_behandeling', 'consultatie', 'aangenomen']);

/** The newest version of the protocol in the view, e.g. "2.1". */
export function newestVersion(all: RuleFiles, protocol: string): string | undefined {
  const prefix = `${protocol.toLowerCase()}/`;
  return [...new Set([...all.keys()].filter((p) => p.startsWith(prefix)).map((p) => p.split('/')[1]))].sort(compareVersions).pop();
}

/** Item changes of stored proposals, by revision; at most this many proposals are kept. */
const MAX_PROPOSALS = 2_000;
const byRevision = new Map<string, ItemChange[]>();

/** Every branch's commit, in one git call. */
async function branchHeads(repo: RulesRepo): Promise<Map<string, string>> {
  const out = await repo.git(['for-each-ref', '--format=%(objectname) %(refname:strip=2)', 'refs/heads/'], { allow: () => true });
  const heads = new Map<string, string>();
  for (const line of out.stdout.toString('utf8').split('\n')) {
    const i = line.indexOf(' ');
    if (i > 0) heads.set(line.slice(i + 1), line.slice(0, i));
  }
  return heads;
}

/**
 * A stored proposal's item changes against its base version. Its branch holds exactly its files
 * (each write commits them), so the branch commit with the base version and the record's last
 * change names the revision; the files are read from the store only when that revision is new.
 */
export async function proposalChanges(src: OverlapSources, all: RuleFiles, q: Proposal, o: { heads?: Map<string, string>; files?: ProposalFile[] } = {}): Promise<ItemChange[]> {
  const commit = (o.heads ?? (await branchHeads(src.repo))).get(q.branch);
  const key = commit && `${q.id}|${q.baseVersion}|${q.updatedAt}|${commit}`;
  const hit = key ? byRevision.get(key) : undefined;
  if (hit) return hit;
  const changes = await itemChangesOffThread(filesOfVersion(all, versionDir(q.protocol, q.baseVersion)), o.files ?? (await src.store.getFiles(q.id)));
  if (key) {
    byRevision.set(key, changes);
    if (byRevision.size > MAX_PROPOSALS) byRevision.delete(byRevision.keys().next().value!);
  }
  return changes;
}

/** Other open (not yet adopted) proposals of the same protocol that touch what `p` touches. */
export async function overlapsOf(src: OverlapSources, all: RuleFiles, p: Proposal, states: Set<string> = OPEN): Promise<Overlap[]> {
  const heads = await branchHeads(src.repo);
  return overlapsWith(src, all, p, await proposalChanges(src, all, p, { heads }), states, heads);
}

/**
 * The same for changed files not (yet) stored as a proposal, e.g. the editor's draft; `p.id`
 * (when given) is left out, so a draft that continues a concept does not overlap itself.
 */
export async function overlapsOfFiles(src: OverlapSources, all: RuleFiles, p: { id?: number; protocol: string; baseVersion: string }, files: { path: string; text: string }[], states: Set<string> = OPEN): Promise<Overlap[]> {
  return overlapsWith(src, all, p, await itemChangesOffThread(filesOfVersion(all, versionDir(p.protocol, p.baseVersion)), files), states);
}

async function overlapsWith(src: OverlapSources, all: RuleFiles, p: { id?: number; protocol: string }, mine: ItemChange[], states: Set<string>, heads?: Map<string, string>): Promise<Overlap[]> {
  const keys = new Map(mine.map((c) => [c.key, c.label]));
  if (!keys.size) return [];
  heads ??= await branchHeads(src.repo);
  // A file changed by both counts only when the file could not be read item by item.
  const out: Overlap[] = [];
  for (const q of await src.store.listProposals()) {
    if (q.id === p.id || q.protocol !== p.protocol || q.adoptedIn || !states.has(q.state)) continue;
    const shared = (await proposalChanges(src, all, q, { heads })).filter((c) => keys.has(c.key)).map((c) => `${c.label} (${c.file})`);
    if (shared.length) out.push({ id: q.id, title: q.title, state: q.state, author: q.author, items: [...new Set(shared)] });
  }
  return out;
}
