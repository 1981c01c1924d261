/** Writes JW323 and JW301 messages from their models (synthetic corpus, tests, examples). */
import { BERICHT_CODE, type Header } from './header.js';
import type { Omvang, Toewijzing } from './jw301.js';
import type { Bedrag, Jw323, Prestatie } from './jw323.js';
import { IJW_NS } from './read.js';
import { xmlDocument, type XmlNode } from './xml-write.js';

type Without<T> = Omit<T, 'path'>;
export type Jw323Input = Omit<Jw323, 'clienten'> & { clienten: { bsn: string; prestaties: Without<Prestatie>[] }[] };
export interface Jw301Input {
  header: Header;
  bsn: string;
  verwijzerType?: string;
  toewijzingen: Toewijzing[];
}

const header = (h: Header): XmlNode => ['Header', [
  ['BerichtCode', h.berichtCode], ['BerichtVersie', 3], ['BerichtSubversie', 2],
  ['Afzender', h.afzender], ['Ontvanger', h.ontvanger], ['Identificatie', h.identificatie], ['Dagtekening', h.dagtekening],
]];
const bedrag = (name: string, b: Bedrag): XmlNode => [name, [['Bedrag', b.bedrag], ['DebetCredit', b.debetCredit]]];
const omvang = (o: Omvang | null): XmlNode => ['Omvang', o ? [['Volume', o.volume], ['Eenheid', o.eenheid], ['Frequentie', o.frequentie]] : undefined];

export function writeJw323(m: Jw323Input): string {
  return xmlDocument(IJW_NS('jw323'), [
    header({ ...m.header, berichtCode: m.header.berichtCode ?? BERICHT_CODE.jw323 }),
    ['Declaratie', [
      ['DeclaratieNummer', m.declaratieNummer],
      ['DeclaratiePeriode', [['Begindatum', m.periode.begindatum], ['Einddatum', m.periode.einddatum]]],
      ['DeclaratieDagtekening', m.dagtekening],
      bedrag('TotaalIngediendBedrag', m.totaalIngediend),
    ]],
    ['Clienten', m.clienten.map((c): XmlNode => ['Client', [
      ['Bsn', c.bsn],
      ['Prestaties', c.prestaties.map((p): XmlNode => ['Prestatie', [
        ['ProductReferentie', [['ReferentieNummer', p.referentieNummer], ['VorigReferentieNummer', p.vorigReferentieNummer]]],
        ['ToewijzingNummer', p.toewijzingNummer],
        ['ProductCategorie', p.productCategorie],
        ['ProductCode', p.productCode],
        ['ProductPeriode', [['Begindatum', p.begindatum], ['Einddatum', p.einddatum]]],
        ['GeleverdVolume', p.geleverdVolume],
        ['Eenheid', p.eenheid],
        ['ProductTarief', p.productTarief],
        bedrag('IngediendBedrag', p.ingediend),
      ]])],
    ]])],
  ]);
}

export function writeJw301(m: Jw301Input): string {
  return xmlDocument(IJW_NS('jw301'), [
    header(m.header),
    ['Client', [
      ['Bsn', m.bsn],
      ['Verwijzer', m.verwijzerType ? [['Type', m.verwijzerType]] : undefined],
      ['Toewijzingen', m.toewijzingen.map((t): XmlNode => ['Toewijzing', [
        ['ToewijzingNummer', t.toewijzingNummer],
        ['ProductCategorie', t.productCategorie],
        ['ProductCode', t.productCode],
        ['ToewijzingIngangsdatum', t.ingangsdatum],
        ['ToewijzingEinddatum', t.einddatum],
        omvang(t.omvang),
        ['Budget', t.budget],
        ['RedenWijziging', t.redenWijziging],
      ]])],
    ]],
  ]);
}
