/**
 * The answer to a JW323: the JW325 as XML, and its JSON twin.
 * - an in-message check failed: only the Header, with 0001 (and 8021 for a duplicate);
 * - otherwise the Header gets 0200; the DeclaratieAntwoord gets 8001 when every
 *   line is granted, else 0200; only rejected Prestaties are listed, each with
 *   its codes, under their Client with 0200;
 * - TotaalToegekendBedrag = TotaalIngediendBedrag minus the rejected lines
 *   (debit minus credit); 0 when the message is refused.
 */
import { BERICHT_CODE } from './header.js';
import type { DeclaratieResult, LineResult } from './judge-declaratie.js';
import { IJW_NS } from './read.js';
import { xmlDocument, type XmlNode } from './xml-write.js';

const retourCodes = (codes: string[]): XmlNode => ['RetourCodes', codes.map((c): XmlNode => ['RetourCode', c])];
const bedrag = (name: string, cents: number): XmlNode => [name, [['Bedrag', Math.abs(cents)], ['DebetCredit', cents < 0 ? 'C' : 'D']]];

export function headerCodes(r: DeclaratieResult): string[] {
  if (!r.inMessage.length) return ['0200'];
  return ['0001', ...new Set(r.inMessage.flatMap((f) => (f.code ? [f.code] : [])))];
}

export function answerCodes(r: DeclaratieResult): string[] {
  return r.lines.every((l) => l.granted) ? ['8001'] : ['0200'];
}

function rejectedByClient(r: DeclaratieResult): Map<number, LineResult[]> {
  const by = new Map<number, LineResult[]>();
  for (const l of r.lines) if (!l.granted) by.set(l.client, [...(by.get(l.client) ?? []), l]);
  return by;
}

export function jw325Xml(r: DeclaratieResult, today: string): string {
  const h = r.message.header;
  const header: XmlNode = ['Header', [
    ['BerichtCode', BERICHT_CODE.jw325], ['BerichtVersie', 3], ['BerichtSubversie', 2],
    ['Afzender', h.ontvanger], ['Ontvanger', h.afzender],
    ['Identificatie', ('R' + h.identificatie).slice(0, 20)], ['Dagtekening', today],
    ['IdentificatieRetour', h.identificatie], ['DagtekeningRetour', h.dagtekening],
    retourCodes(headerCodes(r)),
  ]];
  if (r.inMessage.length) return xmlDocument(IJW_NS('jw325'), [header]);
  const clienten: XmlNode[] = [...rejectedByClient(r)].map(([ci, lines]) => ['Client', [
    ['Bsn', r.message.clienten[ci].bsn],
    retourCodes(['0200']),
    ['Prestaties', lines.map((l): XmlNode => ['Prestatie', [
      ['ProductReferentie', [['ReferentieNummer', l.referentieNummer], ['VorigReferentieNummer', l.vorigReferentieNummer]]],
      retourCodes(l.codes),
    ]])],
  ]]);
  const antwoord: XmlNode = ['DeclaratieAntwoord', [
    ['DeclaratieNummer', r.message.declaratieNummer],
    bedrag('TotaalIngediendBedrag', r.totaalIngediend),
    bedrag('TotaalToegekendBedrag', r.totaalToegekend),
    retourCodes(answerCodes(r)),
    ['Clienten', clienten.length ? clienten : undefined],
  ]];
  return xmlDocument(IJW_NS('jw325'), [header, antwoord]);
}

/** The JSON twin: the same answer, plus per line the outcome, events, facts and what was missing. */
export function jw325Json(r: DeclaratieResult, today: string) {
  const h = r.message.header;
  return {
    berichtCode: BERICHT_CODE.jw325,
    header: { afzender: h.ontvanger, ontvanger: h.afzender, dagtekening: today, identificatieRetour: h.identificatie, retourCodes: headerCodes(r) },
    inBerichtControles: r.inMessage,
    declaratieAntwoord: r.inMessage.length ? null : {
      declaratieNummer: r.message.declaratieNummer,
      totaalIngediendBedrag: r.totaalIngediend,
      totaalToegekendBedrag: r.totaalToegekend,
      retourCodes: answerCodes(r),
    },
    /** Lines that are neither granted nor rejected by a rule with a code: listed so nobody mistakes them for approvals. */
    nietBeoordeeld: r.lines.filter((l) => l.outcome === 'onvoldoende_gegevens' || l.outcome === 'niet_beoordeeld').map((l) => l.referentieNummer),
    prestaties: r.lines.map((l) => ({
      referentieNummer: l.referentieNummer,
      ...(l.vorigReferentieNummer ? { vorigReferentieNummer: l.vorigReferentieNummer } : {}),
      client: r.message.clienten[l.client].bsn,
      pad: l.path,
      ingediendBedrag: l.ingediend.debetCredit === 'C' ? -l.ingediend.bedrag : l.ingediend.bedrag,
      outcome: l.outcome,
      toegekend: l.granted,
      retourCodes: l.granted ? ['8001'] : l.codes,
      version: l.version ?? null,
      contentHash: l.contentHash ?? null,
      events: l.events,
      facts: l.facts,
      ...(l.missing !== undefined ? { missing: l.missing } : {}),
      ...(l.illustrative !== undefined ? { illustrative: l.illustrative, illustrativeBasis: l.illustrativeBasis } : {}),
      ...(l.trace ? { trace: l.trace } : {}),
      ...(l.error ? { error: l.error } : {}),
    })),
  };
}
