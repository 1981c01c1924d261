/**
 * What the editor's table completion reads: the shipped tables' columns with type and Dutch
 * description, and which table or column a place in an expression asks for.
 */
import { describe, expect, it } from 'vitest';
import { callBefore, columnDescription, columnDetail, expressionSlot, tablesOf } from '../../editor/src/table-columns.js';
import { readRuleFiles } from '../../src/load/rule-source.js';
import { SHIPPED_RULES_DIR } from '../../src/evaluate/project.js';

const files = new Map([...readRuleFiles(SHIPPED_RULES_DIR)].filter(([p]) => p.startsWith('rtp/2.0/')));
const tables = tablesOf(files);

describe('the tables of a version for completion', () => {
  it('reads every table of RTP 2.0 with its columns, keys and descriptions', () => {
    expect(tables.map((t) => t.id)).toEqual(['beroepentabel', 'producten', 'standaardbudgetten', 'uitgeslotenFuncties', 'uurtarieven']);
    const uur = tables.find((t) => t.id === 'uurtarieven')!;
    const tarief = uur.columns.find((c) => c.name === 'uurtarief')!;
    expect(columnDetail(uur, tarief)).toBe('kolom · bedrag in centen');
    expect(columnDescription(uur, tarief)).toContain('Uurtarief in centen');
    const beroep = tables.find((t) => t.id === 'beroepentabel')!;
    const schaal = beroep.columns.find((c) => c.name === 'caoSchaal')!;
    expect(columnDetail(beroep, schaal)).toBe('kolom · geheel getal · sleutel 2 van 2 · bereik {min, max}');
    expect(columnDescription(beroep, schaal)).toContain('Cao-schaal: bereik, beide grenzen inclusief. Sleutelkolom: de tweede sleutel van lookup(beroepentabel, kolom, functie, caoSchaal)');
  });

  it('knows which argument of a lookup is being typed, also after a nested call', () => {
    expect(callBefore('expr: lookup(tarieven, ta')).toEqual({ fn: 'lookup', index: 1, args: ['tarieven'], partial: 'ta' });
    expect(expressionSlot('expr: lookup(', tables)).toEqual({ kind: 'table', partial: '' });
    expect(expressionSlot('expr: round(lookup(uurtarieven, uur', tables)).toMatchObject({ kind: 'column', tableName: 'uurtarieven', partial: 'uur', table: { id: 'uurtarieven' } });
    expect(expressionSlot('expr: lookupAt(addDays(toewijzing.ingangsdatum, 1), producten, ', tables)).toMatchObject({ kind: 'column', tableName: 'producten' });
    expect(expressionSlot('expr: lookupAt(toewijzing.ingangsdatum, pro', tables)).toEqual({ kind: 'table', partial: 'pro' });
    expect(expressionSlot('expr: lookupEach(uurtarieven, uurtarief, pluck(uren, ', tables)).toBeNull();
    expect(expressionSlot('expr: round(uurtarief * ', tables)).toBeNull();
  });
});
