/** Expressions that reach into JavaScript or nest without end are diagnostics with a position, never a crash. */
import { describe, expect, it } from 'vitest';
import { ExprSyntaxError } from '../../src/expr/ast.js';
import { checkExpr } from '../../src/expr/check-expr.js';
import { compileExpr } from '../../src/expr/compile-expr.js';
import { fieldOf } from '../../src/expr/functions.js';
import { parseExpr } from '../../src/expr/parse.js';
import { DEFAULT_LIMITS } from '../../src/base/parse-limits.js';
import { loadRules } from '../../src/load/load-rules.js';
import { projectFactSchemas } from '../../src/evaluate/project.js';
import { miniRules, withFile } from '../helpers/rule-tree.js';

const env = { knows: () => true, table: () => undefined };
const syntaxError = (src: string, limits = DEFAULT_LIMITS): ExprSyntaxError => {
  try {
    parseExpr(src, limits);
  } catch (e) {
    if (e instanceof ExprSyntaxError) return e;
    throw e;
  }
  throw new Error(`parsed: ${src}`);
};

describe('hostile expressions', () => {
  it('knows only its own functions: hasOwnProperty and toString are unknown functions at their position', () => {
    for (const fn of ['hasOwnProperty', 'toString', 'valueOf', 'isPrototypeOf']) {
      const { problems } = checkExpr(parseExpr(`1 + ${fn}(x)`), env);
      expect(problems).toEqual([expect.objectContaining({ code: 'unknown_function', pos: 4 })]);
    }
  });

  it('refuses names that reach the object prototype, at the name', () => {
    expect(syntaxError('constructor(1)')).toMatchObject({ pos: 0, message: "'constructor' is geen toegestane naam" });
    expect(syntaxError('__proto__')).toMatchObject({ pos: 0 });
    expect(syntaxError('1 + prestatie.__proto__.x')).toMatchObject({ pos: 14 });
    expect(syntaxError('sum(lijst, constructor)')).toMatchObject({ pos: 11 });
  });

  it('reads list fields as own properties only', () => {
    expect(fieldOf({ budget: 5 }, 'budget')).toBe(5);
    expect(fieldOf({ budget: 5 }, 'toString')).toBeUndefined();
    const run = compileExpr(parseExpr('pluck(lijst, hasOwnProperty)'));
    expect(run({ get: () => [{}, { hasOwnProperty: 3 }], lookup: () => null, column: () => [], referenceDate: '2025-01-01' })).toEqual([null, 3]);
  });

  it('bounds nesting: 10,000 brackets, a long operator chain and stacked unary operators are one syntax error', () => {
    const roomy = { ...DEFAULT_LIMITS, exprMaxLength: 1_000_000 };
    expect(syntaxError('('.repeat(10_000) + '1' + ')'.repeat(10_000), roomy).message).toContain('EXPR_MAX_DEPTH');
    expect(syntaxError(Array(100_000).fill('1').join(' + '), roomy).message).toContain('EXPR_MAX_DEPTH');
    expect(syntaxError('not '.repeat(10_000) + 'x', roomy).message).toContain('EXPR_MAX_DEPTH');
    expect(syntaxError('round('.repeat(5_000) + '1' + ')'.repeat(5_000), roomy).message).toContain('EXPR_MAX_DEPTH');
    // Within the limit the same shapes still parse and compute.
    expect(compileExpr(parseExpr('('.repeat(30) + '1' + ')'.repeat(30)))({ get: () => null, lookup: () => null, column: () => [], referenceDate: '' })).toBe(1);
  });

  it('bounds length with the default limit', () => {
    expect(syntaxError('1' + ' + 1'.repeat(DEFAULT_LIMITS.exprMaxLength)).message).toContain('EXPR_MAX_LENGTH');
  });

  it('reports these in a rule file as bad_expression and unknown_function with file:line:col', () => {
    const DECISION = 'rtp/2.0/decisions/tariefgroep.yaml';
    for (const [expr, code] of [['constructor(1)', 'bad_expression'], ['hasOwnProperty(functie)', 'unknown_function'], ['__proto__', 'bad_expression'], ['('.repeat(2000) + '1' + ')'.repeat(2000), 'bad_expression']] as const) {
      const files = withFile(miniRules(), DECISION, (t) => t.replace('expr: lookup(beroepen, tariefgroep, functie, caoSchaal)', `expr: "${expr}"`));
      const d = loadRules(files, projectFactSchemas()).diagnostics.filter((x) => x.file === DECISION);
      expect(d.filter((x) => x.line === 8), expr.slice(0, 30)).toEqual([expect.objectContaining({ code, line: 8 })]);
    }
  });
});
