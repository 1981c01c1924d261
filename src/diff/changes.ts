/**
 * What a proposal changes, item by item: rules (by id), derived facts, table
 * rows (by key values and `from` date), test cases, metadata fields. Adoption
 * uses it to catch two proposals touching the same item; the API shows it.
 */
import { createHash } from 'node:crypto';
import { readYamlData } from '../load/yaml-file.js';
import type { RuleFiles } from '../load/rule-source.js';

export interface ItemChange {
  /** Stable item key, e.g. "rule:rtp.tariefgroep.overleg" or "row:beroepen:spv|{"min":10}@2025-01-01". */
  key: string;
  kind: 'rule' | 'derived' | 'row' | 'test' | 'meta' | 'decision' | 'table' | 'file';
  /** Human label, e.g. "regel rtp.tariefgroep.overleg". */
  label: string;
  change: 'added' | 'removed' | 'changed';
  file: string;
}

const stable = (v: unknown): string =>
  v === null || typeof v !== 'object' ? JSON.stringify(v) ?? 'null'
    : Array.isArray(v) ? `[${v.map(stable).join(',')}]`
      : `{${Object.keys(v as object).sort().map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(',')}}`;

/** A file's items by key; `value` is a digest of the item's content (only compared, never shown). */
export type Items = Map<string, { kind: ItemChange['kind']; label: string; value: string }>;

const digest = (v: unknown) => createHash('sha1').update(stable(v)).digest('base64');

/** The items of one file (parsing it: costly on large files, so the service runs it in the check pool, item-index.ts). */
export function itemsOf(path: string, text: string | undefined): Items | 'unreadable' {
  const items: Items = new Map();
  if (text === undefined) return items;
  let data: unknown;
  try { data = readYamlData(text); } catch { return 'unreadable'; } // bounded: a hostile file costs one scan
  if (!data || typeof data !== 'object' || Array.isArray(data)) return 'unreadable';
  const d = data as Record<string, unknown>;
  const rest = path.split('/').slice(2).join('/');
  const put = (key: string, kind: ItemChange['kind'], label: string, value: unknown) => items.set(key, { kind, label, value: digest(value) });
  const list = (v: unknown) => (Array.isArray(v) ? v : []) as Record<string, unknown>[];
  const others = (prefix: string, kind: ItemChange['kind'], label: string, skip: string[]) => {
    for (const [k, v] of Object.entries(d)) if (!skip.includes(k)) put(`${prefix}.${k}`, kind, `${label} ${k}`, v);
  };
  if (rest.startsWith('decisions/')) {
    const id = String(d.id ?? rest);
    for (const r of list(d.rules)) put(`rule:${String(r?.id)}`, 'rule', `regel ${String(r?.id)}`, r);
    const def = d.default as Record<string, unknown> | undefined;
    if (def) put(`rule:${String(def.id)}`, 'rule', `regel ${String(def.id)}`, def);
    for (const [name, v] of Object.entries((d.derived ?? {}) as Record<string, unknown>)) put(`derived:${id}.${name}`, 'derived', `afgeleid feit ${name} van ${id}`, v);
    others(`decision:${id}`, 'decision', `beslissing ${id}:`, ['rules', 'default', 'derived']);
  } else if (rest.startsWith('tables/')) {
    const id = String(d.id ?? rest);
    const keys = Array.isArray(d.keys) ? (d.keys as string[]) : [];
    for (const row of list(d.rows)) {
      const k = `${keys.map((c) => stable(row?.[c] ?? null)).join('|')}@${String(row?.from ?? '')}`;
      put(`row:${id}:${k}`, 'row', `rij ${keys.map((c) => `${c}=${stable(row?.[c] ?? null)}`).join(', ')}${row?.from ? ` vanaf ${String(row.from)}` : ''} van tabel ${id}`, row);
    }
    others(`table:${id}`, 'table', `tabel ${id}:`, ['rows']);
  } else if (rest.startsWith('tests/')) {
    const decision = String(d.decision ?? rest);
    for (const c of list(d.cases)) put(`test:${decision}:${String(c?.name)}`, 'test', `testgeval "${String(c?.name)}" (${decision})`, c);
    others(`tests:${rest}`, 'file', `testbestand ${rest}:`, ['cases']);
  } else {
    for (const [k, v] of Object.entries(d)) put(`meta:${k}`, 'meta', `versiegegeven ${k}`, v);
  }
  return items;
}

/** Item changes between the base version's files and the proposal's changed files (same paths). */
export function itemChanges(base: RuleFiles, changed: { path: string; text: string }[]): ItemChange[] {
  return changed.flatMap((f) => fileChanges(f.path, base.get(f.path), f.text, itemsOf(f.path, base.get(f.path)), itemsOf(f.path, f.text)));
}

/** One file's item changes from its items before (`baseText`, undefined for a new file) and after. */
export function fileChanges(path: string, baseText: string | undefined, text: string, before: Items | 'unreadable', after: Items | 'unreadable'): ItemChange[] {
  const out: ItemChange[] = [];
  if (before === 'unreadable' || after === 'unreadable') {
    if (baseText !== text) out.push({ key: `file:${path}`, kind: 'file', label: `bestand ${path}`, change: baseText !== undefined ? 'changed' : 'added', file: path });
    return out;
  }
  for (const [key, a] of after) {
    const b = before.get(key);
    if (!b) out.push({ key, kind: a.kind, label: a.label, change: 'added', file: path });
    else if (b.value !== a.value) out.push({ key, kind: a.kind, label: a.label, change: 'changed', file: path });
  }
  for (const [key, b] of before) if (!after.has(key)) out.push({ key, kind: b.kind, label: b.label, change: 'removed', file: path });
  return out;
}
