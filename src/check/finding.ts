/**
 * A finding of the static checks (`protocolregels check`): like a loader diagnostic, a Dutch message
 * at file:line:col, plus a severity. Errors are defects that make `validate` fail; warnings are
 * printed for the people who keep the rules and never fail a run.
 */
import { problemPlace, sortProblems, type Problem } from '../base/problem.js';

export type Severity = 'fout' | 'waarschuwing';

export type CheckCode =
  /** The conditions of a rule contradict each other: it can never fire. */
  | 'never_fires'
  /** A literal compared with a fact lies outside the fact's enum in the facts schema. */
  | 'outside_enum'
  /** A product code compared with a fact is in no row of the version's products table. */
  | 'unknown_product'
  /** The rule can fire only on a reference date outside the version's validity (a request's own date or pinned version). */
  | 'outside_validity'
  /** Whenever the rule fires, a rule that outranks it fires too, with another outcome. */
  | 'shadowed'
  /** Two rows with the same keys are valid on one day. */
  | 'overlapping_rows'
  /** A calendar year without a row inside the years a `perKalenderjaar` table covers. */
  | 'calendar_gap'
  /** A rule reads a name that is neither a fact of the schema nor a derived fact. */
  | 'unknown_fact'
  /** A fact of the schema that nothing in the decision reads. */
  | 'unread_fact'
  /** An expression that can compute a negative amount from money columns (a subtraction, a negation, a negative number). */
  | 'negative_money';

/** A static check's problem (base/problem.ts) with its severity. */
export interface Finding extends Problem<CheckCode> {
  severity: Severity;
}

export function formatFinding(f: Finding): string {
  return `${problemPlace(f)} ${f.severity}: ${f.message} [${f.code}]`;
}

export const sortFindings = (list: Finding[]): Finding[] => sortProblems(list);
