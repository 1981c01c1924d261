/**
 * Before any case runs: the draft side must load and compile. Problems the
 * base already has are not the draft's; only new ones refuse the analysis, so a
 * broken draft gives diagnostics instead of every case answering "no version".
 */
import type { Diagnostic } from '../load/diagnostics.js';
import { loadRules } from '../load/load-rules.js';
import { projectFactSchemas } from '../evaluate/project.js';
import type { RuleSide } from './types.js';

export class ImpactDraftError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(`het concept laadt niet: ${diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`).join('; ')}`);
  }
}

const key = (d: Diagnostic) => `${d.code}|${d.file}|${d.line}|${d.column}|${d.message}`;

export function checkSides(from: RuleSide, to: RuleSide): void {
  const facts = projectFactSchemas();
  const before = new Set(loadRules(new Map(from.files), facts).diagnostics.map(key));
  const after = loadRules(new Map(to.files), facts).diagnostics.filter((d) => !before.has(key(d)));
  if (after.length) throw new ImpactDraftError(after);
}
