/**
 * A semantic diff (rules, table rows, derived facts, metadata) in plain Dutch: table
 * rows as old -> new values per column with their dates, money in euros.
 */
import { h } from './dom.js';
import { cell, date } from './format.js';

type DiffRef = { source?: string; fields?: string[] };
export interface RowDiff extends DiffRef { table: string; key: Record<string, unknown>; from?: string; until?: string; values: Record<string, unknown>; before?: Record<string, unknown>; money?: string[] }
export interface SemanticDiffView {
  rules: Record<string, ({ id: string; title?: string } & DiffRef)[]>;
  rows: Record<string, RowDiff[]>;
  metadata?: { field: string; from: unknown; to: unknown }[];
  derived?: Record<string, string[]>;
  /** Money values that move by more than 20% (the server's message says which and by how much). */
  amountWarnings?: { message: string }[];
}

const FIELD_NL: Record<string, string> = { title: 'titel', source: 'bron', priority: 'prioriteit', when: 'voorwaarden', then: 'uitkomst', illustrative: 'illustratief', note: 'toelichting' };
const META_NL: Record<string, string> = { version: 'versie', status: 'status', title: 'titel', validFrom: 'geldig vanaf', validTo: 'geldig tot en met', issuer: 'uitgever', basis: 'grondslag', changelog: 'wijzigingen' };
const WORD = { added: 'toegevoegd', removed: 'verwijderd', changed: 'gewijzigd' } as const;

const period = (r: RowDiff) => (r.from ? `geldig vanaf ${date(r.from)}` : 'zonder ingangsdatum') + (r.until ? ` t/m ${date(r.until)}` : '');
const keyText = (r: RowDiff) => Object.entries(r.key).filter(([, v]) => v !== null).map(([k, v]) => `${k} ${cell(v)}`).join(', ');

/** One row change: its table, key and dates, and a column | oud | nieuw table. */
function rowItem(kind: keyof typeof WORD, r: RowDiff): HTMLElement {
  const money = new Set(r.money ?? []);
  const old = kind === 'added' ? {} : kind === 'removed' ? r.values : (r.before ?? {});
  const now = kind === 'removed' ? {} : r.values;
  const columns = [...new Set([...Object.keys(old), ...Object.keys(now)])].filter((c) => kind !== 'changed' || JSON.stringify(old[c]) !== JSON.stringify(now[c]));
  return h('li', { class: 'row-change', 'data-kind': kind },
    h('div', {}, h('strong', {}, `Rij ${WORD[kind]} in tabel ${r.table}`), `: ${keyText(r) || 'rij'} · ${period(r)}`),
    h('table', { class: 'compact' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Kolom'), h('th', {}, 'Oud'), h('th', {}, 'Nieuw'))),
      h('tbody', {}, ...columns.map((c) => h('tr', {}, h('td', {}, c),
        h('td', { class: kind === 'added' ? 'muted' : 'old' }, c in old ? cell(old[c], money.has(c)) : '—'),
        h('td', { class: kind === 'removed' ? 'muted' : 'new' }, c in now ? cell(now[c], money.has(c)) : '—'))))),
    r.source ? h('div', { class: 'muted' }, `bron: ${r.source}`) : null);
}

export function semanticList(sem: SemanticDiffView): HTMLElement {
  const items: Node[] = (sem.amountWarnings ?? []).map((w) => h('li', { class: 'note', 'data-testid': 'amount-warning' }, `Let op: ${w.message}`));
  const source = (x: DiffRef) => (x.source ? h('div', { class: 'muted' }, `bron: ${x.source}`) : null);
  for (const m of sem.metadata ?? []) if (!['version', 'status', 'changelog'].includes(m.field)) items.push(h('li', {}, `${META_NL[m.field] ?? m.field}: ${cell(m.from)} → ${cell(m.to)}`));
  for (const kind of ['added', 'removed', 'changed'] as const) {
    for (const r of sem.rules[kind] ?? []) items.push(h('li', {}, `Regel ${WORD[kind]}: ${r.id}${r.title ? ` (${r.title})` : ''}${r.fields?.length ? ` – ${r.fields.map((f) => FIELD_NL[f] ?? f).join(', ')}` : ''}`, source(r)));
    for (const name of sem.derived?.[kind] ?? []) items.push(h('li', {}, `Afgeleid feit ${WORD[kind]}: ${name}`));
    for (const r of sem.rows[kind] ?? []) items.push(rowItem(kind, r));
  }
  return h('ul', { class: 'problems changes', 'data-testid': 'semantic-diff' }, ...(items.length ? items : [h('li', {}, 'Geen inhoudelijke verschillen.')]));
}

/**
 * Row changes that can never take effect (src/diff/without-effect.ts): the server's messages name table,
 * row, file, line and dates. Shown to the author while typing and after submitting, and to the reviewer.
 */
export function withoutEffectNote(list: { message: string }[], startsOn: string): HTMLElement {
  return h('div', { class: 'card warn', 'data-testid': 'without-effect', role: 'alert' },
    h('strong', {}, `Zonder effect: ${list.length === 1 ? 'deze wijziging geldt' : `${list.length} wijzigingen gelden`} alleen vóór ${date(startsOn)}`),
    h('p', {}, `Zonder terugwerkende kracht gaat een nieuwe versie hiermee op zijn vroegst in op ${date(startsOn)}; een eerdere datum beantwoordt de versie die dan geldt. Vaststellen vanaf die datum wordt zo geweigerd.`),
    h('ul', { class: 'problems' }, ...list.map((w) => h('li', { class: 'bad' }, w.message.charAt(0).toUpperCase() + w.message.slice(1)))));
}
