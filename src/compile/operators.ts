import { Engine, Operator } from 'json-rules-engine';
import { compareDates } from '../expr/dates.js';

/**
 * Every operator the rule format has (src/load/model.ts `Operator`), defined once here and given to
 * json-rules-engine through its public API (engine.addOperator). The engine's own built-ins of the
 * same names are replaced by these definitions, which mean the same (a strict `===`, `indexOf`, and
 * the number check of the ordering operators), so the engine and the fast path (src/evaluate/partition.ts,
 * which settles conditions before the engine runs) compare with the very same functions.
 *
 * Dates are ISO strings to the engine; they are compared only here, as calendar dates, and an
 * invalid or missing date never satisfies a comparison.
 */
type Test = (factValue: any, value: any) => boolean;

/** One operator: its definition, and the same definition as json-rules-engine gets it. */
export interface RuleOperator {
  readonly name: string;
  /** What the engine computes for a condition: the fact value's check (if any), then the comparison. */
  readonly evaluate: (factValue: unknown, value: unknown) => boolean;
  /** For engine.addOperator, built from the same two functions. */
  readonly engineOperator: Operator;
}

function define(name: string, test: Test, accepts?: (factValue: any) => boolean): RuleOperator {
  return {
    name,
    evaluate: accepts ? (a, b) => accepts(a) && test(a, b) : test,
    engineOperator: new Operator(name, test, accepts),
  };
}

const isNumberLike = (a: unknown) => Number.parseFloat(a as string).toString() !== 'NaN';
const date = (name: string, ok: (c: number) => boolean) =>
  define(name, (a, b) => {
    const c = compareDates(a, b);
    return c !== undefined && ok(c);
  });

const OPERATORS: readonly RuleOperator[] = Object.freeze([
  define('equal', (a, b) => a === b),
  define('notEqual', (a, b) => a !== b),
  define('in', (a, b: unknown[]) => b.indexOf(a) > -1),
  define('notIn', (a, b: unknown[]) => b.indexOf(a) === -1),
  define('contains', (a: unknown[], b) => a.indexOf(b) > -1, Array.isArray),
  define('doesNotContain', (a: unknown[], b) => a.indexOf(b) === -1, Array.isArray),
  define('lessThan', (a, b) => a < b, isNumberLike),
  define('lessThanInclusive', (a, b) => a <= b, isNumberLike),
  define('greaterThan', (a, b) => a > b, isNumberLike),
  define('greaterThanInclusive', (a, b) => a >= b, isNumberLike),
  date('dateBefore', (c) => c < 0),
  date('dateOnOrBefore', (c) => c <= 0),
  date('dateAfter', (c) => c > 0),
  date('dateOnOrAfter', (c) => c >= 0),
  define('isSet', (a) => a !== null && a !== undefined),
  define('isNotSet', (a) => a === null || a === undefined),
  define('intersects', (a, b) => Array.isArray(a) && Array.isArray(b) && a.some((x) => b.includes(x))),
]);

const BY_NAME: ReadonlyMap<string, RuleOperator> = new Map(OPERATORS.map((o) => [o.name, o]));

/** The rule format's operators, each defined once for the whole process. */
export function ruleOperators(): readonly RuleOperator[] {
  return OPERATORS;
}

/** The operator of this name, or undefined for a name the rule format does not have. */
export function ruleOperator(name: string): RuleOperator | undefined {
  return BY_NAME.get(name);
}

/** Gives `engine` every operator of the rule format (public API: addOperator). */
export function addRuleOperators(engine: Engine): Engine {
  for (const op of OPERATORS) engine.addOperator(op.engineOperator);
  return engine;
}
