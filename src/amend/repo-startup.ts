/**
 * Making the rules repository and bringing it up to date at start: the shipped
 * versions of `rules/` it lacks are committed one version per commit, in order
 * of validFrom, each tagged; a repository of the earlier layout (version
 * folders on `main`) gets one commit that moves main to one folder per
 * protocol. All ref moves of a start happen in one git transaction.
 */
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { readRuleFiles, type RuleFiles } from '../load/rule-source.js';
import { commitMessage, type CommitMessage } from './commit-message.js';
import { runGit, type GitIdentity } from './git.js';
import { MAIN, openRulesRepo, tagName, type RefUpdate, type RulesRepo } from './rules-repo.js';
import { relativeTo } from './version-files.js';
import { compareVersions, protocolFolderChanges, readTaggedVersions, rulesetMeta, type VersionTag } from './version-layout.js';
import { inVersionDir, isVersionDir, versionDirOf } from '../base/rule-tree.js';

export interface RepoStartup {
  /** Versions taken over from rules/ at this start ("rtp/2.0"). */
  imported: string[];
  /** Shipped versions whose files differ from the repository's (the repository wins). */
  differing: string[];
  /** True when main was moved from the earlier layout. */
  migrated: boolean;
}

/**
 * Opens the rules repository, creating it on first start as a bare repository.
 * A repository given by the operator is used as it is, but refused when its
 * checkout is on `main` (moving main under someone's checkout would make their
 * work tree look changed).
 */
export async function initRulesRepo(path: string, shippedDir: string, who: GitIdentity): Promise<RulesRepo & { startup: RepoStartup }> {
  const abs = resolve(path);
  const fresh = !existsSync(abs) || readdirSync(abs).length === 0;
  if (fresh) await runGit(['init', '--quiet', '--bare', '--initial-branch=main', abs]);
  const repo = await openRulesRepo(abs);
  const bare = (await repo.git(['rev-parse', '--is-bare-repository'])).stdout.toString('utf8').trim() === 'true';
  if (!bare) {
    const head = await repo.git(['symbolic-ref', '-q', 'HEAD'], { allow: () => true });
    if (head.stdout.toString('utf8').trim() === MAIN) {
      throw new Error(`de regelrepository ${abs} heeft main uitgecheckt; gebruik een kale (bare) repository of check een andere tak uit`);
    }
  }
  return { ...repo, startup: await bringUpToDate(repo, shippedDir, who) };
}

const versionDirs = (files: RuleFiles) => [...new Set([...files.keys()].map(versionDirOf).filter(isVersionDir))];

const validFromOf = (files: RuleFiles, dir: string) => rulesetMeta(files.get(`${dir}/ruleset.yaml`))?.validFrom ?? '';

/**
 * Takes over shipped versions the repository has no tag for; versions already
 * tagged are never overwritten (adoption may have changed them). A version
 * newer than its protocol's newest becomes a commit on main; an older one (a
 * developer added rtp/1.1 to rules/) a tagged commit beside main.
 */
export async function bringUpToDate(repo: RulesRepo, shippedDir: string, who: GitIdentity): Promise<RepoStartup> {
  const shipped = readRuleFiles(shippedDir);
  const main = await repo.resolve(MAIN);
  const { tags, files: tagged } = await readTaggedVersions(repo);
  const have = new Set(tags.map((t) => `${t.protocol}/${t.version}`));
  const dirs = versionDirs(shipped);
  const differing = dirs.filter((d) => have.has(d) && [...shipped].some(([p, t]) => p.startsWith(`${d}/`) && tagged.get(p) !== t)).sort();
  const missing = dirs.filter((d) => !have.has(d))
    .sort((a, b) => validFromOf(shipped, a).localeCompare(validFromOf(shipped, b)) || a.localeCompare(b, undefined, { numeric: true }));

  let tip = main;
  const tree: RuleFiles = main ? await repo.readFiles(main) : new Map();
  const updates: RefUpdate[] = [];
  const commitOnMain = async (changes: Map<string, string | null>, message: CommitMessage) => {
    const id = await repo.commit(await repo.writeTree(tip, changes), tip ? [tip] : [], message, who);
    for (const [p, t] of changes) if (t === null) tree.delete(p); else tree.set(p, t);
    tip = id;
    return id;
  };

  const migrated = main !== null && [...tree.keys()].some(inVersionDir);
  if (migrated) await commitOnMain(migrationChanges(tree, tags, tagged), commitMessage('Regelrepository omgezet: één map per protocol, elke versie een tag'));

  const newest = new Map<string, string>();
  for (const t of tags) if (compareVersions(t.version, newest.get(t.protocol) ?? '0') > 0) newest.set(t.protocol, t.version);
  const tagAt = async (dir: string, commit: string) => {
    const [protocol, version] = dir.split('/');
    const name = tagName(protocol, version);
    updates.push({ ref: `refs/tags/${name}`, to: await repo.makeTag(name, commit, commitMessage(`${protocol.toUpperCase()} ${version} (overgenomen uit rules/)`), who), from: null });
  };

  // First start: the first version of every protocol together, then one commit per version.
  const first: string[] = [];
  if (!tip) for (const d of missing) if (!first.some((f) => f.split('/')[0] === d.split('/')[0])) first.push(d);
  if (first.length) {
    const changes = new Map<string, string | null>();
    for (const d of first) for (const [k, v] of protocolFolderChanges(tree, d.split('/')[0], relativeTo(shipped, d))) changes.set(k, v);
    const commit = await commitOnMain(changes, commitMessage(`Regels overgenomen uit rules/ (eerste start): ${first.join(', ')}`));
    for (const d of first) { newest.set(d.split('/')[0], d.split('/')[1]); await tagAt(d, commit); }
  }
  for (const d of missing.filter((x) => !first.includes(x))) {
    const [protocol, version] = d.split('/');
    const changes = protocolFolderChanges(tree, protocol, relativeTo(shipped, d));
    const message = commitMessage(`${protocol.toUpperCase()} ${version} overgenomen uit rules/`);
    if (compareVersions(version, newest.get(protocol) ?? '0') > 0) {
      await tagAt(d, await commitOnMain(changes, message));
      newest.set(protocol, version);
    } else {
      // An older version than main's: a tagged commit beside main, main stays where it is.
      await tagAt(d, await repo.commit(await repo.writeTree(tip, changes), [tip!], message, who));
    }
  }
  if (tip !== main) updates.unshift({ ref: MAIN, to: tip!, from: main });
  if (updates.length) await repo.updateRefs(updates);
  return { imported: missing, differing, migrated };
}

/** Main's tree of the earlier layout, turned into one folder per protocol holding its newest tagged version. */
function migrationChanges(tree: RuleFiles, tags: VersionTag[], tagged: RuleFiles): Map<string, string | null> {
  const changes = new Map<string, string | null>();
  for (const protocol of new Set(tags.map((t) => t.protocol))) {
    const newest = tags.filter((t) => t.protocol === protocol).at(-1)!;
    for (const [k, v] of protocolFolderChanges(tree, protocol, relativeTo(tagged, `${protocol}/${newest.version}`))) changes.set(k, v);
  }
  return changes;
}
