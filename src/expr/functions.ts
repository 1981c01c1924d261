import { addDays, addMonths, daysBetween, endOfMonth, isIsoDate, isoWeekday, monthOf, yearOf } from './dates.js';

/**
 * The functions an expression may call. `nameArgs` are argument positions that
 * take a bare name (a table, a column, a field of list items) instead of a value.
 */
export interface FunctionSpec {
  min: number;
  max: number;
  nameArgs: number[];
  title: string;
}

export const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  round: { min: 1, max: 1, nameArgs: [], title: 'afronden op een geheel getal, half naar boven (centen: IV081)' },
  floor: { min: 1, max: 1, nameArgs: [], title: 'naar beneden afronden' },
  ceil: { min: 1, max: 1, nameArgs: [], title: 'naar boven afronden' },
  abs: { min: 1, max: 1, nameArgs: [], title: 'absolute waarde' },
  min: { min: 1, max: 20, nameArgs: [], title: 'kleinste waarde' },
  max: { min: 1, max: 20, nameArgs: [], title: 'grootste waarde' },
  coalesce: { min: 1, max: 20, nameArgs: [], title: 'eerste waarde die bestaat' },
  if: { min: 3, max: 3, nameArgs: [], title: 'if(voorwaarde, dan, anders)' },
  isSet: { min: 1, max: 1, nameArgs: [], title: 'true als de waarde bestaat' },
  addDays: { min: 2, max: 2, nameArgs: [], title: 'datum plus dagen' },
  addMonths: { min: 2, max: 2, nameArgs: [], title: 'datum plus kalendermaanden' },
  endOfMonth: { min: 1, max: 1, nameArgs: [], title: 'laatste dag van de maand van een datum' },
  daysBetween: { min: 2, max: 2, nameArgs: [], title: 'dagen van de eerste tot de tweede datum' },
  year: { min: 1, max: 1, nameArgs: [], title: 'jaar van een datum' },
  month: { min: 1, max: 1, nameArgs: [], title: 'maand (1-12) van een datum' },
  weekday: { min: 1, max: 1, nameArgs: [], title: 'dag van de week van een datum: 1 maandag .. 7 zondag (ISO)' },
  runningOn: { min: 2, max: 2, nameArgs: [], title: 'runningOn(lijst, datum): de toewijzingen in de lijst die op de datum lopen (ingangsdatum <= datum, einddatum leeg of >= datum)' },
  count: { min: 1, max: 1, nameArgs: [], title: 'aantal elementen van een lijst' },
  sum: { min: 1, max: 2, nameArgs: [1], title: 'som van een lijst, of van een veld van de elementen' },
  pluck: { min: 2, max: 2, nameArgs: [1], title: 'lijst van een veld van de elementen' },
  lookup: { min: 3, max: 10, nameArgs: [0, 1], title: 'lookup(tabel, kolom, sleutel...) op de peildatum' },
  lookupAt: { min: 4, max: 11, nameArgs: [1, 2], title: 'lookupAt(datum, tabel, kolom, sleutel...)' },
  lookupEach: { min: 3, max: 3, nameArgs: [0, 1], title: 'lookupEach(tabel, kolom, lijst van sleutels)' },
  values: { min: 2, max: 2, nameArgs: [0, 1], title: 'values(tabel, kolom): de kolom van alle rijen die op de peildatum gelden' },
  sumProduct: { min: 2, max: 2, nameArgs: [], title: 'sumProduct(lijst, lijst): som van de producten per positie' },
  minAtLeast: { min: 2, max: 2, nameArgs: [], title: 'minAtLeast(lijst, x): kleinste element >= x, of null' },
};

/** The function of that name, looked up as an own property only (so `constructor` or `hasOwnProperty` is no function). */
export function functionSpec(name: string): FunctionSpec | undefined {
  return Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Half-up rounding away from zero, as money rounding to the cent expects. */
export function roundHalfUp(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/** Pure functions on values; lookups are done by the evaluator, which knows the tables. */
export function callPure(fn: string, a: unknown[]): unknown {
  switch (fn) {
    case 'round': return num(a[0]) ? roundHalfUp(a[0]) : null;
    case 'floor': return num(a[0]) ? Math.floor(a[0]) : null;
    case 'ceil': return num(a[0]) ? Math.ceil(a[0]) : null;
    case 'abs': return num(a[0]) ? Math.abs(a[0]) : null;
    case 'min': return a.every(num) ? Math.min(...(a as number[])) : null;
    case 'max': return a.every(num) ? Math.max(...(a as number[])) : null;
    case 'coalesce': return a.find((v) => v !== null && v !== undefined) ?? null;
    case 'isSet': return a[0] !== null && a[0] !== undefined;
    case 'addDays': return isIsoDate(a[0]) && num(a[1]) ? addDays(a[0], a[1]) : null;
    case 'addMonths': return isIsoDate(a[0]) && num(a[1]) ? addMonths(a[0], a[1]) : null;
    case 'endOfMonth': return isIsoDate(a[0]) ? endOfMonth(a[0]) : null;
    case 'daysBetween': return isIsoDate(a[0]) && isIsoDate(a[1]) ? daysBetween(a[0], a[1]) : null;
    case 'year': return isIsoDate(a[0]) ? yearOf(a[0]) : null;
    case 'month': return isIsoDate(a[0]) ? monthOf(a[0]) : null;
    case 'weekday': return isIsoDate(a[0]) ? isoWeekday(a[0]) : null;
    case 'runningOn': {
      const [list, date] = a;
      if (!Array.isArray(list) || !isIsoDate(date)) return null;
      return list.filter((item) => {
        const from = fieldOf(item, 'ingangsdatum');
        const to = fieldOf(item, 'einddatum');
        return isIsoDate(from) && from <= date && (to === null || to === undefined || (isIsoDate(to) && date <= to));
      });
    }
    case 'count': return Array.isArray(a[0]) ? a[0].length : null;
    case 'sumProduct': {
      const [x, y] = a;
      if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return null;
      let total = 0;
      for (let i = 0; i < x.length; i++) {
        if (!num(x[i]) || !num(y[i])) return null;
        total += x[i] * y[i];
      }
      return total;
    }
    case 'minAtLeast': {
      const [list, x] = a;
      if (!Array.isArray(list) || !num(x)) return null;
      const fits = list.filter((v): v is number => num(v) && v >= x);
      return fits.length ? Math.min(...fits) : null;
    }
    default: throw new Error(`no pure function ${fn}`);
  }
}

/** A field of a list item: own properties only, never the object's prototype. */
export function fieldOf(item: unknown, field: string): unknown {
  return item !== null && typeof item === 'object' && Object.hasOwn(item, field) ? (item as Record<string, unknown>)[field] : undefined;
}
