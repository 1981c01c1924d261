import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addRow, parseCell, parseDate, parseEuro, readGrid, removeRow, setCell, type GridColumn } from '../../editor/src/table-grid.js';
import { formatRuleFile } from '../../src/fmt/format-rule-file.js';

const RULES = join(__dirname, '../../rules');
const tableFiles = ['rap/1.0', 'rap/2.0', 'rtp/1.0', 'rtp/2.0'].flatMap((v) =>
  readdirSync(join(RULES, v, 'tables')).map((f) => `${v}/tables/${f}`));
const read = (p: string) => readFileSync(join(RULES, p), 'utf8');
const value = (p: ReturnType<typeof parseEuro>) => (p.ok ? p.value : p.message);

describe('a table as a grid: what staff read', () => {
  it('shows the tariffs in euros, Dutch titles and the validity of each row as dd-mm-jjjj', () => {
    const g = readGrid(read('rap/2.0/tables/tarieven.yaml'))!;
    expect(g.columns.map((c) => c.title)).toEqual(['Productcode', 'Tarief per eenheid van het product (€)', 'Geldig vanaf', 'Geldig tot en met']);
    expect(g.rows.find((r) => r.productCode === '45A04')).toEqual({ productCode: '45A04', tarief: '87,36', from: '01-01-2025', until: '31-12-2025' });
    expect(g.rows.find((r) => r.productCode === '54D02')!.tarief).toBe('5.000,00');
  });

  it('shows a range column as "t/m 9" and "vanaf 10", and an empty range as empty', () => {
    const g = readGrid(read('rap/2.0/tables/beroepentabel.yaml'))!;
    const spv = g.rows.filter((r) => r.functie === "SPV'er").map((r) => r.caoSchaal);
    expect(spv).toEqual(['t/m 9', 'vanaf 10']);
    expect(g.rows[0].caoSchaal).toBe('');
    expect(g.columns.find((c) => c.name === 'caoSchaal')!.title).toBe('Cao-schaal');
  });
});

describe('what staff type in a cell', () => {
  it('reads euros as whole cents: "89,36" is 8936, "89" is 8900, "70,72 euro" is 7072', () => {
    expect(value(parseEuro('89,36'))).toBe(8936);
    expect(value(parseEuro('89'))).toBe(8900);
    expect(value(parseEuro('70,72 euro'))).toBe(7072);
    expect(value(parseEuro('€ 1.234,56'))).toBe(123456);
    expect(value(parseEuro('89,5'))).toBe(8950);
    expect(value(parseEuro('89.5'))).toBe(8950);
    expect(value(parseEuro('1.234'))).toBe(123400);
  });

  it('refuses a negative amount, fractions of a cent and words, with an example of the right form', () => {
    expect(value(parseEuro('-100'))).toMatch(/kan niet negatief zijn.*89,36/);
    expect(value(parseEuro('89,365'))).toMatch(/hoogstens twee cijfers/);
    expect(value(parseEuro('negen'))).toMatch(/geen bedrag in euro.*89,36/);
  });

  it('reads dates as dag-maand-jaar and refuses a day that does not exist', () => {
    expect(value(parseDate('1-1-2026'))).toBe('2026-01-01');
    expect(value(parseDate('2026-03-01'))).toBe('2026-03-01');
    expect(value(parseDate('31-02-2026'))).toMatch(/31-02-2026 bestaat niet.*01-01-2026/);
    expect(value(parseDate('morgen'))).toMatch(/geen datum/);
  });

  it('reads ranges and leaves an optional cell out when it is emptied', () => {
    const range: GridColumn = { name: 'caoSchaal', title: 'Cao-schaal', kind: 'range', of: 'integer', optional: true, key: true };
    expect(parseCell(range, 't/m 9')).toEqual({ ok: true, value: { max: 9 } });
    expect(parseCell(range, 'vanaf 10')).toEqual({ ok: true, value: { min: 10 } });
    expect(parseCell(range, '3 t/m 9')).toEqual({ ok: true, value: { min: 3, max: 9 } });
    expect(parseCell(range, '9 t/m 3')).toMatchObject({ ok: false });
    expect(parseCell(range, '')).toEqual({ ok: true, value: undefined });
    const code: GridColumn = { name: 'productCode', title: 'Productcode', kind: 'string', of: 'string', optional: false, key: true };
    expect(parseCell(code, ' ')).toEqual({ ok: false, message: 'Productcode mag niet leeg zijn.' });
  });
});

describe('the grid writes canonical YAML in cents', () => {
  it.each(tableFiles)('%s: setting a cell to its own value changes nothing', (p) => {
    const text = read(p);
    const g = readGrid(text)!;
    const first = g.columns[0];
    const parsed = parseCell(first, g.rows[0][first.name]);
    expect(parsed.ok).toBe(true);
    expect(setCell(text, 0, first.name, (parsed as { value: unknown }).value)).toBe(text);
  });

  it('raising the TG4 tariff by EUR 2 changes one line, in cents, and the formatter has nothing to add', () => {
    const p = 'rtp/2.0/tables/uurtarieven.yaml';
    const text = read(p);
    const g = readGrid(text)!;
    const i = g.rows.findIndex((r) => r.tariefgroep === 'TG4' && r.from === '01-01-2025');
    const next = setCell(text, i, 'uurtarief', value(parseEuro('89,36')));
    const changed = next.split('\n').filter((l, j) => l !== text.split('\n')[j]);
    expect(changed).toEqual(['  - { tariefgroep: TG4, uurtarief: 8936, from: 2025-01-01, until: 2025-12-31 }']);
    expect(formatRuleFile(p, next)).toMatchObject({ ok: true, changed: false });
  });

  it('adds a copy of a row at the end and removes it again', () => {
    const p = 'rap/2.0/tables/beroepentabel.yaml';
    const text = read(p);
    const added = addRow(text, 4);
    expect(added.trimEnd().split('\n').at(-1)).toBe('  - { functie: kinder- en jeugdtherapeut, tariefgroep: TG3, illustrative: false }');
    expect(formatRuleFile(p, added)).toMatchObject({ ok: true, changed: false });
    const n = readGrid(added)!.rows.length;
    expect(removeRow(added, n - 1)).toBe(text);
  });
});
