/**
 * Conflicts seen early: which other open proposals of the same protocol change
 * the same rule, table row, test case or file, and whether a proposal's base is
 * still the newest version (adoption needs that). Shown while reviewing, and
 * checked before a proposal is accepted, so no accepted proposal gets stuck.
 */
import type { RuleFiles } from '../load/rule-source.js';
import { itemChanges } from './changes.js';
import type { StoreOps } from './store/store.js';
import type { Proposal } from './types.js';
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

/** States in which a proposal may still end up in a version. */
const OPEN = new Set(['concept', 'ingediend', 'in_behandeling', 'consultatie', 'aangenomen']);

/** The newest version of the protocol in the view, e.g. "2.1". */
export function newestVersion(all: RuleFiles, protocol: string): string | undefined {
  const prefix = `${protocol.toLowerCase()}/`;
  return [...new Set([...all.keys()].filter((p) => p.startsWith(prefix)).map((p) => p.split('/')[1]))].sort(compareVersions).pop();
}

/** Other open (not yet adopted) proposals of the same protocol that touch what `p` touches. */
export async function overlapsOf(store: StoreOps, all: RuleFiles, p: Proposal, states: Set<string> = OPEN): Promise<Overlap[]> {
  return overlapsOfFiles(store, all, p, await store.getFiles(p.id), states);
}

/**
 * The same for changed files not (yet) stored as a proposal, e.g. the editor's draft; `p.id`
 * (when given) is left out, so a draft that continues a concept does not overlap itself.
 */
export async function overlapsOfFiles(store: StoreOps, all: RuleFiles, p: { id?: number; protocol: string; baseVersion: string }, files: { path: string; text: string }[], states: Set<string> = OPEN): Promise<Overlap[]> {
  const changes = async (q: Proposal) => itemChanges(filesOfVersion(all, versionDir(q.protocol, q.baseVersion)), await store.getFiles(q.id));
  const mine = itemChanges(filesOfVersion(all, versionDir(p.protocol, p.baseVersion)), files);
  const keys = new Map(mine.map((c) => [c.key, c.label]));
  // A file changed by both counts only when the file could not be read item by item.
  const out: Overlap[] = [];
  for (const q of await store.listProposals()) {
    if (q.id === p.id || q.protocol !== p.protocol || q.adoptedIn || !states.has(q.state)) continue;
    const shared = (await changes(q)).filter((c) => keys.has(c.key)).map((c) => `${c.label} (${c.file})`);
    if (shared.length) out.push({ id: q.id, title: q.title, state: q.state, author: q.author, items: [...new Set(shared)] });
  }
  return out;
}
