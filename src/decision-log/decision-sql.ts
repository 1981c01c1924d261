/**
 * The decision log's WHERE clauses, shared by both adapters: the same filters,
 * written with each dialect's placeholders and its way of asking whether a
 * JSON array holds a string.
 */
import type { DecisionFilter, DecisionPeriod, DecisionRecord } from './types.js';

export interface Dialect {
  /** The placeholder of the n-th argument (1-based). */
  param(n: number): string;
  /** SQL that is true when the JSON array column holds the string argument. */
  holds(column: string, param: string): string;
}

export const SQLITE_DIALECT: Dialect = {
  param: () => '?',
  holds: (column, param) => `EXISTS (SELECT 1 FROM json_each(${column}) WHERE value = ${param})`,
};

export const PG_DIALECT: Dialect = {
  param: (n) => `$${n}`,
  holds: (column, param) => `${column} ? ${param}`,
};

export function decisionWhere(f: DecisionFilter | DecisionPeriod & { afterId?: number }, d: Dialect): { where: string; args: unknown[] } {
  const parts: string[] = [];
  const args: unknown[] = [];
  const add = (sql: (p: string) => string, v: unknown) => {
    args.push(v);
    parts.push(sql(d.param(args.length)));
  };
  const x = f as DecisionFilter & { afterId?: number };
  if (x.protocol !== undefined) add((p) => `protocol = ${p}`, x.protocol);
  if (x.decision !== undefined) add((p) => `decision = ${p}`, x.decision);
  if (x.outcome !== undefined) add((p) => `outcome = ${p}`, x.outcome);
  if (x.rule !== undefined) add((p) => d.holds('rules_json', p), x.rule);
  if (x.code !== undefined) add((p) => d.holds('codes_json', p), x.code);
  if (x.since !== undefined) add((p) => `at >= ${p}`, x.since);
  if (x.until !== undefined) add((p) => `at < ${p}`, x.until);
  if (x.beforeId !== undefined) add((p) => `id < ${p}`, x.beforeId);
  if (x.afterId !== undefined) add((p) => `id > ${p}`, x.afterId);
  return { where: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
}

export const DECISION_COLUMNS = 'at, source, protocol, decision, version, content_hash, reference_date, outcome, rules_json, codes_json, amount, subject, facts_json';

/** A decision record's column values, in the order of DECISION_COLUMNS (JSON columns as text). */
export const decisionValues = (d: DecisionRecord): unknown[] => decisionRow(d, JSON.stringify(d.facts));

/** The same, with the facts given as JSON text already (the decision log's SQLite writer). */
export const decisionRow = (d: Omit<DecisionRecord, 'facts'>, factsJson: string): unknown[] => [
  d.at, d.source, d.protocol, d.decision, d.version, d.contentHash, d.referenceDate, d.outcome,
  JSON.stringify(d.rules), JSON.stringify(d.codes), d.amount, d.subject, factsJson,
];
