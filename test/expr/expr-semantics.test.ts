/**
 * What an expression in a rule file answers, operator by operator and at each boundary, and what
 * the checker tells an author about a wrong one (src/expr/compile-expr.ts, src/expr/check-expr.ts):
 * the answers decide approvals, the messages are what staff read in the editor's Problemen.
 */
import { describe, expect, it } from 'vitest';
import { checkExpr, type ExprEnv } from '../../src/expr/check-expr.js';
import { compileExpr, type ExprScope } from '../../src/expr/compile-expr.js';
import { parseExpr } from '../../src/expr/parse.js';

const facts: Record<string, unknown> = {
  vijf: 5, nul: 0, waar: true, onwaar: false, tekst: 'b',
  regels: [{ bedrag: 100, code: 'A' }, { bedrag: 250, code: 'B' }],
  kapot: [{ bedrag: 100 }, { bedrag: 'x' }],
  codes: ['A', 'B'],
  dag: '2025-02-01',
};
const lookups: string[] = [];
const scope: ExprScope = {
  get: (n) => facts[n],
  lookup: (table, column, keys, date) => {
    lookups.push(`${table}.${column}(${keys.join(',')})@${date}`);
    return keys[0] === 'A' ? 1 : keys[0] === 'B' ? 2 : null;
  },
  column: (table, column, date) => [`${table}.${column}@${date}`],
  referenceDate: '2025-03-01',
};
const run = (src: string) => compileExpr(parseExpr(src))(scope);

describe('what an expression answers', () => {
  it('compares numbers at the boundary both ways', () => {
    expect([run('5 < 5'), run('5 <= 5'), run('5 > 5'), run('5 >= 5')]).toEqual([false, true, false, true]);
    expect([run('4 < 5'), run('4 <= 5'), run('6 > 5'), run('6 >= 5')]).toEqual([true, true, true, true]);
    expect([run('6 < 5'), run('6 <= 5'), run('4 > 5'), run('4 >= 5')]).toEqual([false, false, false, false]);
  });

  it('compares dates and texts in their order; a number against a text or an unknown is never true', () => {
    expect([run('dag < "2025-02-02"'), run('dag <= "2025-02-01"'), run('dag > "2025-01-31"'), run('dag >= "2025-02-02"')]).toEqual([true, true, true, false]);
    expect([run('"a" < "b"'), run('"b" < "a"'), run('"a" > "a"'), run('"a" >= "a"')]).toEqual([true, false, false, true]);
    expect([run('vijf < tekst'), run('vijf >= tekst'), run('onbekend < 5'), run('onbekend >= 5')]).toEqual([false, false, false, false]);
    expect([run('tekst == "b"'), run('tekst != "b"'), run('vijf == 5'), run('vijf != 6')]).toEqual([true, false, true, true]);
  });

  it('does arithmetic only on numbers: an unknown or a text gives an unknown answer', () => {
    expect([run('vijf + 2'), run('vijf - 7'), run('vijf * 3'), run('vijf / 2')]).toEqual([7, -2, 15, 2.5]);
    expect([run('onbekend + 2'), run('2 - onbekend'), run('tekst * 3'), run('vijf / nul')]).toEqual([null, null, null, null]);
    expect([run('-vijf'), run('-tekst'), run('-onbekend')]).toEqual([-5, null, null]);
  });

  it('reads only false and unknown as not true: 0 is a value', () => {
    expect([run('waar and nul'), run('waar and onwaar'), run('waar and onbekend'), run('onwaar or onbekend')]).toEqual([true, false, false, false]);
    expect([run('onwaar or nul'), run('not onbekend'), run('not nul'), run('not onwaar')]).toEqual([true, true, false, true]);
    expect([run('if(nul, 1, 2)'), run('if(onbekend, 1, 2)'), run('if(waar, vijf, 2)')]).toEqual([1, 2, 5]);
  });

  it('looks up on the reference date, or on a given date, and per item of a list', () => {
    lookups.length = 0;
    expect(run('lookup(t, c, "A")')).toBe(1);
    expect(run('lookupAt(dag, t, c, "B")')).toBe(2);
    expect(run('lookupAt(onbekend, t, c, "B")')).toBeNull();
    expect(run('lookupEach(t, c, codes)')).toEqual([1, 2]);
    expect(run('lookupEach(t, c, vijf)')).toBeNull();
    expect(lookups).toEqual(['t.c(A)@2025-03-01', 't.c(B)@2025-02-01', 't.c(A)@2025-03-01', 't.c(B)@2025-03-01']);
    expect(run('values(t, c)')).toEqual(['t.c@2025-03-01']);
  });

  it('takes a field of every item, and sums only when every item is a number', () => {
    expect(run('pluck(regels, code)')).toEqual(['A', 'B']);
    expect(run('pluck(regels, ontbreekt)')).toEqual([null, null]);
    expect(run('pluck(vijf, code)')).toBeNull();
    expect(run('sum(regels, bedrag)')).toBe(350);
    expect(run('sum(kapot, bedrag)')).toBeNull();
    expect(run('sum(vijf)')).toBeNull();
    expect(run('sum(pluck(regels, bedrag))')).toBe(350);
  });
});

const env: ExprEnv = {
  knows: (n) => ['vijf', 'dag', 'codes'].includes(n),
  table: (n) => (n === 'tarieven' ? { keys: ['productCode'], columns: ['tarief', 'eenheid'] } : n === 'budgetten' ? { keys: ['soort', 'bedrag'], columns: ['huisarts'] } : undefined),
};
const problems = (src: string) => checkExpr(parseExpr(src), env).problems.map((p) => `${p.code} @${p.pos}: ${p.message}`);

describe('what the checker tells an author', () => {
  it('names an unknown fact, function, table and column where they stand', () => {
    expect(problems('vijf + zes')).toEqual(["unknown_fact @7: onbekend feit 'zes'"]);
    expect(problems('-zes')).toEqual(["unknown_fact @1: onbekend feit 'zes'"]);
    expect(problems('wortel(vijf)')[0]).toMatch(/^unknown_function @0: onbekende functie 'wortel' \(bekend: .*round.*\)$/);
    expect(problems('lookup(tarieven, prijs, "45A03")')).toEqual(["unknown_column @17: tabel 'tarieven' heeft geen kolom 'prijs'"]);
    expect(problems('lookup(tabel, prijs, "45A03")')).toEqual(["unknown_table @7: onbekende tabel 'tabel'"]);
    expect(problems('values(tarieven, prijs)')).toEqual(["unknown_column @17: tabel 'tarieven' heeft geen kolom 'prijs'"]);
  });

  it('counts the arguments of a function and the keys of a lookup', () => {
    expect(problems('round(1, 2)')).toEqual(['bad_expression @0: round verwacht 1 argumenten, kreeg 2']);
    expect(problems('if(vijf)')).toEqual(['bad_expression @0: if verwacht 3 argumenten, kreeg 1']);
    expect(problems('lookup(budgetten, huisarts, 1)')).toEqual(["bad_expression @0: tabel 'budgetten' heeft 2 sleutel(s) (soort, bedrag), lookup geeft er 1"]);
    expect(problems('lookup(budgetten, huisarts, "herstel", 1)')).toEqual([]);
    expect(problems('lookupAt(dag, budgetten, huisarts, "herstel")')).toEqual(["bad_expression @0: tabel 'budgetten' heeft 2 sleutel(s) (soort, bedrag), lookupAt geeft er 1"]);
    expect(problems('lookupEach(tarieven, tarief, codes)')).toEqual([]);
    expect(problems('lookupEach(budgetten, huisarts, codes)')).toEqual(["bad_expression @0: tabel 'budgetten' heeft 2 sleutel(s) (soort, bedrag), lookupEach geeft er 1"]);
  });

  it('wants a name where a function takes a table or column, and still checks the other arguments', () => {
    expect(problems('lookup(1, tarief, zes)')).toEqual(['bad_expression @7: argument 1 van lookup moet een naam zijn', "unknown_fact @18: onbekend feit 'zes'"]);
    expect(problems('lookup("tarieven", "tarief", vijf)')).toEqual([]);
  });

  it('lists the names an expression reads', () => {
    expect(checkExpr(parseExpr('if(vijf > 1, lookup(tarieven, tarief, dag), zes)'), env).refs).toEqual(['vijf', 'dag', 'zes']);
  });
});

describe('how an expression is read', () => {
  const syntaxError = (src: string) => {
    try {
      parseExpr(src);
      return 'geen fout';
    } catch (e) {
      return `${(e as Error).message} @${(e as { pos: number }).pos}`;
    }
  };

  it('binds not and minus tighter than any operator, and operators of one strength from the left', () => {
    expect(run('not waar == onwaar')).toBe(true); // (not waar) == onwaar
    expect(run('-vijf + 10')).toBe(5);
    expect(run('10 - 4 - 3')).toBe(3);
    expect(run('24 / 4 / 2')).toBe(3);
    expect(run('1 + 2 == 3 and 2 * 3 > 5 or onwaar')).toBe(true);
    expect(run('onwaar and onwaar or waar')).toBe(true); // and before or
    expect(run("'b' == tekst")).toBe(true);
    expect(run('if(waar, null, 1)')).toBeNull();
    expect(run('max(1, 2, 3)')).toBe(3);
  });

  it('says what is wrong and where', () => {
    expect(syntaxError('"abc')).toBe('tekenreeks zonder afsluitend aanhalingsteken @0');
    expect(syntaxError('round(1 2)')).toBe("')' verwacht @8");
    expect(syntaxError('round(1,')).toBe('expressie is onvolledig @8');
    expect(syntaxError('1 +')).toBe('expressie is onvolledig @3');
    expect(syntaxError('* 2')).toBe("onverwacht '*' @0");
    expect(syntaxError('(1 + 2')).toBe("')' verwacht @6");
    expect(syntaxError('1 2')).toBe('onverwachte tekst na de expressie @2');
    expect(syntaxError('vandaag()')).toBe('geen fout');
  });
});
