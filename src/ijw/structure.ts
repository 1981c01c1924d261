/**
 * The structure of the iJw 3.2 messages this service reads (JW301, JW315, JW323)
 * and writes (JW325, and JW301/JW323 for the synthetic corpus), written from the
 * standard's message descriptions: element names, order (every sequence is
 * ordered), cardinality, namespace and value domain. One description serves
 * both directions: check-structure.ts checks a message against it and
 * write-xml.ts writes a message from it, so what we write is what we read.
 *
 * Namespaces: the elements of a message are in its own namespace
 * (`.../3_2/jw323/schema`); the children of the shared complex types (periods,
 * amounts, references, product, volume, referrer, names, identification) are
 * in the basisschema namespace (`.../3_2/basisschema/schema`), marked `bs`.
 */

export type Leaf =
  /** A string of min..max characters (whitespace counts, as in xs:string); `blank: false` means it must hold a non-space. */
  | { kind: 'text'; min: number; max?: number; pattern?: RegExp; blank?: false; form: string }
  | { kind: 'enum'; values: readonly string[]; form: string }
  /** A whole number 0..max (xs:integer, surrounding whitespace ignored). */
  | { kind: 'int'; max: number }
  /** YYYY-MM-DD without a time zone. */
  | { kind: 'date' }
  /** hh:mm:ss (fraction allowed) without a time zone. */
  | { kind: 'time' };

export interface ElementSpec {
  name: string;
  /** 'bs': the basisschema namespace; otherwise the message's own. */
  bs: boolean;
  min: 0 | 1;
  max: number;
  type: Leaf | ElementSpec[];
}

export type Sequence = ElementSpec[];

/** `Name` once, `Name?` optional, `Name*` one or more. */
function make(bs: boolean, name: string, type: Leaf | ElementSpec[]): ElementSpec {
  return { name: name.replace(/[?*]+$/, ''), bs, min: name.endsWith('?') ? 0 : 1, max: name.includes('*') ? Number.POSITIVE_INFINITY : 1, type };
}
const m = (name: string, type: Leaf | ElementSpec[]) => make(false, name, type);
const b = (name: string, type: Leaf | ElementSpec[]) => make(true, name, type);

// --- value domains (logical data types of the standard) ---
const enumOf = (values: string, form: string): Leaf => ({ kind: 'enum', values: values.split(' '), form });
const text = (min: number, max: number | undefined, form: string, pattern?: RegExp): Leaf => ({ kind: 'text', min, max, blank: false, form, ...(pattern ? { pattern } : {}) });

export const T = {
  bsn: text(9, 9, 'negen cijfers', /^[0-9]{9}$/),
  agb: text(8, 8, 'een AGB-code van acht cijfers', /^[0-9]{8}$/),
  gemeente: text(4, 4, 'een gemeentecode van vier cijfers', /^[0-9]{4}$/),
  identificatie: text(1, 12, '1 tot 12 tekens'),
  declaratieNummer: { kind: 'text', min: 1, max: 12, pattern: /^[a-zA-Z0-9]+$/, form: '1 tot 12 letters of cijfers' } as Leaf,
  referentieNummer: { kind: 'text', min: 1, max: 20, form: '1 tot 20 tekens' } as Leaf,
  referentie: text(1, 36, '1 tot 36 tekens'),
  versie: { kind: 'text', min: 1, pattern: /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/, form: 'een versie als 1.0.0' } as Leaf,
  nummer: { kind: 'int', max: 999_999_999 } as Leaf,
  bedrag: { kind: 'int', max: 99_999_999 } as Leaf,
  totaalBedrag: { kind: 'int', max: 999_999_999_999 } as Leaf,
  volume: { kind: 'int', max: 99_999_999 } as Leaf,
  date: { kind: 'date' } as Leaf,
  time: { kind: 'time' } as Leaf,
  debetCredit: enumOf('C D', 'C of D'),
  categorie: enumOf('31 32 33 34 35 36 37 38 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55', 'een productcategorie uit JZ020'),
  productCode: text(1, 5, '1 tot 5 tekens'),
  eenheid: enumOf('01 04 14 16 82 83 84', 'een eenheid uit WJ756 (01, 04, 14, 16, 82, 83, 84)'),
  frequentie: enumOf('1 2 4 6', 'een frequentie uit WMO757 (1, 2, 4, 6)'),
  redenWijziging: enumOf('01 02 03 04 05 06 07 08 09 10 11 12 13 14', 'een reden wijziging uit JZ002'),
  verwijzerType: enumOf('01 02 03 04 05 06 08', 'een verwijzertype uit COD327'),
  geslacht: enumOf('0 1 2', 'een geslacht uit COD046 (0, 1, 2)'),
  datumGebruik: enumOf('1 2 3', 'een datumgebruik uit COD170 (1, 2, 3)'),
  naamGebruik: enumOf('1 2 3 4 5 6', 'een naamgebruik uit COD700 (1 tot 6)'),
  jaNee: enumOf('1 2', '1 (ja) of 2 (nee)'),
  communicatievorm: enumOf('1 2 3', 'een communicatievorm uit COD747 (1, 2, 3)'),
  juridischeStatus: enumOf('01 02 03 04 05 11 12', 'een juridische status uit WJ232'),
  wettelijkeVertegenwoordiging: enumOf('06 07 08 09 10', 'een wettelijke vertegenwoordiging uit WJ003'),
  soortRelatie: enumOf('03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25', 'een soort relatie uit COD472'),
  adresSoort: enumOf('01 02 03 04', 'een soort adres uit COD757 (01 tot 04)'),
  aanduidingWoonadres: enumOf('AB BY TO WW', 'een aanduiding woonadres uit NUM061'),
  relatieVolgorde: { kind: 'int', max: 99 } as Leaf,
  huisnummer: { kind: 'int', max: 99_999 } as Leaf,
  naam: text(1, 200, '1 tot 200 tekens'),
  voorvoegsel: text(1, 10, '1 tot 10 tekens'),
  voorletters: { kind: 'text', min: 1, max: 6, pattern: /^[a-zA-ZÀ-ỳ]+$/u, form: '1 tot 6 letters' } as Leaf,
  commentaar: text(1, undefined, 'tekst met minstens een teken'),
  taal: text(1, 25, '1 tot 25 tekens'),
  persoonsid: text(1, 20, '1 tot 20 tekens'),
  organisatie: text(1, 35, '1 tot 35 tekens'),
  emailadres: text(1, 80, '1 tot 80 tekens'),
  telefoonnummer: { kind: 'text', min: 1, max: 15, pattern: /^[0-9]*$/, form: '1 tot 15 cijfers' } as Leaf,
  landnummer: text(1, 4, '1 tot 4 tekens'),
  postcode: text(1, 8, '1 tot 8 tekens'),
  straatnaam: text(1, 24, '1 tot 24 tekens'),
  plaatsnaam: text(1, 80, '1 tot 80 tekens'),
  landCode: { kind: 'text', min: 2, max: 2, pattern: /^[A-Z]{2}$/, form: 'een landcode van twee hoofdletters (ISO 3166)' } as Leaf,
  huisletter: text(1, 1, 'een teken'),
  toevoeging: text(1, 4, '1 tot 4 tekens'),
  naamVerwijzer: text(1, 64, '1 tot 64 tekens'),
  berichtVersie: enumOf('3', '3 (iJw 3.2)'),
  berichtSubversie: enumOf('2', '2 (iJw 3.2)'),
};

// --- shared complex types (children in the basisschema namespace) ---
const berichtIdentificatie = [b('Identificatie', T.identificatie), b('Dagtekening', T.date)];
const xsdVersie = [b('BasisschemaXsdVersie', T.versie), b('BerichtXsdVersie', T.versie)];
const geslotenPeriode = [b('Begindatum', T.date), b('Einddatum', T.date)];
const openPeriode = [b('Begindatum?', T.date), b('Einddatum?', T.date)];
const bedragMetDC = [b('Bedrag', T.bedrag), b('DebetCredit', T.debetCredit)];
const totaalBedragMetDC = [b('TotaalBedrag', T.totaalBedrag), b('DebetCredit', T.debetCredit)];
const referentie = [b('ReferentieNummer', T.referentieNummer), b('VorigReferentieNummer?', T.referentieNummer)];
const product = [b('Categorie', T.categorie), b('Code?', T.productCode)];
const omvang = [b('Volume', T.volume), b('Eenheid', T.eenheid), b('Frequentie', T.frequentie)];
const verwijzer = [b('Type', T.verwijzerType), b('Naam?', T.naamVerwijzer), b('ZorgverlenerCode?', T.agb)];
const geboortedatum = [b('Datum', T.date), b('DatumGebruik?', T.datumGebruik)];
const achternaam = [b('Achternaam', T.naam), b('Voorvoegsel?', T.voorvoegsel)];
const volledigeNaam = [b('Geslachtsnaam', achternaam), b('Partnernaam?', achternaam), b('Voornamen?', T.naam), b('Voorletters?', T.voorletters), b('NaamGebruik', T.naamGebruik)];
const verkorteNaam = [b('Geslachtsnaam', achternaam), b('Voornamen?', T.naam), b('Voorletters?', T.voorletters)];
const communicatie = [b('Vorm', T.communicatievorm), b('Taal?', T.taal)];
const huis = [b('Huisnummer', T.huisnummer), b('Huisletter?', T.huisletter), b('HuisnummerToevoeging?', T.toevoeging), b('AanduidingWoonadres?', T.aanduidingWoonadres)];
const adres = [b('Huis?', huis), b('Postcode?', T.postcode), b('Straatnaam?', T.straatnaam), b('Plaatsnaam?', T.plaatsnaam), b('LandCode?', T.landCode)];
const telefoon = [b('Telefoonnummer', T.telefoonnummer), b('Landnummer', T.landnummer)];
const telefoonnummers = [b('Telefoon01', telefoon), b('Telefoon02?', telefoon)];

const code = (value: string): Leaf => ({ kind: 'enum', values: [value], form: value });

function header(berichtCode: string, afzender: Leaf, ontvanger: Leaf): ElementSpec[] {
  return [
    m('BerichtCode', code(berichtCode)), m('BerichtVersie', T.berichtVersie), m('BerichtSubversie', T.berichtSubversie),
    m('Afzender', afzender), m('Ontvanger', ontvanger),
    m('BerichtIdentificatie', berichtIdentificatie), m('XsdVersie', xsdVersie),
  ];
}

/** A message: its root `Bericht` with these children. */
export interface MessageStructure {
  bericht: 'jw301' | 'jw315' | 'jw323' | 'jw325';
  root: ElementSpec;
}
const bericht = (k: MessageStructure['bericht'], children: ElementSpec[]): MessageStructure => ({ bericht: k, root: m('Bericht', children) });

// --- JW323: declaratie ---
const prestatie323 = [
  m('ProductReferentie', referentie), m('ToewijzingNummer', T.nummer), m('ProductCategorie', T.categorie), m('ProductCode', T.productCode),
  m('ProductPeriode', geslotenPeriode), m('GeleverdVolume', T.volume), m('Eenheid', T.eenheid), m('ProductTarief?', T.bedrag),
  m('IngediendBedrag', bedragMetDC),
];
export const JW323 = bericht('jw323', [
  m('Header', header('490', T.agb, T.gemeente)),
  m('Declaratie', [
    m('DeclaratieNummer', T.declaratieNummer), m('DeclaratiePeriode', geslotenPeriode), m('DeclaratieDagtekening', T.date),
    m('TotaalIngediendBedrag', totaalBedragMetDC),
    m('Clienten', [m('Client*', [m('Bsn', T.bsn), m('Prestaties', [m('Prestatie*', prestatie323)])])]),
  ]),
]);

// --- JW325: declaratie-antwoord ---
/** LDT_RetourCode, the standard's closed list of return codes (WJ001) as iJw 3.2 allows them in a JW325. */
export const RETOURCODES: readonly string[] = (
  '0001 0200 0233 0611 8001 8017 8021 8187 8214 8848 9019 9056 9063 9069 9071 9074 9307 9308 9319 9321 9322 9326 9332 9333 ' +
  '9338 9339 9340 9341 9346 9347 9349 9350 9351 9355 9357 9359 9360 9361 9365 9366 9367 9369 9373 9374 9375 9379 9384 9385 ' +
  '9387 9388 9389 9390 9411 9412 9413 9414 9415 S300 S329'
).split(' ');
const retourCodes = [m('RetourCode*', { kind: 'enum', values: RETOURCODES, form: 'een retourcode uit WJ001' })];
export const JW325 = bericht('jw325', [
  m('Header', [
    ...header('491', T.gemeente, T.agb),
    m('DeclaratieIdentificatie', berichtIdentificatie), m('XsltVersie?', T.versie), m('XsdVersieDeclaratie', xsdVersie), m('RetourCodes', retourCodes),
  ]),
  m('DeclaratieAntwoord?', [
    m('DeclaratieNummer', { kind: 'text', min: 1, max: 12, form: '1 tot 12 tekens' }),
    m('TotaalIngediendBedrag', totaalBedragMetDC), m('TotaalToegekendBedrag', totaalBedragMetDC),
    m('Clienten?', [m('Client*', [
      m('Bsn', T.bsn),
      m('Prestaties', [m('Prestatie*', [...prestatie323, m('RetourCodes', retourCodes)])]),
      m('RetourCodes', retourCodes),
    ])]),
    m('RetourCodes', retourCodes),
  ]),
]);

// --- JW301: toewijzing ---
const contact301 = [
  m('Soort', T.adresSoort), m('Adres?', adres), m('Organisatie?', T.organisatie), m('Telefoon?', telefoonnummers),
  m('Emailadres?', T.emailadres), m('Periode?', openPeriode),
];
export const JW301 = bericht('jw301', [
  m('Header', header('436', T.gemeente, T.agb)),
  m('Client', [
    m('Bsn', T.bsn), m('Geboortedatum', geboortedatum), m('Geslacht', T.geslacht), m('Naam', volledigeNaam),
    m('Communicatie?', communicatie), m('JuridischeStatus?', T.juridischeStatus), m('WettelijkeVertegenwoordiging?', T.wettelijkeVertegenwoordiging),
    m('Commentaar?', T.commentaar),
    m('Relaties?', [m('Relatie*', [
      m('Nummer', T.persoonsid), m('Volgorde?', T.relatieVolgorde), m('Soort', T.soortRelatie), m('Geboortedatum?', geboortedatum),
      m('Geslacht?', T.geslacht), m('Naam', volledigeNaam), m('Contact', contact301),
    ])]),
    m('Contactgegevens', [m('Contact*', contact301)]),
    m('ToegewezenProducten', [m('ToegewezenProduct*', [
      m('ToewijzingNummer', T.nummer), m('ReferentieAanbieder?', T.referentie), m('Product?', product),
      m('Toewijzingsdatum', T.date), m('Toewijzingstijd', T.time), m('Ingangsdatum', T.date), m('Einddatum?', T.date),
      m('RedenWijziging?', T.redenWijziging), m('Omvang?', omvang), m('Budget?', T.bedrag), m('Commentaar?', T.commentaar),
    ])]),
  ]),
]);

// --- JW315: verzoek om toewijzing ---
export const JW315 = bericht('jw315', [
  m('Header', header('446', T.agb, T.gemeente)),
  m('Client', [
    m('Bsn', T.bsn), m('Geboortedatum', geboortedatum), m('Geslacht', T.geslacht), m('Naam', verkorteNaam),
    m('GezagsdragerBekend?', T.jaNee), m('Commentaar?', T.commentaar),
    m('AangevraagdeProducten', [m('AangevraagdProduct*', [
      m('ReferentieAanbieder', T.referentie), m('BeschikkingNummer?', T.nummer), m('Product?', product),
      m('BeschikkingIngangsdatum?', T.date), m('ToewijzingIngangsdatum', T.date), m('ToewijzingEinddatum?', T.date),
      m('Omvang?', omvang), m('Budget?', T.bedrag), m('Verwijzer', verwijzer), m('Raamcontract?', T.jaNee), m('Commentaar?', T.commentaar),
    ])]),
  ]),
]);

export const STRUCTURES = { jw301: JW301, jw315: JW315, jw323: JW323, jw325: JW325 } as const;

/** The XSD versions this service writes in XsdVersie (the iJw 3.2 schemas it was built against). */
export const XSD_VERSIE = { basisschema: '1.0.0', bericht: '1.0.0' };
