/**
 * JW301 (toewijzing) as text -> the allocations it carries, each in the shape of
 * the `toewijzing` fact of RAP declaratie, with the client's BSN beside it.
 * Also JW315 (verzoek om toewijzing): the products asked for.
 */
import { readHeader, rootReader, type BerichtType, type Header } from './header.js';
import type { Parsed } from './jw323.js';
import { F, type Reader } from './read.js';
import { parseXmlTree, type TreeLimits, type XmlElement } from './xml-tree.js';

export interface Omvang {
  volume: number;
  eenheid: string;
  frequentie: string;
}

export interface Toewijzing {
  toewijzingNummer: number;
  productCategorie: string | null;
  productCode: string | null;
  ingangsdatum: string;
  einddatum: string | null;
  budget: number | null;
  omvang: Omvang | null;
  redenWijziging: string | null;
}

export interface Jw301 {
  header: Header;
  bsn: string;
  verwijzerType?: string;
  toewijzingen: (Toewijzing & { path: string })[];
}

/** One product of a JW315 request (a toewijzing without a number yet). */
export type AangevraagdProduct = Omit<Toewijzing, 'toewijzingNummer' | 'redenWijziging'> & { referentie: string; path: string };

export interface Jw315 {
  header: Header;
  bsn: string;
  verwijzerType: string;
  producten: AangevraagdProduct[];
}

function readOmvang(r: Reader, parent: XmlElement): Omvang | null | undefined {
  const el = r.opt(parent, 'Omvang');
  if (!el) return null;
  r.only(el, ['Volume', 'Eenheid', 'Frequentie']);
  const volume = r.int(r.req(el, 'Volume'));
  const eenheid = r.reqText(el, 'Eenheid', F.eenheid);
  const frequentie = r.reqText(el, 'Frequentie', F.frequentie);
  return volume === undefined || !eenheid || !frequentie ? undefined : { volume, eenheid, frequentie };
}

/** The product fields JW301 and JW315 share. */
function readProduct(r: Reader, el: XmlElement) {
  const productCategorie = r.optText(el, 'ProductCategorie', F.categorie) ?? null;
  const productCode = r.optText(el, 'ProductCode', F.productCode) ?? null;
  const ingangsdatum = r.reqText(el, 'ToewijzingIngangsdatum', F.date);
  const einddatum = r.optText(el, 'ToewijzingEinddatum', F.date) ?? null;
  const budgetEl = r.opt(el, 'Budget');
  const budget = budgetEl ? r.int(budgetEl) : null;
  const omvang = readOmvang(r, el);
  if (ingangsdatum && einddatum && einddatum < ingangsdatum) r.problem(el, 'ToewijzingEinddatum ligt voor ToewijzingIngangsdatum');
  return { productCategorie, productCode, ingangsdatum, einddatum, budget, omvang };
}

function readClient(r: Reader, root: XmlElement) {
  const c = r.req(root, 'Client');
  if (!c) return undefined;
  const bsn = r.reqText(c, 'Bsn', F.bsn);
  const v = r.opt(c, 'Verwijzer');
  let verwijzerType: string | undefined;
  if (v) {
    r.only(v, ['Type']);
    verwijzerType = r.reqText(v, 'Type', F.verwijzerType);
  }
  return { c, bsn, verwijzerType, hasVerwijzer: !!v };
}

async function start(xml: string, limits: TreeLimits, type: BerichtType) {
  const tree = await parseXmlTree(xml, limits);
  if (!tree.ok) return { problems: [tree.problem] };
  const r = rootReader(tree.root, type);
  if (r.problems.length) return { problems: r.problems };
  r.only(tree.root, ['Header', 'Client']);
  return { r, root: tree.root, header: readHeader(r, tree.root, type) };
}

export async function parseJw301(xml: string, limits: TreeLimits): Promise<Parsed<Jw301>> {
  const s = await start(xml, limits, 'jw301');
  if (!s.r) return { ok: false, problems: s.problems };
  const { r, root, header } = s;
  const client = readClient(r, root);
  const toewijzingen: Jw301['toewijzingen'] = [];
  if (client) {
    r.only(client.c, ['Bsn', 'Verwijzer', 'Toewijzingen']);
    const ts = r.req(client.c, 'Toewijzingen');
    if (ts) {
      r.only(ts, ['Toewijzing']);
      for (const t of r.all(ts, 'Toewijzing')) {
        r.only(t, ['ToewijzingNummer', 'ProductCategorie', 'ProductCode', 'ToewijzingIngangsdatum', 'ToewijzingEinddatum', 'Omvang', 'Budget', 'RedenWijziging']);
        const toewijzingNummer = r.int(r.req(t, 'ToewijzingNummer'), 999_999_999);
        const p = readProduct(r, t);
        const redenWijziging = r.optText(t, 'RedenWijziging', F.reden) ?? null;
        if (toewijzingNummer === undefined || !p.ingangsdatum || p.budget === undefined || p.omvang === undefined) continue;
        toewijzingen.push({ toewijzingNummer, ...p, ingangsdatum: p.ingangsdatum, budget: p.budget, omvang: p.omvang, redenWijziging, path: t.path });
      }
    }
  }
  if (r.problems.length || !header || !client?.bsn) {
    if (!r.problems.length) r.problem(root, 'onvolledig bericht');
    return { ok: false, problems: r.problems };
  }
  return { ok: true, message: { header, bsn: client.bsn, ...(client.verwijzerType ? { verwijzerType: client.verwijzerType } : {}), toewijzingen } };
}

export async function parseJw315(xml: string, limits: TreeLimits): Promise<Parsed<Jw315>> {
  const s = await start(xml, limits, 'jw315');
  if (!s.r) return { ok: false, problems: s.problems };
  const { r, root, header } = s;
  const client = readClient(r, root);
  const producten: AangevraagdProduct[] = [];
  if (client) {
    r.only(client.c, ['Bsn', 'Verwijzer', 'AangevraagdeProducten']);
    if (!client.hasVerwijzer) r.problem(client.c, 'Verwijzer ontbreekt in Client');
    const ps = r.req(client.c, 'AangevraagdeProducten');
    if (ps) {
      r.only(ps, ['AangevraagdProduct']);
      for (const t of r.all(ps, 'AangevraagdProduct')) {
        r.only(t, ['ReferentieAanbieder', 'ProductCategorie', 'ProductCode', 'ToewijzingIngangsdatum', 'ToewijzingEinddatum', 'Omvang', 'Budget']);
        const referentie = r.reqText(t, 'ReferentieAanbieder', F.referentie);
        const p = readProduct(r, t);
        if (!referentie || !p.ingangsdatum || p.budget === undefined || p.omvang === undefined) continue;
        producten.push({ referentie, ...p, ingangsdatum: p.ingangsdatum, budget: p.budget, omvang: p.omvang, path: t.path });
      }
    }
  }
  if (r.problems.length || !header || !client?.bsn || !client.verwijzerType) {
    if (!r.problems.length) r.problem(root, 'onvolledig bericht');
    return { ok: false, problems: r.problems };
  }
  return { ok: true, message: { header, bsn: client.bsn, verwijzerType: client.verwijzerType, producten } };
}
