/** The Header every iJw 3.2 message starts with, read from a checked message. */
import { dateAt, must, textAt } from './read-message.js';
import type { XmlElement } from './xml-tree.js';

export type BerichtType = 'jw301' | 'jw315' | 'jw323' | 'jw325';

export const BERICHT_CODE: Record<BerichtType, string> = { jw301: '436', jw315: '446', jw323: '490', jw325: '491' };

export interface XsdVersie {
  basisschema: string;
  bericht: string;
}

export interface Header {
  berichtCode: string;
  afzender: string;
  ontvanger: string;
  /** BerichtIdentificatie/Identificatie (1-12 characters). */
  identificatie: string;
  /** BerichtIdentificatie/Dagtekening. */
  dagtekening: string;
  xsdVersie: XsdVersie;
}

export function readHeader(root: XmlElement): Header {
  const h = must(root, 'Header');
  return {
    berichtCode: textAt(h, 'BerichtCode')!,
    afzender: textAt(h, 'Afzender')!,
    ontvanger: textAt(h, 'Ontvanger')!,
    identificatie: textAt(h, 'BerichtIdentificatie', 'Identificatie')!,
    dagtekening: dateAt(h, 'BerichtIdentificatie', 'Dagtekening')!,
    xsdVersie: { basisschema: textAt(h, 'XsdVersie', 'BasisschemaXsdVersie')!, bericht: textAt(h, 'XsdVersie', 'BerichtXsdVersie')! },
  };
}
