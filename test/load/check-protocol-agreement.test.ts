import { describe, expect, it } from 'vitest';
import { checkProtocolAgreement } from '../../src/load/check-protocol-agreement.js';
import { edit, lines, twoProtocols, versionsOf } from '../helpers/two-protocols.js';

const RAP_TARIEVEN = 'rap/2.0/tables/tarieven.yaml';
const RAP_PRODUCTEN = 'rap/2.0/tables/producten.yaml';
const RAP_BEROEPEN = 'rap/2.0/tables/beroepentabel.yaml';
const RTP_BEROEPEN = 'rtp/2.0/tables/beroepentabel.yaml';
const RTP_UUR = 'rtp/2.0/tables/uurtarieven.yaml';
const RAP_45A03 = '45A03, tarief: 7904, from: 2025-01-01, until: 2025-12-31 }';
const RTP_TG3_2025 = '{ tariefgroep: TG3, uurtarief: 7904, from: 2025-01-01, until: 2025-12-31 }';
const RTP_TG7_2025 = '  - { tariefgroep: TG7, uurtarief: 12272, from: 2025-01-01, until: 2025-12-31 }\n';
const RAP_45A07 = '  - { productCode: 45A07, tarief: 12272, from: 2025-01-01, until: 2025-12-31 }\n';
const KJT = '{ functie: kinder- en jeugdtherapeut, tariefgroep: TG3 }';

const check = (files: Map<string, string>) => lines(checkProtocolAgreement(versionsOf(files)));
const rapTariff = (tarief: number) => edit(twoProtocols(), RAP_TARIEVEN, RAP_45A03, `45A03, tarief: ${tarief}, from: 2025-01-01, until: 2025-12-31 }`);

describe('one reading for RTP and RAP', () => {
  it('finds nothing when both protocols hold the same professions table and tariffs', () => {
    expect(check(twoProtocols())).toEqual([]);
  });

  it('reports a changed RAP tariff once, at the RAP row, naming both versions, keys, values and the period', () => {
    expect(check(rapTariff(8000))).toEqual([
      `${RAP_TARIEVEN}:13:35 RAP 2.0 tarieven 45A03 (€ 80,00) wijkt af van RTP 2.0 uurtarieven TG3 (€ 79,04) van 2025-01-01 t/m 2025-12-31 [inconsistent]`,
    ]);
  });

  it('reports a tariff that only RAP has on a date, at the RAP row', () => {
    const files = edit(twoProtocols(), RTP_UUR, '  - { tariefgroep: TG5, uurtarief: 9568, from: 2025-01-01, until: 2025-12-31 }\n', '');
    expect(check(files)).toEqual([
      `${RAP_TARIEVEN}:15:35 RAP 2.0 tarieven 45A05 (€ 95,68) wijkt af van RTP 2.0 uurtarieven TG5 (geen tarief) van 2025-01-01 t/m 2025-12-31 [inconsistent]`,
    ]);
  });

  it('reports a tariff that only RTP has on a date, at the RTP row', () => {
    const files = edit(twoProtocols(), RTP_UUR, RTP_TG7_2025, `${RTP_TG7_2025}  - { tariefgroep: TG3, uurtarief: 8220, from: 2026-01-01, until: 2026-12-31 }\n`);
    expect(check(files)).toEqual([
      `${RTP_UUR}:25:36 RAP 2.0 tarieven 45A03 (geen tarief) wijkt af van RTP 2.0 uurtarieven TG3 (€ 82,20) van 2026-01-01 t/m 2026-12-31 [inconsistent]`,
    ]);
  });

  it('reports one disagreement over consecutive years once, and a change of values as a new one', () => {
    const rtp2026 = `${RTP_TG7_2025}  - { tariefgroep: TG3, uurtarief: 7904, from: 2026-01-01, until: 2026-12-31 }\n`;
    // A product row starting mid-2025 adds a sample day inside the run; it must not split it.
    const base = edit(edit(rapTariff(8000), RTP_UUR, RTP_TG7_2025, rtp2026), RAP_PRODUCTEN, 'groepsaanbod, from: 2025-01-01', 'groepsaanbod, from: 2025-07-01');
    const same = edit(base, RAP_TARIEVEN, RAP_45A07, `${RAP_45A07}  - { productCode: 45A03, tarief: 8000, from: 2026-01-01, until: 2026-12-31 }\n`);
    expect(check(same)).toEqual([
      `${RAP_TARIEVEN}:13:35 RAP 2.0 tarieven 45A03 (€ 80,00) wijkt af van RTP 2.0 uurtarieven TG3 (€ 79,04) van 2025-01-01 t/m 2026-12-31 [inconsistent]`,
    ]);
    const other = edit(base, RAP_TARIEVEN, RAP_45A07, `${RAP_45A07}  - { productCode: 45A03, tarief: 8100, from: 2026-01-01, until: 2026-12-31 }\n`);
    expect(check(other)).toEqual([
      `${RAP_TARIEVEN}:13:35 RAP 2.0 tarieven 45A03 (€ 80,00) wijkt af van RTP 2.0 uurtarieven TG3 (€ 79,04) van 2025-01-01 t/m 2025-12-31 [inconsistent]`,
      `${RAP_TARIEVEN}:18:35 RAP 2.0 tarieven 45A03 (€ 81,00) wijkt af van RTP 2.0 uurtarieven TG3 (€ 79,04) van 2026-01-01 t/m 2026-12-31 [inconsistent]`,
    ]);
  });

  it('compares through the tariff group that the RAP products table gives the product', () => {
    const files = edit(twoProtocols(), RAP_PRODUCTEN, 'ambulant individueel TG3, tariefgroep: TG3', 'ambulant individueel TG3, tariefgroep: TG4');
    expect(check(files)).toEqual([
      `${RAP_TARIEVEN}:13:35 RAP 2.0 tarieven 45A03 (€ 79,04) wijkt af van RTP 2.0 uurtarieven TG4 (€ 87,36) van 2025-01-01 t/m 2025-12-31 [inconsistent]`,
    ]);
  });

  it('ignores rows outside the period in which both versions are in force, and products without a tariff group', () => {
    const files = edit(
      edit(twoProtocols(), RTP_UUR, '{ tariefgroep: TG3, uurtarief: 7600, from: 2024-01-01', '{ tariefgroep: TG3, uurtarief: 7000, from: 2024-01-01'),
      RAP_TARIEVEN, '41G01, tarief: 4680', '41G01, tarief: 9999',
    );
    expect(check(files)).toEqual([]);
  });

  it('reports a function whose tariff group differs once, not once per scale sampled', () => {
    const files = edit(twoProtocols(), RAP_BEROEPEN, KJT, '{ functie: kinder- en jeugdtherapeut, tariefgroep: TG4 }');
    expect(check(files)).toEqual([
      `${RAP_BEROEPEN}:15:56 RAP 2.0 beroepentabel kinder- en jeugdtherapeut (TG4) wijkt af van RTP 2.0 beroepentabel kinder- en jeugdtherapeut (TG3) vanaf 2025-01-01 [inconsistent]`,
    ]);
  });

  it('reports a scale bound that differs at the scale where the tables part, at the RTP row when RAP has none', () => {
    const files = edit(twoProtocols(), RAP_BEROEPEN, "SPV'er, caoSchaal: { max: 9 }", "SPV'er, caoSchaal: { max: 8 }");
    expect(check(files)).toEqual([
      `${RTP_BEROEPEN}:13:60 RAP 2.0 beroepentabel SPV'er schaal 9 (niet in de tabel) wijkt af van RTP 2.0 beroepentabel SPV'er schaal 9 (TG3) vanaf 2025-01-01 [inconsistent]`,
    ]);
  });

  it('reports a function only one protocol knows', () => {
    const files = edit(twoProtocols(), RTP_BEROEPEN, KJT, `${KJT}\n  - { functie: regiebehandelaar dyslexie, tariefgroep: TG6 }`);
    expect(check(files)).toEqual([
      `${RTP_BEROEPEN}:16:56 RAP 2.0 beroepentabel regiebehandelaar dyslexie (niet in de tabel) wijkt af van RTP 2.0 beroepentabel regiebehandelaar dyslexie (TG6) vanaf 2025-01-01 [inconsistent]`,
    ]);
  });

  it('reports a dated professions row only for the days it differs', () => {
    const files = edit(twoProtocols(), RAP_BEROEPEN, KJT,
      '{ functie: kinder- en jeugdtherapeut, tariefgroep: TG4, until: 2025-06-30 }\n  - { functie: kinder- en jeugdtherapeut, tariefgroep: TG3, from: 2025-07-01 }');
    expect(check(files)).toEqual([
      `${RAP_BEROEPEN}:15:56 RAP 2.0 beroepentabel kinder- en jeugdtherapeut (TG4) wijkt af van RTP 2.0 beroepentabel kinder- en jeugdtherapeut (TG3) van 2025-01-01 t/m 2025-06-30 [inconsistent]`,
    ]);
  });

  it('compares only versions in force on overlapping periods, over the days they share', () => {
    expect(check(edit(rapTariff(8000), 'rap/2.0/ruleset.yaml', 'status: vastgesteld', 'status: concept'))).toEqual([]);
    expect(check(edit(rapTariff(8000), 'rtp/2.0/ruleset.yaml', 'status: vastgesteld', 'status: vervallen'))).toEqual([]);
    expect(check(edit(rapTariff(8000), 'rap/2.0/ruleset.yaml', 'validFrom: 2025-01-01', 'validFrom: 2026-01-01'))).toEqual([]);
    expect(check(edit(rapTariff(8000), 'rtp/2.0/ruleset.yaml', 'validTo: null', 'validTo: 2025-06-30'))).toEqual([
      `${RAP_TARIEVEN}:13:35 RAP 2.0 tarieven 45A03 (€ 80,00) wijkt af van RTP 2.0 uurtarieven TG3 (€ 79,04) van 2025-01-01 t/m 2025-06-30 [inconsistent]`,
    ]);
  });

  it('skips a comparison silently when one version lacks the table', () => {
    const noHourly = new Map(rapTariff(8000));
    noHourly.delete(RTP_UUR);
    const files = edit(noHourly, RAP_BEROEPEN, KJT, '{ functie: kinder- en jeugdtherapeut, tariefgroep: TG4 }');
    expect(check(files)).toEqual([
      `${RAP_BEROEPEN}:15:56 RAP 2.0 beroepentabel kinder- en jeugdtherapeut (TG4) wijkt af van RTP 2.0 beroepentabel kinder- en jeugdtherapeut (TG3) vanaf 2025-01-01 [inconsistent]`,
    ]);
    const noProfessions = new Map(rapTariff(8000));
    noProfessions.delete(RAP_BEROEPEN);
    expect(check(noProfessions)).toHaveLength(1);
  });
});
