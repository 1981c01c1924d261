/**
 * The checks on a JW323 as a whole, made before any line is judged. Any
 * failure makes the answer a JW325 with only the Header and return code 0001
 * (a ReferentieNummer delivered twice adds 8021, TR314). Each finding names its rule and element path;
 * no message quotes a BSN.
 */
import { addDays, addMonths } from '../expr/dates.js';
import { passesElfproef } from './elfproef.js';
import type { Bedrag, Jw323 } from './jw323.js';

export interface InMessageFinding {
  rule: string;
  /** A return code of its own beside 0001, where the standard gives one (TR314: 8021). */
  code?: string;
  path: string;
  message: string;
}

export const signed = (b: Bedrag) => (b.debetCredit === 'C' ? -b.bedrag : b.bedrag);

const sameMonth = (a: string, b: string) => a.slice(0, 7) === b.slice(0, 7);
const lastOfMonth = (d: string) => addDays(addMonths(d.slice(0, 8) + '01', 1), -1);

export function inMessageChecks(m: Jw323): InMessageFinding[] {
  const out: InMessageFinding[] = [];
  const { periode, dagtekening } = m;
  const root = '/Bericht/Declaratie';

  // CS340: the declaration period is exactly one calendar month.
  if (!periode.begindatum.endsWith('-01') || periode.einddatum !== lastOfMonth(periode.begindatum)) {
    out.push({ rule: 'CS340', path: `${root}/DeclaratiePeriode`, message: `de declaratieperiode ${periode.begindatum} t/m ${periode.einddatum} is niet precies een kalendermaand` });
  }
  // TR134: the declaration period does not end after the dagtekening.
  if (periode.einddatum > dagtekening) {
    out.push({ rule: 'TR134', path: `${root}/DeclaratiePeriode/Einddatum`, message: `de declaratieperiode eindigt (${periode.einddatum}) na de dagtekening ${dagtekening}` });
  }

  let sum = 0;
  const refs = new Map<string, string>();
  const debits = new Map<string, string>();
  for (const c of m.clienten) {
    // CS002: the BSN passes the eleven-test (the value itself is never named).
    if (!passesElfproef(c.bsn)) out.push({ rule: 'CS002', path: `${c.path}/Bsn`, message: 'het BSN voldoet niet aan de elfproef' });
    for (const p of c.prestaties) {
      sum += signed(p.ingediend);
      const ref = p.referentieNummer;
      // TR314 (8021): no ReferentieNummer twice; TR416: one debit per ProductPeriode + ProductCategorie + ProductCode + ToewijzingNummer.
      if (refs.has(ref)) out.push({ rule: 'TR314', code: '8021', path: `${p.path}/ProductReferentie/ReferentieNummer`, message: `ReferentieNummer ${ref} komt al voor in ${refs.get(ref)}` });
      else refs.set(ref, p.path);
      if (p.ingediend.debetCredit === 'D') {
        const key = [p.toewijzingNummer, p.productCategorie, p.productCode, p.begindatum, p.einddatum].join('|');
        const first = debits.get(key);
        if (first) out.push({ rule: 'TR416', path: p.path, message: `dezelfde prestatie (toewijzing, product en periode) wordt al gedebiteerd in ${first}` });
        else debits.set(key, p.path);
      }
      // CD060: a credit names the line it reverses.
      if (p.ingediend.debetCredit === 'C' && !p.vorigReferentieNummer) out.push({ rule: 'CD060', path: `${p.path}/ProductReferentie`, message: 'een creditregel noemt het VorigReferentieNummer van de regel die hij terugdraait' });
      // CS337: the product period lies within one calendar month (and does not end before it starts).
      if (!sameMonth(p.begindatum, p.einddatum) || p.einddatum < p.begindatum) {
        out.push({ rule: 'CS337', path: `${p.path}/ProductPeriode`, message: `de productperiode ${p.begindatum} t/m ${p.einddatum} ligt niet binnen een kalendermaand` });
      }
      // TR319: the product period is not after the declaration period.
      if (p.einddatum > periode.einddatum) {
        out.push({ rule: 'TR319', path: `${p.path}/ProductPeriode/Einddatum`, message: `de productperiode eindigt (${p.einddatum}) na de declaratieperiode (${periode.einddatum})` });
      }
      // TR137: no date of a performance after the dagtekening.
      if (p.einddatum > dagtekening || p.begindatum > dagtekening) {
        out.push({ rule: 'TR137', path: `${p.path}/ProductPeriode`, message: `de productperiode ligt na de dagtekening ${dagtekening}` });
      }
      // CD087: ProductTarief is there exactly when Eenheid is not 83 (euro's).
      if ((p.eenheid === '83') === (p.productTarief !== undefined)) {
        out.push({ rule: 'CD087', path: `${p.path}/ProductTarief`, message: p.eenheid === '83' ? 'bij eenheid 83 (euro\'s) hoort geen ProductTarief' : `ProductTarief ontbreekt bij eenheid ${p.eenheid}` });
      }
      // CS339: in euro's, the amount is the volume.
      if (p.eenheid === '83' && p.ingediend.bedrag !== p.geleverdVolume) {
        out.push({ rule: 'CS339', path: `${p.path}/IngediendBedrag`, message: `bij eenheid 83 is IngediendBedrag (${p.ingediend.bedrag}) gelijk aan GeleverdVolume (${p.geleverdVolume})` });
      }
    }
  }
  // TR358: the total is the sum of debits minus credits.
  if (signed(m.totaalIngediend) !== sum) {
    out.push({ rule: 'TR358', path: `${root}/TotaalIngediendBedrag`, message: `TotaalIngediendBedrag (${signed(m.totaalIngediend)}) is niet de som van de prestaties, debet min credit (${sum})` });
  }
  return out;
}
