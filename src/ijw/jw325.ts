/**
 * The answer to a JW323: the JW325 as XML (structure.ts, written by the same
 * writer as every other message), and its JSON twin.
 * - an in-message check failed: only the Header, with 0001 (and 8021 for a
 *   ReferentieNummer delivered twice);
 * - otherwise the Header gets 0200; the DeclaratieAntwoord gets 8001 when every
 *   line is granted, else 0200; only the lines not granted are listed, each
 *   repeating the whole declared line followed by its codes, under their
 *   Client with 0200;
 * - TotaalToegekendBedrag = TotaalIngediendBedrag minus the lines not granted
 *   (debit minus credit); 0 when the message is refused.
 * Every code is one of the standard's RetourCodes (structure.ts RETOURCODES).
 */
import { createHash } from 'node:crypto';
import type { DeclaratieResult, LineResult } from './judge-declaratie.js';
import { JW325, XSD_VERSIE } from './structure.js';
import { headerValue, prestatieValue, xsdVersieValue } from './write-messages.js';
import { writeMessage, type XmlObject } from './write-xml.js';

const retourCodes = (codes: string[]): XmlObject => ({ RetourCode: codes });
const totaal = (cents: number): XmlObject => ({ TotaalBedrag: Math.abs(cents), DebetCredit: cents < 0 ? 'C' : 'D' });

export function headerCodes(r: DeclaratieResult): string[] {
  if (!r.inMessage.length) return ['0200'];
  return ['0001', ...new Set(r.inMessage.flatMap((f) => (f.code ? [f.code] : [])))];
}

export function answerCodes(r: DeclaratieResult): string[] {
  return r.lines.every((l) => l.granted) ? ['8001'] : ['0200'];
}

function notGrantedByClient(r: DeclaratieResult): Map<number, LineResult[]> {
  const by = new Map<number, LineResult[]>();
  for (const l of r.lines) {
    if (l.granted) continue;
    const list = by.get(l.client);
    if (list) list.push(l);
    else by.set(l.client, [l]);
  }
  return by;
}

/** The JW325's own Identificatie (1-12 characters): derived from the JW323 it answers, the same for the same JW323. */
export function answerIdentificatie(r: DeclaratieResult): string {
  const h = r.message.header;
  return 'R' + createHash('sha256').update(`${h.afzender}|${h.identificatie}|${h.dagtekening}`).digest('hex').slice(0, 11).toUpperCase();
}

export function jw325Xml(r: DeclaratieResult, today: string): string {
  const h = r.message.header;
  const Header: XmlObject = {
    ...headerValue('491', { afzender: h.ontvanger, ontvanger: h.afzender, identificatie: answerIdentificatie(r), dagtekening: today, xsdVersie: XSD_VERSIE }),
    DeclaratieIdentificatie: { Identificatie: h.identificatie, Dagtekening: h.dagtekening },
    XsdVersieDeclaratie: xsdVersieValue(h.xsdVersie),
    RetourCodes: retourCodes(headerCodes(r)),
  };
  if (r.inMessage.length) return writeMessage(JW325, { Header });
  const clienten = [...notGrantedByClient(r)].map(([ci, lines]) => ({
    Bsn: r.message.clienten[ci].bsn,
    Prestaties: { Prestatie: lines.map((l) => ({ ...prestatieValue(l.line), RetourCodes: retourCodes(l.codes) })) },
    RetourCodes: retourCodes(['0200']),
  }));
  return writeMessage(JW325, {
    Header,
    DeclaratieAntwoord: {
      DeclaratieNummer: r.message.declaratieNummer,
      TotaalIngediendBedrag: totaal(r.totaalIngediend),
      TotaalToegekendBedrag: totaal(r.totaalToegekend),
      Clienten: clienten.length ? { Client: clienten } : undefined,
      RetourCodes: retourCodes(answerCodes(r)),
    },
  });
}

/** The JSON twin: the same answer, plus per line the outcome, events, facts and what was missing. */
export function jw325Json(r: DeclaratieResult, today: string) {
  const h = r.message.header;
  return {
    berichtCode: '491',
    header: { afzender: h.ontvanger, ontvanger: h.afzender, identificatie: answerIdentificatie(r), dagtekening: today, identificatieRetour: h.identificatie, retourCodes: headerCodes(r) },
    inBerichtControles: r.inMessage,
    declaratieAntwoord: r.inMessage.length ? null : {
      declaratieNummer: r.message.declaratieNummer,
      totaalIngediendBedrag: r.totaalIngediend,
      totaalToegekendBedrag: r.totaalToegekend,
      retourCodes: answerCodes(r),
    },
    /** Lines that are neither granted nor rejected by a rule: listed so nobody mistakes them for approvals. */
    nietBeoordeeld: r.lines.filter((l) => l.outcome === 'onvoldoende_gegevens' || l.outcome === 'niet_beoordeeld').map((l) => l.referentieNummer),
    ...(r.explain ? { explain: r.explain } : {}),
    prestaties: r.lines.map((l) => ({
      referentieNummer: l.referentieNummer,
      ...(l.vorigReferentieNummer ? { vorigReferentieNummer: l.vorigReferentieNummer } : {}),
      client: r.message.clienten[l.client].bsn,
      pad: l.path,
      ingediendBedrag: l.ingediend.debetCredit === 'C' ? -l.ingediend.bedrag : l.ingediend.bedrag,
      outcome: l.outcome,
      toegekend: l.granted,
      retourCodes: l.granted ? ['8001'] : l.codes,
      ...(l.codeToelichting ? { codeToelichting: l.codeToelichting } : {}),
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
