import { readRuleFiles, type RuleFiles } from '../load/rule-source.js';
import type { RuleSide } from './types.js';

const SPEC = /^(rtp|rap)-(\d+\.\d+)(?:@(.+))?$/i;

/**
 * The two sides of an impact analysis from `<protocol>-<version>[@<dir>]` specs.
 * Two different versions are compared pinned: every case under each. The same
 * version from another folder (a draft) is compared by date: the draft replaces
 * that version among the others, so cases dated in another version's period
 * keep their answer.
 */
export function sidesFromSpecs(fromSpec: string, toSpec: string, rulesDir: string): { from: RuleSide; to: RuleSide } {
  const f = SPEC.exec(fromSpec);
  const t = SPEC.exec(toSpec);
  if (!f) throw new Error(`'${fromSpec}' is geen versie: verwacht bijv. rap-2.0`);
  if (!t) throw new Error(`'${toSpec}' is geen versie: verwacht bijv. rap-2.1 of rap-2.0@<map>`);
  const protocol = f[1].toUpperCase();
  if (t[1].toUpperCase() !== protocol) throw new Error('vergelijk versies van hetzelfde protocol');
  const base = readRuleFiles(f[3] ?? rulesDir);
  const other = t[3] ? readRuleFiles(t[3]) : base;
  if (f[2] === t[2]) return draftSides(fromSpec, base, toSpec, other, protocol, f[2]);
  return { from: side(fromSpec, base, protocol, f[2], true), to: side(toSpec, other, protocol, t[2], true) };
}

/** A version and its draft (changed files of that same version), compared by date. */
export function draftSides(fromLabel: string, base: RuleFiles, toLabel: string, draft: RuleFiles, protocol: string, version: string) {
  const dir = `${protocol.toLowerCase()}/${version}/`;
  const merged: RuleFiles = new Map([...base].filter(([p]) => !p.startsWith(dir)));
  for (const [p, text] of base) if (p.startsWith(dir)) merged.set(p, text);
  for (const [p, text] of draft) if (p.startsWith(dir)) merged.set(p, text);
  return { from: side(fromLabel, base, protocol, version, false), to: side(toLabel, merged, protocol, version, false) };
}

function side(label: string, files: RuleFiles, protocol: string, version: string, pin: boolean): RuleSide {
  const dir = `${protocol.toLowerCase()}/${version}/`;
  if (![...files.keys()].some((p) => p.startsWith(dir))) throw new Error(`${label}: geen map ${dir} in de regels`);
  return { label, files: [...files].filter(([p]) => p.startsWith(`${protocol.toLowerCase()}/`)), protocol, version, pin };
}
