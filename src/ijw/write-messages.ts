/**
 * Writes JW323, JW301 and JW315 messages from their models (synthetic corpus,
 * tests, examples), through the same structure-driven writer as the JW325.
 * Client details a model does not hold (birth date, name, contact) are
 * synthetic placeholders: the rules never read them.
 */
import type { Header } from './header.js';
import type { Omvang, Toewijzing, Verwijzer } from './jw301.js';
import type { Bedrag, Jw323, Prestatie } from './jw323.js';
import { JW301, JW315, JW323, XSD_VERSIE } from './structure.js';
import { writeMessage, type XmlObject } from './write-xml.js';

type Without<T> = Omit<T, 'path'>;
export type HeaderInput = Omit<Header, 'xsdVersie' | 'berichtCode'> & Partial<Pick<Header, 'xsdVersie' | 'berichtCode'>>;
export type Jw323Input = Omit<Jw323, 'clienten' | 'header'> & { header: HeaderInput; clienten: { bsn: string; prestaties: Without<Prestatie>[] }[] };

/** Synthetic client details for messages that must carry them (JW301, JW315). */
export interface ClientDetails {
  geboortedatum: string;
  geslacht: string;
  achternaam: string;
}
const SYNTHETIC_CLIENT: ClientDetails = { geboortedatum: '2012-01-01', geslacht: '0', achternaam: 'Synthetisch' };

export interface Jw301Input {
  header: HeaderInput;
  bsn: string;
  client?: ClientDetails;
  /** Toewijzingsdatum/-tijd default to the day before the ingangsdatum, 09:00:00. */
  toewijzingen: (Toewijzing & { referentieAanbieder?: string; toewijzingsdatum?: string; toewijzingstijd?: string })[];
}

export interface Jw315Input {
  header: HeaderInput;
  bsn: string;
  client?: ClientDetails;
  producten: { referentie: string; productCategorie: string | null; productCode: string | null; ingangsdatum: string; einddatum: string | null; budget: number | null; omvang: Omvang | null; verwijzer: Verwijzer }[];
}

export const headerValue = (code: string, h: HeaderInput): XmlObject => ({
  BerichtCode: code, BerichtVersie: 3, BerichtSubversie: 2, Afzender: h.afzender, Ontvanger: h.ontvanger,
  BerichtIdentificatie: { Identificatie: h.identificatie, Dagtekening: h.dagtekening },
  XsdVersie: xsdVersieValue(h.xsdVersie ?? XSD_VERSIE),
});
export const xsdVersieValue = (v: Header['xsdVersie']): XmlObject => ({ BasisschemaXsdVersie: v.basisschema, BerichtXsdVersie: v.bericht });
export const bedragValue = (b: Bedrag): XmlObject => ({ Bedrag: b.bedrag, DebetCredit: b.debetCredit });
const omvangValue = (o: Omvang | null) => (o ? { Volume: o.volume, Eenheid: o.eenheid, Frequentie: o.frequentie } : undefined);
const productValue = (categorie: string | null, code: string | null) => (categorie ? { Categorie: categorie, Code: code } : undefined);

/** A declared line as the JW323 (and the JW325, which repeats it) writes it. */
export function prestatieValue(p: Without<Prestatie>): XmlObject {
  return {
    ProductReferentie: { ReferentieNummer: p.referentieNummer, VorigReferentieNummer: p.vorigReferentieNummer },
    ToewijzingNummer: p.toewijzingNummer, ProductCategorie: p.productCategorie, ProductCode: p.productCode,
    ProductPeriode: { Begindatum: p.begindatum, Einddatum: p.einddatum },
    GeleverdVolume: p.geleverdVolume, Eenheid: p.eenheid, ProductTarief: p.productTarief, IngediendBedrag: bedragValue(p.ingediend),
  };
}

export function writeJw323(m: Jw323Input): string {
  return writeMessage(JW323, {
    Header: headerValue('490', m.header),
    Declaratie: {
      DeclaratieNummer: m.declaratieNummer,
      DeclaratiePeriode: { Begindatum: m.periode.begindatum, Einddatum: m.periode.einddatum },
      DeclaratieDagtekening: m.dagtekening,
      TotaalIngediendBedrag: { TotaalBedrag: m.totaalIngediend.bedrag, DebetCredit: m.totaalIngediend.debetCredit },
      Clienten: { Client: m.clienten.map((c) => ({ Bsn: c.bsn, Prestaties: { Prestatie: c.prestaties.map(prestatieValue) } })) },
    },
  });
}

const clientHead = (bsn: string, c: ClientDetails) => ({ Bsn: bsn, Geboortedatum: { Datum: c.geboortedatum }, Geslacht: c.geslacht });
const dayBefore = (d: string) => new Date(Date.parse(d + 'T00:00:00Z') - 86_400_000).toISOString().slice(0, 10);

export function writeJw301(m: Jw301Input): string {
  const c = m.client ?? SYNTHETIC_CLIENT;
  return writeMessage(JW301, {
    Header: headerValue('436', m.header),
    Client: {
      ...clientHead(m.bsn, c),
      Naam: { Geslachtsnaam: { Achternaam: c.achternaam }, NaamGebruik: '1' },
      Contactgegevens: { Contact: [{ Soort: '01' }] },
      ToegewezenProducten: {
        ToegewezenProduct: m.toewijzingen.map((t) => ({
          ToewijzingNummer: t.toewijzingNummer, ReferentieAanbieder: t.referentieAanbieder, Product: productValue(t.productCategorie, t.productCode),
          Toewijzingsdatum: t.toewijzingsdatum ?? dayBefore(t.ingangsdatum), Toewijzingstijd: t.toewijzingstijd ?? '09:00:00',
          Ingangsdatum: t.ingangsdatum, Einddatum: t.einddatum, RedenWijziging: t.redenWijziging, Omvang: omvangValue(t.omvang), Budget: t.budget,
        })),
      },
    },
  });
}

export function writeJw315(m: Jw315Input): string {
  const c = m.client ?? SYNTHETIC_CLIENT;
  return writeMessage(JW315, {
    Header: headerValue('446', m.header),
    Client: {
      ...clientHead(m.bsn, c),
      Naam: { Geslachtsnaam: { Achternaam: c.achternaam } },
      AangevraagdeProducten: {
        AangevraagdProduct: m.producten.map((p) => ({
          ReferentieAanbieder: p.referentie, Product: productValue(p.productCategorie, p.productCode),
          ToewijzingIngangsdatum: p.ingangsdatum, ToewijzingEinddatum: p.einddatum, Omvang: omvangValue(p.omvang), Budget: p.budget,
          Verwijzer: { Type: p.verwijzer.type, Naam: p.verwijzer.naam, ZorgverlenerCode: p.verwijzer.zorgverlenerCode },
        })),
      },
    },
  });
}
