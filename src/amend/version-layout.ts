/**
 * The layout of the rules repository, and the versioned view the rest of the
 * code works with.
 *
 * In git, each protocol has one folder (`rtp/`, `rap/`) holding a version; every
 * version is a tag `<protocol>-<version>` on the commit where that folder is the
 * version, and `main` holds the newest one. So `git diff rtp-2.0 rtp-2.1 -- rtp`
 * shows exactly what the adoption changed, line by line, and a proposal's
 * branch starts at its base version's tag.
 *
 * Everything else (loader, registry, editor, API) sees the versioned view: each
 * tagged version under `<protocol>/<version>/`, as in the shipped `rules/`.
 * A repository made before this layout (version folders on `main`) still reads:
 * a tag whose tree has `<protocol>/<version>/ruleset.yaml` is read from there.
 */
import { derivedValidToLine, taggedText } from '../load/content-hash.js';
import { IN_FORCE } from '../load/model.js';
import { readYamlData } from '../load/yaml-file.js';
import type { RuleFiles } from '../load/rule-source.js';
import { dayBefore } from './deadline.js';
import type { RulesRepo } from './rules-repo.js';
import { compareVersions, inVersionDir, PROTOCOL_FOLDER, VERSION, VERSION_TAG } from '../base/rule-tree.js';

const TAG = VERSION_TAG;
const RULESET_FILE = new RegExp(`^${PROTOCOL_FOLDER}/(${VERSION})/ruleset\\.ya?ml$`);
export { compareVersions };

export interface VersionTag {
  /** Lower case, as in paths and tags: rtp | rap. */
  protocol: string;
  version: string;
  tag: string;
  commit: string;
}

/** Every version tag of the repository, oldest version first per protocol. */
export async function versionTags(repo: RulesRepo): Promise<VersionTag[]> {
  const out = await repo.git(['for-each-ref', '--format=%(refname:short) %(objectname) %(*objectname)', 'refs/tags']);
  const tags: VersionTag[] = [];
  for (const line of out.stdout.toString('utf8').split('\n')) {
    const [name, object, peeled] = line.split(' ');
    const m = TAG.exec(name ?? '');
    if (m) tags.push({ protocol: m[1], version: m[2], tag: name, commit: peeled || object });
  }
  return tags.sort((a, b) => a.protocol.localeCompare(b.protocol) || compareVersions(a.version, b.version));
}

/** Where a version's files sit in a commit's tree: `rtp/` (this layout) or `rtp/2.0/` (the earlier one). */
export function folderIn(tree: RuleFiles, protocol: string, version: string): string {
  return tree.has(`${protocol}/${version}/ruleset.yaml`) ? `${protocol}/${version}/` : `${protocol}/`;
}

/** True for paths of the earlier layout (`rtp/2.0/...`), which are not part of the protocol folder. */
const isVersionFolder = (rest: string) => inVersionDir(`rtp/${rest}`);

/** The files of one version inside a tree, keyed by their path relative to the version folder. */
export function versionFilesIn(tree: RuleFiles, protocol: string, version: string): Map<string, string> {
  const prefix = folderIn(tree, protocol, version);
  const out = new Map<string, string>();
  for (const [path, text] of tree) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    if (prefix === `${protocol}/` && isVersionFolder(rest)) continue;
    out.set(rest, text);
  }
  return out;
}

const readCache = new Map<string, Map<string, string>>();

/** The raw (tagged) files of every version, in the view's paths, without derived end dates. */
export async function readTaggedVersions(repo: RulesRepo): Promise<{ tags: VersionTag[]; files: RuleFiles }> {
  const tags = await versionTags(repo);
  const files: RuleFiles = new Map();
  for (const t of tags) {
    // A commit never changes, so its version's files are read from git once per process.
    const key = `${repo.gitDir}\0${t.commit}\0${t.protocol}\0${t.version}`;
    let version = readCache.get(key);
    if (!version) {
      version = versionFilesIn(await repo.readFiles(t.commit, `${t.protocol}/`), t.protocol, t.version);
      readCache.set(key, version);
    }
    for (const [rest, text] of version) files.set(`${t.protocol}/${t.version}/${rest}`, text);
  }
  return { tags, files };
}

export interface RulesetMeta { version: string; status: string; validFrom: string; validTo: string | null }

/** The dating fields of a ruleset.yaml text (YAML dates as ISO strings), or null when it does not parse. */
export function rulesetMeta(text: string | undefined): RulesetMeta | null {
  try {
    const m = readYamlData(text ?? '') as Record<string, unknown> | null | undefined;
    if (!m || typeof m !== 'object') return null;
    const date = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v == null ? null : String(v));
    return { version: String(m.version ?? ''), status: String(m.status ?? ''), validFrom: date(m.validFrom) ?? '', validTo: date(m.validTo) };
  } catch {
    return null;
  }
}

/**
 * A version tagged before its successor was adopted still says `validTo: null`
 * (or a later date): in the view it ends the day before the next in-force
 * version of its protocol starts. The tag itself stays as it was adopted, and
 * the view's line keeps the tagged line beside the derived date, so the
 * version's contentHash is that of its tagged files (src/load/content-hash.ts).
 */
export function closeEndDates(files: RuleFiles): RuleFiles {
  const out = new Map(files);
  const byProtocol = new Map<string, { path: string; meta: RulesetMeta }[]>();
  for (const [path, text] of files) {
    const m = RULESET_FILE.exec(path);
    const meta = m && rulesetMeta(text);
    if (!m || !meta || !IN_FORCE.has(meta.status)) continue;
    byProtocol.set(m[1], [...(byProtocol.get(m[1]) ?? []), { path, meta }]);
  }
  for (const versions of byProtocol.values()) {
    versions.sort((a, b) => compareVersions(a.meta.version, b.meta.version));
    for (let i = 0; i + 1 < versions.length; i++) {
      const { path, meta } = versions[i];
      const next = versions[i + 1].meta.validFrom;
      if (next > meta.validFrom && (meta.validTo === null || meta.validTo >= next)) {
        const derived = withDerivedEnd(files.get(path)!, dayBefore(next));
        if (derived !== undefined) out.set(path, derived);
      }
    }
  }
  return out;
}

/**
 * The ruleset text with a derived `validTo` line (see content-hash.ts); undefined
 * when its validTo is not a one-line value (the view then shows it as tagged).
 */
function withDerivedEnd(text: string, validTo: string): string | undefined {
  const lines = taggedText(text).split('\n');
  const i = lines.findIndex((l) => l.startsWith('validTo:'));
  if (i < 0) {
    // No validTo line in the tag: add one (before the final newline, if any).
    const at = lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
    lines.splice(at, 0, derivedValidToLine(validTo, undefined));
    return lines.join('\n');
  }
  const cr = lines[i].endsWith('\r') ? '\r' : '';
  const line = cr ? lines[i].slice(0, -1) : lines[i];
  if (/^validTo:\s*(#.*)?$/.test(line) || /^[ \t]/.test(lines[i + 1] ?? '')) return undefined;
  lines[i] = derivedValidToLine(validTo, line, cr);
  return lines.join('\n');
}

/** The versioned view of the repository: every tagged version under `<protocol>/<version>/`. */
export async function readVersionView(repo: RulesRepo): Promise<RuleFiles> {
  return closeEndDates((await readTaggedVersions(repo)).files);
}

/**
 * The tree changes that make `<protocol>/` hold one version: its files (given
 * relative to the version folder) written, everything else under the protocol
 * folder removed (including folders of the earlier layout).
 */
export function protocolFolderChanges(tree: RuleFiles, protocol: string, files: Map<string, string>): Map<string, string | null> {
  const changes = new Map<string, string | null>();
  for (const path of tree.keys()) if (path.startsWith(`${protocol}/`) && !files.has(path.slice(protocol.length + 1))) changes.set(path, null);
  for (const [rest, text] of files) if (tree.get(`${protocol}/${rest}`) !== text) changes.set(`${protocol}/${rest}`, text);
  return changes;
}
