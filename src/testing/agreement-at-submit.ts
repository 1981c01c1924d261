/**
 * The RTP/RAP agreement (load/check-protocol-agreement.ts) of a proposal at submission, as a worker
 * of the check pool runs it: the whole view as it is, and with the proposal's files in place of its
 * base version's. What the proposal adds are warnings (the matching change of the other protocol can
 * only follow in a proposal of its own), as adoption treats them; disagreements the view already had
 * are not the proposal's.
 */
import type { FactSchemas } from '../facts/fact-schemas.js';
import { loadRules } from '../load/load-rules.js';
import { createVersionLoadCache } from '../load/version-load-cache.js';

export interface AgreementInput {
  /** Every rule file of the view as it is. */
  view: [string, string][];
  /** The proposal's files (paths in the view). */
  changed: [string, string][];
  /** "RTP 2.0 ": how a disagreement names the proposal's version. */
  label: string;
}

/** The versions of the view last loaded in this thread: the second load differs in one version. */
const lastView = createVersionLoadCache();

/** The disagreements of the proposal's version with the other protocol that the view did not have, as Dutch sentences. */
export function newDisagreements(o: AgreementInput, facts: FactSchemas): string[] {
  const messages = (files: [string, string][]) => loadRules(new Map(files), facts, lastView).diagnostics
    .filter((d) => d.code === 'inconsistent' && d.message.includes(o.label)).map((d) => d.message);
  const had = new Set(messages(o.view));
  return [...new Set(messages([...o.view, ...o.changed]).filter((m) => !had.has(m)))];
}
