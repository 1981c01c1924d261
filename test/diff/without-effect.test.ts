/** Which row changes can never take effect from a version's start (src/diff/without-effect.ts). */
import { describe, expect, it } from 'vitest';
import type { RowChange, RowRef } from '../../src/diff/semantic-diff.js';
import { changesWithoutEffect } from '../../src/diff/without-effect.js';

const row = (from: string | undefined, until: string | undefined, over: Partial<RowChange> = {}): RowChange => ({
  table: 'uurtarieven', key: { tariefgroep: 'TG3' }, ...(from ? { from } : {}), ...(until ? { until } : {}), values: { tariefgroep: 'TG3', uurtarief: 8304 },
  source: 'x', money: ['uurtarief'], file: 'rtp/2.0/tables/uurtarieven.yaml', line: 21, before: { uurtarief: 7904 }, ...over,
});
const rows = (changed: RowChange[], added: RowRef[] = [], removed: RowRef[] = []) => ({ changed, added, removed });

describe('changesWithoutEffect', () => {
  it('names a 2025 row changed in a version from 2028, with file, line and both dates in Dutch', () => {
    const [w] = changesWithoutEffect(rows([row('2025-01-01', '2025-12-31')]), '2028-01-01');
    expect(w).toMatchObject({ change: 'changed', table: 'uurtarieven', file: 'rtp/2.0/tables/uurtarieven.yaml', line: 21, from: '2025-01-01', until: '2025-12-31', startsOn: '2028-01-01' });
    expect(w.message).toBe('rij tariefgroep TG3 in tabel uurtarieven (rtp/2.0/tables/uurtarieven.yaml, regel 21) is gewijzigd, maar geldt van 1 januari 2025 t/m 31 december 2025: vóór 1 januari 2028, de ingangsdatum van de nieuwe versie. Die periode beantwoordt de versie die dan geldt, dus deze wijziging heeft nooit effect. Voeg een rij toe die op of na 1 januari 2028 ingaat.');
  });

  it('lets through rows that reach the start: open-ended, ending on or after it, or a change that moves the end', () => {
    expect(changesWithoutEffect(rows([row(undefined, undefined), row('2025-01-01', '2028-01-01'), row('2025-01-01', '2025-12-31', { untilBefore: null })]), '2028-01-01')).toEqual([]);
    // A row whose end moved from open to 2025 ends the row for 2028 too: that takes effect.
    expect(changesWithoutEffect(rows([row('2025-01-01', undefined, { untilBefore: '2025-12-31' })]), '2028-01-01')).toEqual([]);
  });

  it('counts added and removed rows by their own period', () => {
    const out = changesWithoutEffect(rows([], [row('2024-01-01', '2024-12-31')], [row('2027-01-01', '2027-12-31'), row('2028-01-01', '2028-12-31')]), '2028-01-01');
    expect(out.map((w) => `${w.change} ${w.from}`)).toEqual(['added 2024-01-01', 'removed 2027-01-01']);
  });
});
