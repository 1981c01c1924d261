/**
 * `protocolregels check`: the static checks over every loaded version, in a fixed order. They run on
 * the model the loader built (also for a version with load problems), never stop each other, and
 * report findings sorted by place.
 */
import { today } from '../base/clock.js';
import type { FactSchemas } from '../facts/fact-schemas.js';
import type { RuleSetMeta, RuleSetVersion } from '../load/model.js';
import { checkFactUsage } from './fact-usage.js';
import { checkNegativeMoney } from './negative-money.js';
import { sortFindings, type Finding } from './finding.js';
import { checkRules } from './rule-checks.js';
import { checkShadowed } from './shadowed.js';
import { checkTableRows } from './table-rows.js';

type Version = Pick<RuleSetVersion, 'decisions' | 'tables' | 'files'> & { meta?: RuleSetMeta };

export interface CheckOptions {
  /** Today (YYYY-MM-DD): the last year in force of an open-ended version; the system clock by default. */
  today?: string;
}

const todayIso = () => today(); // the one clock (src/base/clock.ts)

export function checkVersionStatically(v: Version, facts: FactSchemas, opts: CheckOptions = {}): Finding[] {
  const out: Finding[] = [];
  for (const d of v.decisions) {
    const schema = facts.get(d.facts);
    out.push(...checkRules(v, d, schema));
    out.push(...checkShadowed(d, schema, v.tables));
    out.push(...checkFactUsage(v, d, schema));
    out.push(...checkNegativeMoney(v, d));
  }
  out.push(...checkTableRows(v, opts.today ?? todayIso()));
  return sortFindings(out);
}

export function runChecks(versions: readonly Version[], facts: FactSchemas, opts: CheckOptions = {}): Finding[] {
  return sortFindings(versions.flatMap((v) => checkVersionStatically(v, facts, opts)));
}
