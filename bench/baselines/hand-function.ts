/** The floor: RAP 2.0 declaratie as one plain TypeScript function (what no engine can beat). */
import { addMonths } from '../../src/expr/dates.js';
import { answerOfHits, type Answer, type Facts, type Hit } from '../declaratie-cases.js';
import type { Tables } from './tables.js';

const ym = (d: string) => +d.slice(0, 4) * 12 + +d.slice(5, 7);
const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000 + 1;
/** ISO weekday, 1 Monday .. 7 Sunday. */
const weekday = (d: string) => ((new Date(d + 'T00:00:00Z').getUTCDay() + 6) % 7) + 1;

export function declaratieFunction(f: Facts, t: Tables): Answer {
  const tw = f.toewijzing ?? null;
  const p = f.prestatie;
  const begin = p.productPeriode.begindatum;
  const eind = p.productPeriode.einddatum;
  const hits: Hit[] = [];
  const fail = (id: string, code?: string, amounts?: Hit['amounts']) => hits.push({ rule: `rap.declaratie.${id}`, code, amounts });
  const linked = tw != null && tw.toewijzingNummer != null && tw.toewijzingNummer === p.toewijzingNummer;
  const uurtarief = t.tarief(p.productCode, begin);
  const productEenheid = t.productEenheid(p.productCode, begin);
  const minuten = p.eenheid === '01' && productEenheid === '04';
  const contract = uurtarief == null ? null : minuten ? Math.round(uurtarief / 60) : uurtarief;
  const verwacht = minuten ? (uurtarief == null ? null : Math.round((uurtarief * p.geleverdVolume) / 60)) : p.geleverdVolume * p.productTarief;
  const omvang = tw?.omvang ?? null;
  const volume = p.eenheid === '01' && omvang?.eenheid === '04' ? p.geleverdVolume / 60 : p.geleverdVolume;

  if (!linked) fail('toewijzing-bestaat', '9338');
  if (linked && tw.redenWijziging === '13') fail('toewijzing-verwijderd', '9384');
  if (linked && begin < tw.ingangsdatum) fail('begin-na-ingangsdatum', '9307');
  if (linked && tw.einddatum != null && eind > tw.einddatum) fail('eind-voor-einddatum', '9308');
  if (ym(begin) !== ym(eind) || eind < begin) fail('periode-binnen-een-maand', '9319');
  if (linked && p.productCategorie !== tw.productCategorie) fail('categorie-gelijk', '9339');
  if (linked && tw.productCode != null && p.productCode !== tw.productCode) fail('productcode-gelijk', '9340');
  if (linked && omvang?.eenheid != null && p.eenheid !== omvang.eenheid && !(omvang.eenheid === '04' && p.eenheid === '01')) fail('eenheid-gelijk', '9341');
  if (p.eenheid !== '83' && verwacht != null && p.ingediendBedrag !== verwacht) fail('bedrag-volume-maal-tarief', '9346', { ingediend: p.ingediendBedrag, verwacht });
  const totaal = (f.eerderGedeclareerd ?? 0) + p.ingediendBedrag;
  if (linked && tw.budget != null && totaal > tw.budget) fail('binnen-budget', '9369', { totaal, budget: tw.budget });
  if (linked && omvang?.frequentie === '6' && volume > omvang.volume) fail('volume-binnen-totale-omvang', '9321');
  const dagen = days(begin, eind);
  if (linked && omvang?.frequentie === '1' && volume > omvang.volume * dagen) fail('volume-binnen-omvang-per-dag', '9322');
  if (linked && omvang?.frequentie === '2' && volume > omvang.volume * (Math.floor((weekday(begin) - 1 + dagen - 1) / 7) + 1)) fail('volume-binnen-omvang-per-week', '9322');
  if (linked && omvang?.frequentie === '4' && volume > omvang.volume * (ym(eind) - ym(begin) + 1)) fail('volume-binnen-omvang-per-maand', '9322');
  if (p.eenheid === '14' && p.geleverdVolume > dagen) fail('etmalen-niet-meer-dan-dagen', '9321');
  if (uurtarief != null && p.eenheid !== '83' && p.productTarief !== contract) fail('producttarief-gecontracteerd', '0611', { tarief: p.productTarief, contract });
  if (uurtarief == null) fail('product-zonder-tarief', '0611');
  const productTg = t.productTariefgroep(p.productCode, begin);
  const profTg = f.professional ? t.beroepTariefgroep(f.professional.functie, f.professional.caoSchaal, begin) : null;
  if (productTg != null && profTg != null && productTg !== profTg) fail('tariefgroep-professional', '0611');
  if (f.professional && t.uitgesloten(f.professional.functie, begin) != null) fail('functie-niet-in-beroepentabel', '0611');
  if (p.productCode === '54D02' && linked && tw.ingangsdatum >= '2025-01-01') fail('dyslexie-stuks-alleen-lopend', '9340');
  if (p.productCode === '41G02' && linked && (omvang?.volume !== 8 || omvang?.eenheid !== '04' || omvang?.frequentie !== '1')) fail('extra-zwaar-omgezette-beschikking', '9340');
  if ((p.productCode === '41T01' || p.productCode === '43T01') && linked && eind >= addMonths(tw.ingangsdatum, 3)) fail('tijdelijke-inzet-binnen-3-maanden', '9308');
  return answerOfHits(hits);
}
