/**
 * JW323 Prestatie + JW301 allocation -> the facts of RAP `declaratie`.
 *
 * - `toewijzing`: the allocation with the line's ToewijzingNummer, only if it
 *   belongs to the same client (a JW301 carries the BSN); otherwise null, which
 *   the rules answer with 9338 (TR338).
 * - `prestatie.productTarief`: absent exactly when Eenheid is 83 (CD087); the
 *   fact is then 0, which no rule reads (TR346 and TR418 skip Eenheid 83).
 * - `eerderGedeclareerd`: what the caller says was approved earlier on the
 *   allocation (envelope, default 0) plus the lines approved earlier in this
 *   message on it (debit minus credit, document order, never below 0).
 * - `ingediendOp`: the message's Dagtekening (the day it was sent), so the SAP
 *   deadline signal can fire. `professional` is not in a JW323: left out.
 */
import type { Toewijzing } from './jw301.js';
import type { Prestatie } from './jw323.js';

export function declaratieFacts(p: Prestatie, toewijzing: Toewijzing | null, eerderGedeclareerd: number, ingediendOp: string): Record<string, unknown> {
  return {
    toewijzing: toewijzing
      ? {
          toewijzingNummer: toewijzing.toewijzingNummer, productCategorie: toewijzing.productCategorie, productCode: toewijzing.productCode,
          ingangsdatum: toewijzing.ingangsdatum, einddatum: toewijzing.einddatum, budget: toewijzing.budget, omvang: toewijzing.omvang, redenWijziging: toewijzing.redenWijziging,
        }
      : null,
    prestatie: {
      toewijzingNummer: p.toewijzingNummer, productCategorie: p.productCategorie, productCode: p.productCode,
      productPeriode: { begindatum: p.begindatum, einddatum: p.einddatum },
      geleverdVolume: p.geleverdVolume, eenheid: p.eenheid, productTarief: p.productTarief ?? 0, ingediendBedrag: p.ingediend.bedrag,
    },
    eerderGedeclareerd,
    ingediendOp,
  };
}
