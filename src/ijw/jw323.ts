/** JW323 (declaratie) as text -> a model; structural problems listed with their positions (see structure.ts). */
import { readHeader, type Header } from './header.js';
import { children, dateAt, intAt, must, readMessage, textAt, type Parsed } from './read-message.js';
import { JW323 } from './structure.js';
import type { TreeLimits, XmlElement } from './xml-tree.js';

export type { Parsed } from './read-message.js';

export type DebetCredit = 'D' | 'C';

export interface Bedrag {
  bedrag: number;
  debetCredit: DebetCredit;
}

export interface Prestatie {
  referentieNummer: string;
  vorigReferentieNummer?: string;
  toewijzingNummer: number;
  productCategorie: string;
  productCode: string;
  begindatum: string;
  einddatum: string;
  geleverdVolume: number;
  eenheid: string;
  productTarief?: number;
  ingediend: Bedrag;
  /** Element path, for the JSON twin and messages. */
  path: string;
}

export interface Client {
  bsn: string;
  prestaties: Prestatie[];
  path: string;
}

export interface Jw323 {
  header: Header;
  declaratieNummer: string;
  periode: { begindatum: string; einddatum: string };
  dagtekening: string;
  /** TotaalIngediendBedrag: TotaalBedrag (up to 999,999,999,999 cents) and DebetCredit. */
  totaalIngediend: Bedrag;
  clienten: Client[];
}

function bedrag(el: XmlElement, amount: 'Bedrag' | 'TotaalBedrag'): Bedrag {
  return { bedrag: intAt(el, amount)!, debetCredit: textAt(el, 'DebetCredit') as DebetCredit };
}

function prestatie(p: XmlElement): Prestatie {
  const vorig = textAt(p, 'ProductReferentie', 'VorigReferentieNummer');
  const tarief = intAt(p, 'ProductTarief');
  return {
    referentieNummer: textAt(p, 'ProductReferentie', 'ReferentieNummer')!, ...(vorig !== undefined ? { vorigReferentieNummer: vorig } : {}),
    toewijzingNummer: intAt(p, 'ToewijzingNummer')!, productCategorie: textAt(p, 'ProductCategorie')!, productCode: textAt(p, 'ProductCode')!,
    begindatum: dateAt(p, 'ProductPeriode', 'Begindatum')!, einddatum: dateAt(p, 'ProductPeriode', 'Einddatum')!,
    geleverdVolume: intAt(p, 'GeleverdVolume')!, eenheid: textAt(p, 'Eenheid')!, ...(tarief !== undefined ? { productTarief: tarief } : {}),
    ingediend: bedrag(must(p, 'IngediendBedrag'), 'Bedrag'), path: p.path,
  };
}

export async function parseJw323(xml: string, limits: TreeLimits & { maxLines: number }): Promise<Parsed<Jw323>> {
  const read = await readMessage(xml, JW323, limits);
  if (!read.ok) return read;
  const root = read.message;
  const d = must(root, 'Declaratie');
  const clientEls = children(must(d, 'Clienten'), 'Client');
  let lines = 0;
  for (const c of clientEls) {
    for (const p of children(must(c, 'Prestaties'), 'Prestatie')) {
      if (++lines > limits.maxLines) return { ok: false, problems: [{ path: p.path, line: p.line, column: p.column, message: `meer dan ${limits.maxLines} prestaties in een bericht` }] };
    }
  }
  return {
    ok: true,
    message: {
      header: readHeader(root),
      declaratieNummer: textAt(d, 'DeclaratieNummer')!,
      periode: { begindatum: dateAt(d, 'DeclaratiePeriode', 'Begindatum')!, einddatum: dateAt(d, 'DeclaratiePeriode', 'Einddatum')! },
      dagtekening: dateAt(d, 'DeclaratieDagtekening')!,
      totaalIngediend: bedrag(must(d, 'TotaalIngediendBedrag'), 'TotaalBedrag'),
      clienten: clientEls.map((c) => ({ bsn: textAt(c, 'Bsn')!, prestaties: children(must(c, 'Prestaties'), 'Prestatie').map(prestatie), path: c.path })),
    },
  };
}
