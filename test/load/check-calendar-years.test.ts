import { describe, expect, it } from 'vitest';
import { checkCalendarYears } from '../../src/load/check-calendar-years.js';
import { loadRules } from '../../src/load/load-rules.js';
import { projectFactSchemas } from '../../src/evaluate/project.js';
import { edit, lines, twoProtocols, versionsOf } from '../helpers/two-protocols.js';

const UUR = 'rtp/2.0/tables/uurtarieven.yaml';
const TG3_2025 = '{ tariefgroep: TG3, uurtarief: 7904, from: 2025-01-01, until: 2025-12-31 }';
const check = (files: Map<string, string>) => lines(versionsOf(files).flatMap((v) => checkCalendarYears(v)));

describe('tariffs per calendar year (perKalenderjaar)', () => {
  it('accepts tables whose rows each run from 1 January to 31 December, one row per key and year', () => {
    expect(loadRules(twoProtocols(), projectFactSchemas()).diagnostics).toEqual([]);
    expect(check(twoProtocols())).toEqual([]);
  });

  it('refuses an open-ended tariff row at the row, naming the until to add', () => {
    const files = edit(twoProtocols(), UUR, TG3_2025, '{ tariefgroep: TG3, uurtarief: 7904, from: 2025-01-01 }');
    expect(check(files)).toEqual([
      `${UUR}:20:5 tarief zonder einddatum: een tarief geldt per kalenderjaar; zet until: 2025-12-31 [bad_dates]`,
    ]);
  });

  it('refuses a row without from, and one without any date', () => {
    const noFrom = edit(twoProtocols(), UUR, TG3_2025, '{ tariefgroep: TG3, uurtarief: 7904, until: 2025-12-31 }');
    expect(check(noFrom)).toEqual([`${UUR}:20:5 tarief zonder begindatum: een tarief geldt per kalenderjaar; zet from: 2025-01-01 [bad_dates]`]);
    const none = edit(twoProtocols(), UUR, TG3_2025, '{ tariefgroep: TG3, uurtarief: 7904 }');
    expect(check(none)).toEqual([
      `${UUR}:20:5 tarief zonder begin- en einddatum: een tarief geldt per kalenderjaar; zet from: JJJJ-01-01 en until: JJJJ-12-31 [bad_dates]`,
    ]);
  });

  it('refuses a row that starts on another day than 1 January, at its from', () => {
    const files = edit(twoProtocols(), UUR, TG3_2025, '{ tariefgroep: TG3, uurtarief: 7904, from: 2025-03-01, until: 2025-12-31 }');
    expect(check(files)).toEqual([
      `${UUR}:20:48 from 2025-03-01 is geen 1 januari: een tarief geldt per kalenderjaar; zet from: 2025-01-01 en until: 2025-12-31 [bad_dates]`,
    ]);
  });

  it('refuses a row that ends on another day than 31 December of its own year, at its until', () => {
    const midYear = edit(twoProtocols(), UUR, TG3_2025, '{ tariefgroep: TG3, uurtarief: 7904, from: 2025-01-01, until: 2025-06-30 }');
    expect(check(midYear)).toEqual([
      `${UUR}:20:67 until 2025-06-30 is geen 31 december: een tarief geldt per kalenderjaar; zet until: 2025-12-31 [bad_dates]`,
    ]);
    const twoYears = edit(twoProtocols(), UUR, TG3_2025, '{ tariefgroep: TG3, uurtarief: 7904, from: 2025-01-01, until: 2026-12-31 }');
    expect(check(twoYears)).toEqual([
      `${UUR}:20:67 until 2026-12-31 ligt niet in hetzelfde jaar als from 2025-01-01: een tarief geldt per kalenderjaar; zet until: 2025-12-31 [bad_dates]`,
    ]);
  });

  it('refuses two rows with the same key in the same year, at the second, naming the line of the first', () => {
    const files = edit(twoProtocols(), UUR, TG3_2025, `${TG3_2025}\n  - { tariefgroep: TG3, uurtarief: 8000, from: 2025-01-01, until: 2025-12-31 }`);
    expect(check(files)).toEqual([
      `${UUR}:21:48 tariefgroep TG3 heeft voor 2025 al een tarief (regel 20): rijen met dezelfde sleutel mogen elkaar niet overlappen [bad_dates]`,
    ]);
  });

  it('accepts a year without a tariff: the answer names that gap at run time', () => {
    const files = edit(twoProtocols(), UUR, '  - { tariefgroep: TG3, uurtarief: 7600, from: 2024-01-01, until: 2024-12-31 }\n', '');
    expect(check(files)).toEqual([]);
  });

  it('leaves tables without perKalenderjaar alone', () => {
    const files = edit(twoProtocols(), UUR, 'perKalenderjaar: true\n', '');
    const open = edit(files, UUR, TG3_2025, '{ tariefgroep: TG3, uurtarief: 7904, from: 2025-03-01 }');
    expect(check(open)).toEqual([]);
  });

  it('reports every bad row of a table at once', () => {
    const files = edit(
      edit(twoProtocols(), 'rap/2.0/tables/tarieven.yaml', '45A01, tarief: 6240, from: 2025-01-01, until: 2025-12-31', '45A01, tarief: 6240, from: 2025-01-01'),
      'rap/2.0/tables/tarieven.yaml', '45A07, tarief: 12272, from: 2025-01-01, until: 2025-12-31', '45A07, tarief: 12272, from: 2025-01-02, until: 2025-12-31',
    );
    expect(check(files)).toEqual([
      'rap/2.0/tables/tarieven.yaml:11:5 tarief zonder einddatum: een tarief geldt per kalenderjaar; zet until: 2025-12-31 [bad_dates]',
      'rap/2.0/tables/tarieven.yaml:17:48 from 2025-01-02 is geen 1 januari: een tarief geldt per kalenderjaar; zet from: 2025-01-01 en until: 2025-12-31 [bad_dates]',
    ]);
  });
});
