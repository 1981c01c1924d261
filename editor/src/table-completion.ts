/**
 * Completion and hover for the version's tables and their columns (table-columns.ts):
 * - in expressions of decision files: the table argument of lookup/lookupAt/lookupEach/values
 *   offers the version's tables, the column argument that table's columns, with type and
 *   Dutch description; hovering either shows what it is;
 * - in table files: the keys of a row (flow `{ … }` or block style) and of `keys: [ … ]` offer
 *   the table's own columns not yet used; hovering a column name shows its description.
 * The tables come from the open draft (setVersionFiles), so a column added a minute ago is offered.
 */
import { monaco } from './monaco-setup.js';
import { blockOf, columnDetail, columnDescription, columnHover, expressionSlot, readTable, tableHover, tablesOf, type TableInfo } from './table-columns.js';

/** The files of the version open in the editor (path -> draft text), or nothing when none is open. */
let versionFiles: () => Map<string, string> = () => new Map();
export function setVersionFiles(files: () => Map<string, string>) {
  versionFiles = files;
}

const pathOf = (model: monaco.editor.ITextModel) => model.uri.path.replace(/^\//, '');
/** The tables of the model's version, the model's own text taking precedence over the draft's. */
function tablesFor(model: monaco.editor.ITextModel): TableInfo[] {
  const files = new Map(versionFiles());
  const path = pathOf(model);
  files.set(path, model.getValue());
  const version = path.split('/').slice(0, 2).join('/') + '/';
  return tablesOf(new Map([...files].filter(([p]) => p.startsWith(version))));
}
const isDecision = (model: monaco.editor.ITextModel) => /\/decisions\/[^/]+\.yaml$/.test(model.uri.path);
const isTable = (model: monaco.editor.ITextModel) => /\/tables\/[^/]+\.yaml$/.test(model.uri.path);

const columnItems = (t: TableInfo, range: monaco.IRange, skip: Set<string> = new Set()): monaco.languages.CompletionItem[] =>
  t.columns.filter((c) => !skip.has(c.name)).map((c, i) => ({
    label: { label: c.name, description: columnDetail(t, c) }, kind: monaco.languages.CompletionItemKind.Field, insertText: c.name, range,
    detail: `${columnDetail(t, c)} (tabel ${t.id})`, documentation: { value: columnDescription(t, c) }, sortText: `0${String(i).padStart(3, '0')}`,
  }));

/** Where in a table file a column name belongs: in a row's keys or in `keys: [ … ]`; the columns already there are skipped. */
function tableFileSlot(model: monaco.editor.ITextModel, lineNumber: number, before: string): { partial: string; used: Set<string> } | null {
  const lines = model.getLinesContent();
  const block = blockOf(lines, lineNumber - 1);
  if (block === 'keys') {
    const m = /^keys:\s*\[([^\]]*?)(\w*)$/.exec(before);
    return m ? { partial: m[2], used: new Set(m[1].split(',').map((s) => s.trim())) } : null;
  }
  if (block !== 'rows') return null;
  const flow = /[{,]\s*(\w*)$/.exec(before);
  if (flow && before.includes('{')) {
    const row = model.getLineContent(lineNumber);
    return { partial: flow[1], used: new Set([...row.matchAll(/(\w+)\s*:/g)].map((x) => x[1])) };
  }
  const blockKey = /^\s+(?:-\s+)?(\w*)$/.exec(before);
  if (!blockKey || /^rows:/.test(before)) return null;
  return { partial: blockKey[1], used: new Set() };
}

let registered = false;
export function registerTableCompletion() {
  if (registered) return;
  registered = true;
  monaco.languages.registerCompletionItemProvider('yaml', {
    triggerCharacters: ['(', ',', ' ', '{', '['],
    provideCompletionItems(model, position) {
      const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      const word = (partial: string) => new monaco.Range(position.lineNumber, position.column - partial.length, position.lineNumber, position.column);
      if (isDecision(model)) {
        const tables = tablesFor(model);
        const slot = expressionSlot(before, tables);
        if (!slot) return { suggestions: [] };
        if (slot.kind === 'column') return { suggestions: slot.table ? columnItems(slot.table, word(slot.partial)) : [] };
        return {
          suggestions: tables.map((t, i) => ({
            label: { label: t.id, description: 'tabel' }, kind: monaco.languages.CompletionItemKind.Struct, insertText: t.id, range: word(slot.partial),
            detail: `tabel · sleutels: ${t.keys.join(', ')}`, documentation: { value: tableHover(t) }, sortText: `0${String(i).padStart(3, '0')}`,
          })),
        };
      }
      if (isTable(model)) {
        const slot = tableFileSlot(model, position.lineNumber, before);
        const own = readTable(pathOf(model), model.getValue()) ?? tablesFor(model).find((t) => t.file === pathOf(model));
        if (!slot || !own) return { suggestions: [] };
        return { suggestions: columnItems(own, word(slot.partial), slot.used) };
      }
      return { suggestions: [] };
    },
  });
  monaco.languages.registerHoverProvider('yaml', {
    provideHover(model, position) {
      if (!isDecision(model) && !isTable(model)) return null;
      const w = model.getWordAtPosition(position);
      if (!w) return null;
      const line = model.getLineContent(position.lineNumber);
      const range = new monaco.Range(position.lineNumber, w.startColumn, position.lineNumber, w.endColumn);
      const tables = tablesFor(model);
      if (isDecision(model)) {
        const slot = expressionSlot(line.slice(0, w.endColumn - 1), tables);
        if (!slot) return null;
        if (slot.kind === 'table') {
          const t = tables.find((x) => x.id === w.word);
          return { range, contents: [{ value: t ? tableHover(t) : `**${w.word}**: geen tabel van deze versie` }] };
        }
        const c = slot.table?.columns.find((x) => x.name === w.word);
        return { range, contents: [{ value: slot.table && c ? columnHover(slot.table, c) : `**${w.word}**: geen kolom van tabel ${slot.tableName}` }] };
      }
      // A table file: a column name as a row's key, in `columns:` or in `keys: [ … ]`.
      const own = tables.find((t) => t.file === pathOf(model));
      const c = own?.columns.find((x) => x.name === w.word);
      if (!own || !c) return null;
      const block = blockOf(model.getLinesContent(), position.lineNumber - 1);
      const isKey = /^\s*:/.test(line.slice(w.endColumn - 1));
      if ((block === 'rows' && isKey) || (block === 'columns' && isKey) || block === 'keys') return { range, contents: [{ value: columnHover(own, c) }] };
      return null;
    },
  });
}
