/** JW323 (declaratie) as text -> a checked model; structural problems listed with their positions. */
import type { MessageProblem } from './errors.js';
import { readHeader, rootReader, type Header } from './header.js';
import { F, type Reader } from './read.js';
import { parseXmlTree, type TreeLimits, type XmlElement } from './xml-tree.js';

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
  totaalIngediend: Bedrag;
  clienten: Client[];
}

export type Parsed<T> = { ok: true; message: T } | { ok: false; problems: MessageProblem[] };

export function readBedrag(r: Reader, parent: XmlElement, name: string): Bedrag | undefined {
  const el = r.req(parent, name);
  if (!el) return undefined;
  r.only(el, ['Bedrag', 'DebetCredit']);
  const bedrag = r.int(r.req(el, 'Bedrag'));
  const dc = r.reqText(el, 'DebetCredit', F.debetCredit) as DebetCredit | undefined;
  return bedrag === undefined || dc === undefined ? undefined : { bedrag, debetCredit: dc };
}

function readPrestatie(r: Reader, p: XmlElement): Prestatie | undefined {
  r.only(p, ['ProductReferentie', 'ToewijzingNummer', 'ProductCategorie', 'ProductCode', 'ProductPeriode', 'GeleverdVolume', 'Eenheid', 'ProductTarief', 'IngediendBedrag']);
  const ref = r.req(p, 'ProductReferentie');
  let referentieNummer: string | undefined;
  let vorigReferentieNummer: string | undefined;
  if (ref) {
    r.only(ref, ['ReferentieNummer', 'VorigReferentieNummer']);
    referentieNummer = r.reqText(ref, 'ReferentieNummer', F.referentie);
    vorigReferentieNummer = r.optText(ref, 'VorigReferentieNummer', F.referentie);
  }
  const toewijzingNummer = r.int(r.req(p, 'ToewijzingNummer'), 999_999_999);
  const productCategorie = r.reqText(p, 'ProductCategorie', F.categorie);
  const productCode = r.reqText(p, 'ProductCode', F.productCode);
  const per = r.req(p, 'ProductPeriode');
  let begindatum: string | undefined;
  let einddatum: string | undefined;
  if (per) {
    r.only(per, ['Begindatum', 'Einddatum']);
    begindatum = r.reqText(per, 'Begindatum', F.date);
    einddatum = r.reqText(per, 'Einddatum', F.date);
  }
  const geleverdVolume = r.int(r.req(p, 'GeleverdVolume'));
  const eenheid = r.reqText(p, 'Eenheid', F.eenheid);
  const tariefEl = r.opt(p, 'ProductTarief');
  const productTarief = tariefEl ? r.int(tariefEl) : undefined;
  const ingediend = readBedrag(r, p, 'IngediendBedrag');
  const required = [referentieNummer, toewijzingNummer, productCategorie, productCode, begindatum, einddatum, geleverdVolume, eenheid, ingediend];
  if (required.some((v) => v === undefined) || (tariefEl && productTarief === undefined)) return undefined;
  return {
    referentieNummer: referentieNummer!, ...(vorigReferentieNummer ? { vorigReferentieNummer } : {}), toewijzingNummer: toewijzingNummer!,
    productCategorie: productCategorie!, productCode: productCode!, begindatum: begindatum!, einddatum: einddatum!,
    geleverdVolume: geleverdVolume!, eenheid: eenheid!, ...(productTarief !== undefined ? { productTarief } : {}), ingediend: ingediend!, path: p.path,
  };
}

export async function parseJw323(xml: string, limits: TreeLimits & { maxLines: number }): Promise<Parsed<Jw323>> {
  const tree = await parseXmlTree(xml, limits);
  if (!tree.ok) return { ok: false, problems: [tree.problem] };
  const root = tree.root;
  const r = rootReader(root, 'jw323');
  if (r.problems.length) return { ok: false, problems: r.problems };
  r.only(root, ['Header', 'Declaratie', 'Clienten']);
  const header = readHeader(r, root, 'jw323');
  const d = r.req(root, 'Declaratie');
  let declaratieNummer: string | undefined;
  let periode: { begindatum?: string; einddatum?: string } = {};
  let dagtekening: string | undefined;
  let totaalIngediend: Bedrag | undefined;
  if (d) {
    r.only(d, ['DeclaratieNummer', 'DeclaratiePeriode', 'DeclaratieDagtekening', 'TotaalIngediendBedrag']);
    declaratieNummer = r.reqText(d, 'DeclaratieNummer', F.identificatie);
    const per = r.req(d, 'DeclaratiePeriode');
    if (per) {
      r.only(per, ['Begindatum', 'Einddatum']);
      periode = { begindatum: r.reqText(per, 'Begindatum', F.date), einddatum: r.reqText(per, 'Einddatum', F.date) };
    }
    dagtekening = r.reqText(d, 'DeclaratieDagtekening', F.date);
    totaalIngediend = readBedrag(r, d, 'TotaalIngediendBedrag');
  }
  const clienten: Client[] = [];
  const cs = r.req(root, 'Clienten');
  let lines = 0;
  if (cs) {
    r.only(cs, ['Client']);
    const list = r.all(cs, 'Client');
    if (!list.length) r.problem(cs, 'Clienten bevat geen Client');
    for (const c of list) {
      r.only(c, ['Bsn', 'Prestaties']);
      const bsn = r.reqText(c, 'Bsn', F.bsn);
      const ps = r.req(c, 'Prestaties');
      const prestaties: Prestatie[] = [];
      if (ps) {
        r.only(ps, ['Prestatie']);
        const pl = r.all(ps, 'Prestatie');
        if (!pl.length) r.problem(ps, 'Prestaties bevat geen Prestatie');
        for (const p of pl) {
          if (++lines > limits.maxLines) {
            r.problem(p, `meer dan ${limits.maxLines} prestaties in een bericht`);
            return { ok: false, problems: r.problems };
          }
          const read = readPrestatie(r, p);
          if (read) prestaties.push(read);
        }
      }
      if (bsn !== undefined) clienten.push({ bsn, prestaties, path: c.path });
    }
  }
  if (r.problems.length || !header || !declaratieNummer || !periode.begindatum || !periode.einddatum || !dagtekening || !totaalIngediend) {
    if (!r.problems.length) r.problem(root, 'onvolledig bericht');
    return { ok: false, problems: r.problems };
  }
  return {
    ok: true,
    message: { header, declaratieNummer, periode: { begindatum: periode.begindatum, einddatum: periode.einddatum }, dagtekening, totaalIngediend, clienten },
  };
}
