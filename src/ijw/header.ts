/**
 * The Header every iJw 3.2 message starts with, and the check that a message is
 * what it claims: the namespace of its bericht, its BerichtCode, version 3.2.
 */
import { F, IJW_NS, Reader } from './read.js';
import type { XmlElement } from './xml-tree.js';

export type BerichtType = 'jw301' | 'jw315' | 'jw323' | 'jw325';

export const BERICHT_CODE: Record<BerichtType, string> = { jw301: '436', jw315: '446', jw323: '490', jw325: '491' };

export interface Header {
  berichtCode: string;
  afzender: string;
  ontvanger: string;
  identificatie: string;
  dagtekening: string;
}

const PARTY = { pattern: /^(\d{4}|\d{8})$/, form: 'gemeentecode (4 cijfers) of AGB-code (8 cijfers)' };

/** Checks root name and namespace; returns a reader for the message's namespace, or undefined when the root is wrong. */
export function rootReader(root: XmlElement, type: BerichtType): Reader {
  const r = new Reader(IJW_NS(type));
  if (root.ns !== r.ns) r.problem(root, `naamruimte '${root.ns || '(geen)'}' is niet die van ${type.toUpperCase()} ('${r.ns}')`);
  else if (root.name !== 'Bericht') r.problem(root, `hoofdelement ${root.name}, verwacht Bericht`);
  return r;
}

export function readHeader(r: Reader, root: XmlElement, type: BerichtType): Header | undefined {
  const h = r.req(root, 'Header');
  if (!h) return undefined;
  r.only(h, ['BerichtCode', 'BerichtVersie', 'BerichtSubversie', 'Afzender', 'Ontvanger', 'Identificatie', 'Dagtekening']);
  const codeEl = r.req(h, 'BerichtCode');
  const berichtCode = r.text(codeEl, { pattern: /^\d{3}$/, form: 'drie cijfers' });
  if (codeEl && berichtCode !== undefined && berichtCode !== BERICHT_CODE[type]) {
    r.problem(codeEl, `BerichtCode ${berichtCode} hoort niet bij ${type.toUpperCase()} (verwacht ${BERICHT_CODE[type]})`);
  }
  const versie = r.reqText(h, 'BerichtVersie', { pattern: /^\d{1,2}$/, form: 'een versienummer' });
  const sub = r.reqText(h, 'BerichtSubversie', { pattern: /^\d{1,2}$/, form: 'een versienummer' });
  if (versie !== undefined && sub !== undefined && (versie !== '3' || sub !== '2')) r.problem(h, `berichtversie ${versie}.${sub}; deze dienst leest iJw 3.2`);
  const afzender = r.reqText(h, 'Afzender', PARTY);
  const ontvanger = r.reqText(h, 'Ontvanger', PARTY);
  const identificatie = r.reqText(h, 'Identificatie', F.identificatie);
  const dagtekening = r.reqText(h, 'Dagtekening', F.date);
  if ([berichtCode, afzender, ontvanger, identificatie, dagtekening].some((v) => v === undefined)) return undefined;
  return { berichtCode: berichtCode!, afzender: afzender!, ontvanger: ontvanger!, identificatie: identificatie!, dagtekening: dagtekening! };
}
