/**
 * The tables of the version being edited, as completion and hover need them: each table's id,
 * title, keys and columns (type, range, nullable and the Dutch description from its `title`),
 * read from the version's table files as they stand in the draft. Pure (no Monaco): the
 * expression scanner here finds which table and column a place in an expression names.
 */
import { parse } from 'yaml';
import { FUNCTIONS } from '../../src/expr/functions.js';

export interface ColumnInfo { name: string; type: string; title: string | null; key: boolean; range: boolean; nullable: boolean }
export interface TableInfo { id: string; title: string; file: string; illustrative: boolean; keys: string[]; columns: ColumnInfo[] }

const TYPE_NL: Record<string, string> = { string: 'tekst', integer: 'geheel getal', number: 'getal', boolean: 'ja/nee', date: 'datum', money: 'bedrag in centen' };
export const typeNl = (t: string) => TYPE_NL[t] ?? t;

const cache = new Map<string, TableInfo | null>();

/** One table file's text as a TableInfo, or null when it does not parse (yet) as a table. */
export function readTable(file: string, text: string): TableInfo | null {
  const k = `${file}\n${text}`;
  if (cache.has(k)) return cache.get(k)!;
  let info: TableInfo | null = null;
  try {
    const d = parse(text, { maxAliasCount: 100 }) as { id?: unknown; title?: unknown; illustrative?: unknown; keys?: unknown; columns?: unknown } | null;
    if (d && typeof d === 'object' && d.columns && typeof d.columns === 'object') {
      const keys = Array.isArray(d.keys) ? d.keys.map(String) : [];
      const columns = Object.entries(d.columns as Record<string, Record<string, unknown> | null>).map(([name, c]) => ({
        name, type: typeof c?.type === 'string' ? c.type : '?', title: typeof c?.title === 'string' ? c.title : null,
        key: keys.includes(name), range: c?.range === true, nullable: c?.nullable === true,
      }));
      info = { id: typeof d.id === 'string' ? d.id : file.replace(/^.*\/|\.yaml$/g, ''), title: typeof d.title === 'string' ? d.title : '', file, illustrative: d.illustrative === true, keys, columns };
    }
  } catch {
    info = null;
  }
  if (cache.size > 200) cache.clear();
  cache.set(k, info);
  return info;
}

/** The tables among a version's files (path -> text); a table file that does not parse keeps its last good reading. */
const lastGood = new Map<string, TableInfo>();
export function tablesOf(files: Map<string, string>): TableInfo[] {
  const out: TableInfo[] = [];
  for (const [path, text] of files) {
    if (!/\/tables\/[^/]+\.yaml$/.test(path)) continue;
    const t = readTable(path, text) ?? lastGood.get(path);
    if (!t) continue;
    lastGood.set(path, t);
    out.push(t);
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

/** "kolom · geheel getal · sleutel 1 van 2 · bereik {min, max} · mag leeg" */
export function columnDetail(t: TableInfo, c: ColumnInfo): string {
  return ['kolom', typeNl(c.type), ...(c.key ? [`sleutel ${t.keys.indexOf(c.name) + 1} van ${t.keys.length}`] : []), ...(c.range ? ['bereik {min, max}'] : []), ...(c.nullable ? ['mag leeg'] : [])].join(' · ');
}

/** The column's description in Dutch: its own title, or what its place in the table says. */
export function columnDescription(t: TableInfo, c: ColumnInfo): string {
  const key = c.key ? `Sleutelkolom: ${t.keys.length > 1 ? `de ${ordinal(t.keys.indexOf(c.name) + 1)} sleutel van lookup(${t.id}, kolom, ${t.keys.join(', ')})` : `de sleutel van lookup(${t.id}, kolom, ${c.name})`}.` : '';
  // In an expression a money column is whole cents: say so where its title (written for the grid) does not.
  const title = c.title && c.type === 'money' && !/centen/i.test(c.title) ? `${c.title} in centen` : c.title;
  const own = title ? `${title}.`.replace(/\.\.$/, '.') : c.key ? '' : 'Geen omschrijving in de tabel (voeg een title toe aan de kolom).';
  return `${[own, key].filter(Boolean).join(' ')}\n\nTabel ${t.id}: ${t.title}${t.illustrative ? ' (illustratief)' : ''}.`;
}
const ordinal = (n: number) => ['eerste', 'tweede', 'derde', 'vierde', 'vijfde'][n - 1] ?? `${n}e`;

/** Markdown for a hover over a column. */
export const columnHover = (t: TableInfo, c: ColumnInfo) => `**${c.name}** (${columnDetail(t, c)})\n\n${columnDescription(t, c)}`;
/** Markdown for a hover over a table name. */
export const tableHover = (t: TableInfo) => `**${t.id}** (tabel${t.illustrative ? ', illustratief' : ''})\n\n${t.title}\n\nKolommen: ${t.columns.map((c) => c.name).join(', ')}; sleutels: ${t.keys.join(', ')}.`;

/** The functions whose arguments name a table and a column: the table's argument position (the column follows it). */
const TABLE_ARG: Record<string, number> = Object.fromEntries(Object.entries(FUNCTIONS)
  .filter(([fn, spec]) => spec.nameArgs.length === 2 && (fn.startsWith('lookup') || fn === 'values'))
  .map(([fn, spec]) => [fn, spec.nameArgs[0]]));

/**
 * What the text just before a place in an expression is writing: the innermost unclosed call
 * and which of its arguments; `partial` is the name typed so far in that argument.
 * `lookup(tarieven, ta` -> { fn: 'lookup', index: 1, args: ['tarieven'], partial: 'ta' }.
 */
export function callBefore(before: string): { fn: string; index: number; args: string[]; partial: string } | null {
  let depth = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    const c = before[i];
    if (c === ')') depth++;
    else if (c === '(') {
      if (depth > 0) { depth--; continue; }
      const fn = /(\w+)\s*$/.exec(before.slice(0, i))?.[1];
      if (!fn) return null;
      const args: string[] = [];
      let cur = '';
      let d = 0;
      for (const ch of before.slice(i + 1)) {
        if (ch === '(') d++;
        if (ch === ')') d--;
        if (ch === ',' && d === 0) { args.push(cur.trim()); cur = ''; } else cur += ch;
      }
      const partial = /^\s*(\w*)$/.exec(cur)?.[1];
      if (partial === undefined) return null;
      return { fn, index: args.length, args, partial };
    }
  }
  return null;
}

/** At a place in an expression: the table names or the columns of a named table that belong there, with the typed part. */
export function expressionSlot(before: string, tables: TableInfo[]): { kind: 'table'; partial: string } | { kind: 'column'; table: TableInfo | null; tableName: string; partial: string } | null {
  const call = callBefore(before);
  if (!call || !Object.hasOwn(TABLE_ARG, call.fn)) return null;
  const at = TABLE_ARG[call.fn];
  if (call.index === at) return { kind: 'table', partial: call.partial };
  if (call.index === at + 1) return { kind: 'column', table: tables.find((t) => t.id === call.args[at]) ?? null, tableName: call.args[at], partial: call.partial };
  return null;
}

/** The top-level key of the block a line (0-based) of a YAML text sits in ("rows", "columns", "keys", ...). */
export function blockOf(lines: string[], line: number): string | null {
  for (let i = line; i >= 0; i--) {
    const m = /^([A-Za-z_]\w*):/.exec(lines[i]);
    if (m) return m[1];
  }
  return null;
}
