/**
 * The typed model of one protocol version, as read from its YAML files.
 * Field names follow schemas/rule-files.schema.json (the single source);
 * every node that a diagnostic can point at carries its `loc`.
 */
import type { YamlFile } from './yaml-file.js';

export type Protocol = 'RTP' | 'RAP';
/** Every protocol, for checking a word a request sends. */
export const PROTOCOLS: readonly Protocol[] = ['RTP', 'RAP'];
export type Status = 'concept' | 'werkdocument' | 'vastgesteld' | 'vervallen';

/** Where a node sits: file plus data path inside it. */
export interface Loc {
  file: string;
  path: (string | number)[];
  line: number;
  column: number;
}

export interface ChangelogEntry {
  change: string;
  source: string;
  rules?: string[];
}

export interface RuleSetMeta {
  protocol: Protocol;
  version: string;
  status: Status;
  title: string;
  validFrom: string;
  validTo?: string | null;
  issuer: string;
  basis: string[];
  changelog: ChangelogEntry[];
  note?: string;
}

export type Operator =
  | 'equal' | 'notEqual' | 'lessThan' | 'lessThanInclusive' | 'greaterThan' | 'greaterThanInclusive'
  | 'in' | 'notIn' | 'contains' | 'doesNotContain' | 'intersects'
  | 'dateBefore' | 'dateOnOrBefore' | 'dateAfter' | 'dateOnOrAfter'
  | 'isSet' | 'isNotSet';

export type ValueSpec = { kind: 'literal'; value: unknown } | { kind: 'fact'; fact: string } | { kind: 'expr'; expr: string };

export type Condition =
  | { kind: 'all'; items: Condition[]; loc: Loc }
  | { kind: 'any'; items: Condition[]; loc: Loc }
  | { kind: 'not'; item: Condition; loc: Loc }
  | { kind: 'leaf'; left: { kind: 'fact'; fact: string } | { kind: 'expr'; expr: string }; op: Operator; value?: ValueSpec; loc: Loc };

export interface Then {
  outcome?: string;
  outcomeFrom?: string;
  type: string;
  code?: string;
  message: string;
  params: Record<string, string>;
}

/**
 * What a missing (absent or null) fact means for a rule, stated in its rule file. A condition that
 * reads a missing fact is unknown; a rule whose conditions are unknown as a whole (they would hold
 * with some value of the fact and not with another) is a check that was not performed:
 * - onvoldoende_gegevens: the check decides the outcome; the answer becomes `onvoldoende_gegevens`
 *   unless a rule that outranks it already decided, and lists the fact in `missing`;
 * - signaal: the outcome stands and the answer lists the fact in `missing`;
 * - regel_vervalt: without the fact the rule does not apply, whatever else holds (reason required);
 * - voorwaarde: the rule's own conditions test for the absence (isSet, isNotSet, coalesce), so the
 *   rule runs as written (reason required).
 */
export type MissingMeaning = 'onvoldoende_gegevens' | 'signaal' | 'regel_vervalt' | 'voorwaarde';

/** The outcome every decision may answer when a deciding check lacks its fact (docs/contract.md). */
export const ONVOLDOENDE_GEGEVENS = 'onvoldoende_gegevens';

export const MISSING_MEANINGS: readonly MissingMeaning[] = ['onvoldoende_gegevens', 'signaal', 'regel_vervalt', 'voorwaarde'];

/** One entry of an `ontbreekt` map: a fact path of the facts schema, or a derived fact. */
export interface MissingDecl {
  fact: string;
  meaning: MissingMeaning;
  reason?: string;
  /** The text callers read in `missing`. */
  message?: string;
  /**
   * `verplichtAls` (only with `voorwaarde`): tests on other facts that say the form requires this one
   * (an allocation without product code has a budget); when one holds, absence means onvoldoende_gegevens.
   */
  requiredIf?: RequiredIf[];
  loc: Loc;
}

/** One test of `verplichtAls`: another fact is set, is not set, or equals a value. */
export interface RequiredIf {
  fact: string;
  op: 'isSet' | 'isNotSet' | 'equal';
  value?: unknown;
}

export interface Rule {
  id: string;
  title: string;
  source: string;
  illustrative: boolean;
  note?: string;
  priority: number;
  /** What a missing fact means for this rule (overrides the decision's `ontbreekt`). */
  missing: MissingDecl[];
  when: Condition;
  then: Then;
  /** Position of the rule in its decision's list, used to break priority ties. */
  index: number;
  loc: Loc;
}

export interface DefaultResult {
  id: string;
  title: string;
  source: string;
  then: Then;
  loc: Loc;
}

export interface DerivedFact {
  name: string;
  title?: string;
  expr: string;
  source?: string;
  loc: Loc;
}

export interface Decision {
  id: string;
  title: string;
  note?: string;
  /** Name of the facts schema in schemas/facts/, e.g. "rap-declaratie". */
  facts: string;
  referenceDate: string;
  outcomes: string[];
  derived: DerivedFact[];
  /** What a missing fact means for every rule that reads it, unless the rule says otherwise. */
  missing: MissingDecl[];
  rules: Rule[];
  default: DefaultResult;
  file: string;
  loc: Loc;
}

/** `money`: an amount in whole cents, never negative (staff see and type euros). */
export type ColumnType = 'string' | 'integer' | 'money' | 'date' | 'boolean';

export interface Column {
  name: string;
  type: ColumnType;
  range: boolean;
  nullable: boolean;
  title?: string;
}

export type Cell = string | number | boolean | null | { min?: number | string; max?: number | string };

export interface TableRow {
  values: Record<string, Cell>;
  from?: string;
  until?: string;
  illustrative?: boolean;
  source?: string;
  loc: Loc;
}

export interface Table {
  id: string;
  title: string;
  source: string;
  illustrative: boolean;
  illustrativeNote?: string;
  /** Rows are set per calendar year (indexed tariffs): each runs from 1 January to 31 December of one year. */
  perCalendarYear: boolean;
  keys: string[];
  columns: Column[];
  rows: TableRow[];
  file: string;
  loc: Loc;
}

export interface TestExpectation {
  outcome: string;
  codes?: string[];
  fires?: string[];
  notFires?: string[];
  params?: Record<string, Record<string, unknown>>;
  /** Exactly these JSON pointers in the answer's `missing`. */
  missing?: string[];
  illustrative?: boolean;
}

export interface TestCase {
  name: string;
  date?: string;
  today?: string;
  facts: Record<string, unknown>;
  expect: TestExpectation;
  loc: Loc;
}

export interface TestSuite {
  decision: string;
  cases: TestCase[];
  file: string;
  loc: Loc;
}

/** One self-contained version of RTP or RAP. */
export interface RuleSetVersion {
  meta: RuleSetMeta;
  /** Directory relative to the rules root, e.g. "rap/2.0". */
  dir: string;
  decisions: Decision[];
  tables: Table[];
  tests: TestSuite[];
  /** The parsed files, by relative path, for positions and formatting. */
  files: Map<string, YamlFile>;
  /** sha256 over the version's file names and contents. */
  contentHash: string;
  metaLoc: Loc;
}

/** Statuses chosen by date: a `concept` version answers only when pinned, a `vervallen` one never by date. */
export const IN_FORCE: ReadonlySet<string> = new Set(['werkdocument', 'vastgesteld']);
