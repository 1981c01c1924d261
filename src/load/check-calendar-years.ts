/**
 * Tables set per calendar year (`perKalenderjaar: true`, indexed tariffs): every row runs from
 * 1 January to 31 December of one year, and two rows with the same keys never cover the same year.
 * A year without a row is not a problem here: the answer names that gap at run time, so last
 * year's tariff never applies in silence.
 */
import { isIsoDate } from '../expr/dates.js';
import type { Diagnostic } from './diagnostics.js';
import type { Cell, RuleSetVersion, Table } from './model.js';
import type { DataPath } from './yaml-file.js';

type Version = Pick<RuleSetVersion, 'tables' | 'files'>;

export function checkCalendarYears(v: Version): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const t of v.tables) if (t.perCalendarYear) checkTable(v, t, out);
  return out;
}

function checkTable(v: Version, t: Table, out: Diagnostic[]) {
  const f = v.files.get(t.file);
  const at = (path: DataPath, message: string) =>
    out.push(f ? f.at(path, 'bad_dates', message) : { code: 'bad_dates', message, file: t.file, line: 0, column: 0 });
  /** Year of each well-formed row, by its key values: the first row that holds a year. */
  const years = new Map<string, number>();
  t.rows.forEach((row, i) => {
    const path = ['rows', i];
    const problem = rowProblem(row.from, row.until);
    if (problem) {
      at(problem.field ? [...path, problem.field] : path, problem.message);
      return;
    }
    const year = row.from!.slice(0, 4);
    const key = `${year}\0${t.keys.map((k) => keyText(row.values[k] ?? null)).join('\0')}`;
    const first = years.get(key);
    if (first !== undefined) {
      const firstLoc = f?.locate(['rows', first]);
      const where = firstLoc ? ` (regel ${firstLoc.line})` : '';
      at([...path, 'from'], `${keysText(t, row.values)} heeft voor ${year} al een tarief${where}: rijen met dezelfde sleutel mogen elkaar niet overlappen`);
    } else years.set(key, i);
  });
}

interface RowProblem {
  /** The row field to point at; undefined for the row itself (a field that is absent). */
  field?: 'from' | 'until';
  message: string;
}

/** Why a row is not exactly one calendar year; undefined when it is. Invalid dates were refused by the schema. */
function rowProblem(from: string | undefined, until: string | undefined): RowProblem | undefined {
  const rule = 'een tarief geldt per kalenderjaar';
  if (!isIsoDate(from) && !isIsoDate(until)) {
    return { message: `tarief zonder begin- en einddatum: ${rule}; zet from: JJJJ-01-01 en until: JJJJ-12-31` };
  }
  if (!isIsoDate(from)) return { message: `tarief zonder begindatum: ${rule}; zet from: ${until!.slice(0, 4)}-01-01` };
  const year = from.slice(0, 4);
  if (!isIsoDate(until)) return { message: `tarief zonder einddatum: ${rule}; zet until: ${year}-12-31` };
  if (!from.endsWith('-01-01')) {
    return { field: 'from', message: `from ${from} is geen 1 januari: ${rule}; zet from: ${year}-01-01 en until: ${year}-12-31` };
  }
  if (until !== `${year}-12-31`) {
    const why = until.endsWith('-12-31') ? `ligt niet in hetzelfde jaar als from ${from}` : 'is geen 31 december';
    return { field: 'until', message: `until ${until} ${why}: ${rule}; zet until: ${year}-12-31` };
  }
  return undefined;
}

function keyText(c: Cell): string {
  if (c !== null && typeof c === 'object') return `${c.min ?? ''}..${c.max ?? ''}`;
  return String(c);
}

function keysText(t: Table, values: Record<string, Cell>): string {
  return t.keys.map((k) => `${k} ${keyText(values[k] ?? null)}`).join(', ');
}
