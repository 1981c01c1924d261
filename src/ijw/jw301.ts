/**
 * JW301 (toewijzing) as text -> the allocations it carries, each in the shape of
 * the `toewijzing` fact of RAP declaratie, with the client's BSN beside it.
 * Also JW315 (verzoek om toewijzing): the products asked for, each with its
 * referrer (the Verwijzer is per AangevraagdProduct). A JW301 names no referrer.
 */
import { readHeader, type Header } from './header.js';
import { child, children, dateAt, intAt, must, readMessage, textAt, type Parsed } from './read-message.js';
import { JW301, JW315 } from './structure.js';
import type { TreeLimits, XmlElement } from './xml-tree.js';

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
  toewijzingen: (Toewijzing & { path: string })[];
}

export interface Verwijzer {
  type: string;
  naam?: string;
  zorgverlenerCode?: string;
}

/** One product of a JW315 request (a toewijzing without a number yet). */
export type AangevraagdProduct = Omit<Toewijzing, 'toewijzingNummer' | 'redenWijziging'> & { referentie: string; verwijzer: Verwijzer; path: string };

export interface Jw315 {
  header: Header;
  bsn: string;
  producten: AangevraagdProduct[];
}

function omvang(el: XmlElement): Omvang | null {
  const o = child(el, 'Omvang');
  return o ? { volume: intAt(o, 'Volume')!, eenheid: textAt(o, 'Eenheid')!, frequentie: textAt(o, 'Frequentie')! } : null;
}

/** The product fields JW301 and JW315 share: Product {Categorie, Code?}, Omvang?, Budget?. */
function product(el: XmlElement) {
  return { productCategorie: textAt(el, 'Product', 'Categorie') ?? null, productCode: textAt(el, 'Product', 'Code') ?? null, budget: intAt(el, 'Budget') ?? null, omvang: omvang(el) };
}

export async function parseJw301(xml: string, limits: TreeLimits): Promise<Parsed<Jw301>> {
  const read = await readMessage(xml, JW301, limits);
  if (!read.ok) return read;
  const c = must(read.message, 'Client');
  const toewijzingen = children(must(c, 'ToegewezenProducten'), 'ToegewezenProduct').map((t) => ({
    toewijzingNummer: intAt(t, 'ToewijzingNummer')!, ...product(t),
    ingangsdatum: dateAt(t, 'Ingangsdatum')!, einddatum: dateAt(t, 'Einddatum') ?? null, redenWijziging: textAt(t, 'RedenWijziging') ?? null, path: t.path,
  }));
  return { ok: true, message: { header: readHeader(read.message), bsn: textAt(c, 'Bsn')!, toewijzingen } };
}

export async function parseJw315(xml: string, limits: TreeLimits): Promise<Parsed<Jw315>> {
  const read = await readMessage(xml, JW315, limits);
  if (!read.ok) return read;
  const c = must(read.message, 'Client');
  const producten = children(must(c, 'AangevraagdeProducten'), 'AangevraagdProduct').map((p): AangevraagdProduct => {
    const v = must(p, 'Verwijzer');
    const naam = textAt(v, 'Naam');
    const agb = textAt(v, 'ZorgverlenerCode');
    return {
      referentie: textAt(p, 'ReferentieAanbieder')!, ...product(p),
      ingangsdatum: dateAt(p, 'ToewijzingIngangsdatum')!, einddatum: dateAt(p, 'ToewijzingEinddatum') ?? null,
      verwijzer: { type: textAt(v, 'Type')!, ...(naam !== undefined ? { naam } : {}), ...(agb !== undefined ? { zorgverlenerCode: agb } : {}) },
      path: p.path,
    };
  });
  return { ok: true, message: { header: readHeader(read.message), bsn: textAt(c, 'Bsn')!, producten } };
}
