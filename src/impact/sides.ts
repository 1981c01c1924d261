import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readRuleFiles, type RuleFiles } from '../load/rule-source.js';
import type { RuleSide } from './types.js';
import { PROTOCOL_FOLDER, VERSION, versionDirOf } from '../base/rule-tree.js';

const SPEC = new RegExp(`^${PROTOCOL_FOLDER}-(${VERSION})(?:@(.+))?$`, 'i');

/** The changed files of a proposal of the amendment procedure. */
export interface ProposalDraft {
  protocol: string;
  baseVersion: string;
  files: { path: string; text: string }[];
}

export interface SpecSources {
  /** Looks a proposal up by id (the CLI opens the procedure's store for it). */
  proposal?: (id: number) => ProposalDraft | Promise<ProposalDraft>;
}

/**
 * The two sides of an impact analysis. `from` is `<protocol>-<version>[@<dir>]`;
 * `to` is one of
 * - `<protocol>-<version>[@<dir>]`: a version (of the shipped rules or of a rules root `dir`),
 * - `dir:<path>`: a rules root (holding `<protocol>/<version>/...`) or one version folder (holding `ruleset.yaml`),
 * - `proposal:<id>`: the changed files of a proposal, overlaid on its base version.
 * Two different versions are compared pinned: every case under each. The same
 * version from another folder (a draft) is compared by date: the draft replaces
 * that version among the others, so cases dated in another version's period
 * keep their answer.
 */
export async function sidesFromSpecs(fromSpec: string, toSpec: string, rulesDir: string, sources: SpecSources = {}): Promise<{ from: RuleSide; to: RuleSide }> {
  const f = SPEC.exec(fromSpec);
  if (!f) throw new Error(`'${fromSpec}' is geen versie: verwacht bijv. rap-2.0`);
  const protocol = f[1].toUpperCase();
  const base = readRuleFiles(f[3] ?? rulesDir);
  if (toSpec.startsWith('proposal:')) {
    const id = Number(toSpec.slice('proposal:'.length));
    if (!Number.isInteger(id) || id < 1) throw new Error(`'${toSpec}': verwacht proposal:<nummer>`);
    if (!sources.proposal) throw new Error('voorstellen zijn hier niet beschikbaar');
    const p = await sources.proposal(id);
    if (p.protocol.toUpperCase() !== protocol) throw new Error(`voorstel ${id} betreft ${p.protocol}, niet ${protocol}`);
    if (p.baseVersion !== f[2]) throw new Error(`voorstel ${id} wijzigt ${p.protocol} ${p.baseVersion}; vergelijk met --from ${p.protocol.toLowerCase()}-${p.baseVersion}`);
    return draftSides(fromSpec, base, `voorstel ${id}`, new Map(p.files.map((x) => [x.path, x.text])), protocol, f[2]);
  }
  if (toSpec.startsWith('dir:')) return dirSides(fromSpec, base, toSpec, toSpec.slice('dir:'.length), protocol, f[2]);
  const t = SPEC.exec(toSpec);
  if (!t) throw new Error(`'${toSpec}' is geen versie: verwacht bijv. rap-2.1, dir:<map> of proposal:<nummer>`);
  if (t[1].toUpperCase() !== protocol) throw new Error('vergelijk versies van hetzelfde protocol');
  const other = t[3] ? readRuleFiles(t[3]) : base;
  if (f[2] === t[2]) return draftSides(fromSpec, base, toSpec, other, protocol, f[2]);
  return { from: side(fromSpec, base, protocol, f[2], true), to: side(toSpec, new Map([...base, ...other]), protocol, t[2], true) };
}

/** `dir:<path>`: one version folder (with ruleset.yaml) or a rules root. */
function dirSides(fromLabel: string, base: RuleFiles, label: string, path: string, protocol: string, version: string) {
  if (!existsSync(path)) throw new Error(`${label}: map bestaat niet`);
  const prefix = protocol.toLowerCase() + '/';
  let draft: RuleFiles;
  if (existsSync(join(path, 'ruleset.yaml'))) {
    const meta = parse(readFileSync(join(path, 'ruleset.yaml'), 'utf8')) as { protocol?: unknown; version?: unknown } | null;
    const v = typeof meta?.version === 'string' ? meta.version : version;
    if (typeof meta?.protocol === 'string' && meta.protocol.toUpperCase() !== protocol) throw new Error(`${label}: ruleset.yaml betreft ${meta.protocol}, niet ${protocol}`);
    draft = new Map([...readRuleFiles(path)].map(([p, text]) => [`${prefix}${v}/${p}`, text]));
  } else {
    draft = readRuleFiles(path);
  }
  const versions = new Set([...draft.keys()].filter((p) => p.startsWith(prefix)).map((p) => p.split('/')[1]));
  if (versions.has(version)) return draftSides(fromLabel, base, label, draft, protocol, version);
  if (versions.size !== 1) throw new Error(`${label}: verwacht ${prefix}${version}/ of precies één versie van ${protocol}, gevonden: ${[...versions].join(', ') || 'geen'}`);
  const [v] = versions;
  return { from: side(fromLabel, base, protocol, version, true), to: side(label, new Map([...base, ...draft]), protocol, v, true) };
}

/**
 * A version and its draft, compared by date. The draft's files of that version
 * replace the base's; a draft may also change an existing version of the other
 * protocol (the matching RTP change of a RAP change): those files are overlaid
 * too and that protocol's cases are evaluated as well.
 */
export function draftSides(fromLabel: string, base: RuleFiles, toLabel: string, draft: RuleFiles, protocol: string, version: string) {
  const dir = `${protocol.toLowerCase()}/${version}/`;
  const baseDirs = new Set([...base.keys()].map(versionDir));
  const merged: RuleFiles = new Map(base);
  const protocols = new Set([protocol.toLowerCase()]);
  for (const [p, text] of draft) {
    const d = versionDir(p);
    if (d !== dir && !(baseDirs.has(d) && !d.startsWith(`${protocol.toLowerCase()}/`))) continue;
    merged.set(p, text);
    if (base.get(p) !== text) protocols.add(d.split('/')[0]);
  }
  const list = [...protocols];
  return { from: side(fromLabel, base, protocol, version, false, list), to: side(toLabel, merged, protocol, version, false, list) };
}

const versionDir = (path: string) => versionDirOf(path) + '/';

function side(label: string, files: RuleFiles, protocol: string, version: string, pin: boolean, protocols = [protocol.toLowerCase()]): RuleSide {
  const dir = `${protocol.toLowerCase()}/${version}/`;
  if (![...files.keys()].some((p) => p.startsWith(dir))) throw new Error(`${label}: geen map ${dir} in de regels`);
  return { label, files: [...files].filter(([p]) => protocols.includes(p.split('/')[0])), protocol, version, pin, protocols: protocols.map((p) => p.toUpperCase()) };
}
