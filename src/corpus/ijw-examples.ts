/**
 * The request examples of the iJw endpoints in the OpenAPI document: the worked
 * example of RAP declaratie (90 minutes of TG3 in February 2025 on a keuzebudget)
 * as a JW323 with the JW301 it refers to, and that JW301 on its own for RTP
 * toewijzing. The BSN is synthetic (eleven-test), the figures illustrative.
 */
import { syntheticBsn } from './ijw.js';
import { writeJw301, writeJw323 } from '../ijw/write-messages.js';

const bsn = syntheticBsn(1);
const allocation = {
  toewijzingNummer: 1201, productCategorie: '45', productCode: null, ingangsdatum: '2024-09-01', einddatum: '2025-08-31',
  budget: 750000, omvang: null, redenWijziging: null,
};

const jw301 = writeJw301({ header: { berichtCode: '436', afzender: '0193', ontvanger: '12345678', identificatie: 'TW-1', dagtekening: '2024-08-20' }, bsn, toewijzingen: [allocation] });

const jw323 = writeJw323({
  header: { berichtCode: '490', afzender: '12345678', ontvanger: '0193', identificatie: 'DEC-2025-02', dagtekening: '2025-03-05' },
  declaratieNummer: 'D2025021', periode: { begindatum: '2025-02-01', einddatum: '2025-02-28' }, dagtekening: '2025-03-05',
  totaalIngediend: { bedrag: 11856, debetCredit: 'D' },
  clienten: [{
    bsn,
    prestaties: [{
      referentieNummer: 'R1', toewijzingNummer: 1201, productCategorie: '45', productCode: '45A03', begindatum: '2025-02-01', einddatum: '2025-02-28',
      geleverdVolume: 90, eenheid: '01', productTarief: 132, ingediend: { bedrag: 11856, debetCredit: 'D' },
    }],
  }],
});

export const IJW_EXAMPLES = {
  declaratie: { jw323, jw301: [jw301] },
  toewijzing: { jw301 },
};
