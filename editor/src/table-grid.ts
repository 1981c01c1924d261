/**
 * A table file as a grid for policy staff: Dutch column titles, amounts in euros, dates as
 * dd-mm-jjjj, the validity of each row, and every cell typed the way staff write it. The grid
 * edits the YAML document itself (yaml's Document API) and prints it the way the formatter
 * does, so git, review and the server see canonical YAML with amounts in cents, as before.
 * Pure (no DOM, no Monaco): the view is in screens/table-grid-view.ts.
 */
import { isMap, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { euroText } from '../../src/base/money-text.js';
import { isIsoDate } from '../../src/expr/dates.js';
import { editYaml, flowNode } from './yaml-edit.js';

export type GridKind = 'string' | 'integer' | 'money' | 'date' | 'boolean' | 'range';

export interface GridColumn {
  /** The key in the row's YAML (a table column, or `from` / `until`). */
  name: string;
  /** What staff read above the column. */
  title: string;
  kind: GridKind;
  /** The column's own type for range columns (integer, money or date bounds). */
  of: 'string' | 'integer' | 'money' | 'date' | 'boolean';
  /** May be left empty (nullable columns, ranges, `until`). */
  optional: boolean;
  key: boolean;
}

export interface Grid {
  id: string;
  title: string;
  columns: GridColumn[];
  /** Each row's cells as staff read them, by column name. */
  rows: Record<string, string>[];
}

const TYPES = new Set(['string', 'integer', 'money', 'date', 'boolean']);

/** "productCode" -> "Productcode", "caoSchaal" -> "Cao-schaal": a readable title where a column has none. */
export function titleOf(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(' ');
  const joined = words.length === 2 && words[1].length > 4 ? `${words[0]}-${words[1]}` : words.join('');
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

/** The grid of a table file, or null when the text is not (yet) a readable table. */
export function readGrid(text: string): Grid | null {
  let doc: Document;
  try {
    doc = parseDocument(text);
  } catch {
    return null;
  }
  if (doc.errors.length) return null;
  const d = doc.toJS({ maxAliasCount: 100 }) as { id?: unknown; title?: unknown; keys?: unknown; columns?: unknown; rows?: unknown } | null;
  if (!d || typeof d !== 'object' || !d.columns || typeof d.columns !== 'object' || Array.isArray(d.columns)) return null;
  const keys = Array.isArray(d.keys) ? d.keys.map(String) : [];
  const columns: GridColumn[] = [];
  for (const [name, spec] of Object.entries(d.columns as Record<string, Record<string, unknown> | null>)) {
    const of = typeof spec?.type === 'string' && TYPES.has(spec.type) ? (spec.type as GridColumn['of']) : 'string';
    const range = spec?.range === true;
    const title = typeof spec?.title === 'string' ? spec.title.split(':')[0] : titleOf(name);
    columns.push({ name, title: of === 'money' ? `${title} (€)` : title, kind: range ? 'range' : of, of, optional: range || spec?.nullable === true, key: keys.includes(name) });
  }
  columns.push({ name: 'from', title: 'Geldig vanaf', kind: 'date', of: 'date', optional: true, key: false });
  columns.push({ name: 'until', title: 'Geldig tot en met', kind: 'date', of: 'date', optional: true, key: false });
  const rows = (Array.isArray(d.rows) ? d.rows : []).map((r) => {
    const row = (r && typeof r === 'object' ? r : {}) as Record<string, unknown>;
    return Object.fromEntries(columns.map((c) => [c.name, showCell(c, row[c.name])]));
  });
  return { id: typeof d.id === 'string' ? d.id : '', title: typeof d.title === 'string' ? d.title : '', columns, rows };
}

/** 8736 -> "87,36"; 123456 -> "1.234,56" (the project's euro text without its sign, for an input in a column titled €). */
export const showEuro = (cents: number): string => euroText(cents).replace('€ ', '');

/** "2025-01-01" -> "01-01-2025". */
export function showDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : iso;
}

function showScalar(of: GridColumn['of'], v: unknown): string {
  if (v === null || v === undefined) return '';
  if (of === 'money' && typeof v === 'number' && Number.isInteger(v)) return showEuro(v);
  if (of === 'date' && typeof v === 'string') return showDate(v);
  if (of === 'boolean' && typeof v === 'boolean') return v ? 'ja' : 'nee';
  return String(v);
}

/** A cell's value as staff read it: euros, dd-mm-jjjj, ja/nee, "3 t/m 9", "vanaf 10", "t/m 9". */
export function showCell(c: GridColumn, v: unknown): string {
  if (c.kind !== 'range' || v === null || typeof v !== 'object') return showScalar(c.of, v);
  const { min, max } = v as { min?: unknown; max?: unknown };
  const [lo, hi] = [showScalar(c.of, min), showScalar(c.of, max)];
  return lo && hi ? `${lo} t/m ${hi}` : lo ? `vanaf ${lo}` : hi ? `t/m ${hi}` : '';
}

export type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

const bad = (message: string): Parsed => ({ ok: false, message });

/**
 * Euros as staff type them, to whole cents: "89,36" and "€ 89,36" -> 8936, "89" -> 8900,
 * "1.234,56" -> 123456, "70,72 euro" -> 7072. A comma is the decimal sign; without a comma, a
 * dot followed by one or two digits is read as the decimal sign too ("89.5"), by three as
 * thousands ("1.234"). Negative amounts and fractions of a cent are refused.
 */
export function parseEuro(text: string): Parsed {
  const t = text.replace(/€|euro('s)?|eur\b/gi, '').replace(/\s+/g, '');
  const example = 'bijvoorbeeld 89,36 of 89';
  if (!t) return bad(`Vul een bedrag in euro in, ${example}.`);
  if (/^-/.test(t)) return bad(`Een bedrag kan niet negatief zijn: vul een bedrag van 0 of meer in, ${example}.`);
  let whole: string;
  let fraction = '';
  if (t.includes(',')) {
    const m = /^(\d{1,3}(?:\.\d{3})+|\d+),(\d*)$/.exec(t);
    if (!m) return bad(`'${text}' is geen bedrag in euro; schrijf ${example}.`);
    [whole, fraction] = [m[1].replace(/\./g, ''), m[2]];
  } else if (/^\d{1,3}(\.\d{3})+$/.test(t)) {
    whole = t.replace(/\./g, '');
  } else {
    const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(t);
    if (!m) return bad(`'${text}' is geen bedrag in euro; schrijf ${example}.`);
    [whole, fraction] = [m[1], m[2] ?? ''];
  }
  if (fraction.length > 2) return bad(`Een bedrag heeft hoogstens twee cijfers achter de komma (hele centen), niet '${text}'.`);
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0') || '0');
  return Number.isSafeInteger(cents) ? { ok: true, value: cents } : bad(`'${text}' is te groot voor een bedrag.`);
}

/** "1-1-2026", "01-01-2026" or "2026-01-01" -> "2026-01-01"; a day that does not exist is refused. */
export function parseDate(text: string): Parsed {
  const t = text.trim();
  const dutch = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(t);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  const parts = dutch ? [dutch[3], dutch[2], dutch[1]] : iso ? [iso[1], iso[2], iso[3]] : undefined;
  const example = 'schrijf dag-maand-jaar, bijvoorbeeld 01-01-2026';
  if (!parts) return bad(`'${text}' is geen datum; ${example}.`);
  const [y, m, d] = parts;
  const value = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  // The rule files' own date check (src/expr/dates.ts): a day that is not in the calendar is refused.
  return isIsoDate(value) ? { ok: true, value } : bad(`${showDate(value)} bestaat niet; ${example}.`);
}

function parseScalar(of: GridColumn['of'], text: string): Parsed {
  const t = text.trim();
  switch (of) {
    case 'money': return parseEuro(t);
    case 'date': return parseDate(t);
    case 'integer': return /^-?\d+$/.test(t) ? { ok: true, value: Number(t) } : bad(`'${text}' is geen geheel getal; schrijf bijvoorbeeld 9.`);
    case 'boolean': return /^(ja|nee)$/i.test(t) ? { ok: true, value: /^ja$/i.test(t) } : bad(`Vul ja of nee in, niet '${text}'.`);
    default: return { ok: true, value: t };
  }
}

/** What staff typed in a cell, as the YAML value (undefined: leave the key out of the row). */
export function parseCell(c: GridColumn, text: string): Parsed {
  const t = text.trim();
  if (!t) return c.optional ? { ok: true, value: undefined } : bad(`${c.title} mag niet leeg zijn.`);
  if (c.kind !== 'range') return parseScalar(c.of, t);
  const m = /^(?:vanaf\s+(.+)|t\/m\s+(.+)|(.+?)\s+t\/m\s+(.+))$/i.exec(t);
  const [lo, hi] = m ? (m[1] ? [m[1], undefined] : m[2] ? [undefined, m[2]] : [m[3], m[4]]) : [t, t];
  const out: { min?: unknown; max?: unknown } = {};
  for (const [k, part] of [['min', lo], ['max', hi]] as const) {
    if (part === undefined) continue;
    const p = parseScalar(c.of, part);
    if (!p.ok) return bad(`${p.message} Een bereik schrijft u als "3 t/m 9", "vanaf 10" of "t/m 9".`);
    out[k] = p.value;
  }
  if (out.min !== undefined && out.max !== undefined && (out.min as number | string) > (out.max as number | string)) return bad(`Het bereik begint na zijn einde: '${text}'.`);
  return { ok: true, value: out };
}

function rowsOf(doc: Document): YAMLSeq {
  let rows = doc.get('rows', true);
  if (!isSeq(rows)) {
    doc.set('rows', doc.createNode([]));
    rows = doc.get('rows', true);
  }
  return rows as YAMLSeq;
}

/** Sets one cell (a parsed value; undefined removes the key) and returns the file's new text. */
export function setCell(text: string, row: number, column: string, value: unknown): string {
  return editYaml(text, (doc) => {
    const item = rowsOf(doc).get(row, true);
    if (!isMap(item)) throw new Error(`rij ${row + 1} bestaat niet`);
    if (value === undefined) item.delete(column);
    else item.set(column, flowNode(doc, value));
  });
}

/** Adds a row: a copy of row `copyOf` (without its source), or an empty one to fill in. */
export function addRow(text: string, copyOf?: number): string {
  return editYaml(text, (doc) => {
    const rows = rowsOf(doc);
    const from = copyOf === undefined ? undefined : (rows.get(copyOf, true) as YAMLMap | undefined)?.toJSON() as Record<string, unknown> | undefined;
    const { source: _source, ...rest } = from ?? {};
    rows.add(flowNode(doc, from ? rest : {}));
    rows.flow = false;
  });
}

/** Removes a row. */
export function removeRow(text: string, row: number): string {
  return editYaml(text, (doc) => rowsOf(doc).delete(row));
}
