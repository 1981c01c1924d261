/**
 * Completion and hover for facts in decision files: after `fact:` the editor offers the
 * decision's facts (from its facts JSON Schema, the same files the server validates with,
 * bundled at build time) and its derived facts (from the file itself), with their Dutch
 * titles, instead of words that happen to occur in the file.
 */
import { monaco } from './monaco-setup.js';

export type Schema = { title?: string; description?: string; type?: string | string[]; enum?: unknown[]; format?: string; properties?: Record<string, Schema>; required?: string[]; items?: Schema; anyOf?: Schema[]; minimum?: number; maximum?: number; $ref?: string };

/** The facts schemas of schemas/facts by name (e.g. "rtp-tariefgroep"), bundled at build time. */
export const schemas: Record<string, Schema> = Object.fromEntries(Object.entries(import.meta.glob('../../schemas/facts/*.schema.json', { eager: true, import: 'default' }))
  .map(([file, schema]) => [file.split('/').pop()!.replace('.schema.json', ''), schema as Schema]));

interface FactInfo { path: string; detail: string; doc: string }

/** Every fact path of a schema, dotted (toewijzing.ingangsdatum); arrays add their items' fields (uren.tariefgroep). */
function factPaths(s: Schema, prefix = '', out: FactInfo[] = [], depth = 0): FactInfo[] {
  if (depth > 6) return out;
  for (const [name, p] of Object.entries(s.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    const type = p.enum ? `een van ${p.enum.map((v) => JSON.stringify(v)).join(', ')}` : [p.type ?? (p.properties ? 'object' : '')].flat().join(' of ') + (p.format === 'date' ? ' (datum)' : '');
    out.push({ path, detail: `feit · ${type}`, doc: [p.title, p.description].filter(Boolean).join(': ') });
    if (p.properties) factPaths(p, path, out, depth + 1);
    if (p.items?.properties) factPaths(p.items, path, out, depth + 1);
  }
  return out;
}

/** The facts a decision file may name: its schema's facts and its own derived facts. */
function factsOf(text: string): FactInfo[] {
  const schemaName = /^facts:\s*([\w-]+)/m.exec(text)?.[1];
  const facts = schemaName && schemas[schemaName] ? factPaths(schemas[schemaName]) : [];
  const block = /^derived:\s*\n((?:[ \t]+.*\n|\s*\n)*)/m.exec(text)?.[1] ?? '';
  for (const m of block.matchAll(/^ {2}(\w+):\s*(?:\n {4}title:\s*(.*))?/gm)) facts.push({ path: m[1], detail: 'afgeleid feit (uit dit bestand)', doc: m[2]?.trim() ?? '' });
  return facts;
}

const isDecision = (model: monaco.editor.ITextModel) => /\/decisions\/[^/]+\.yaml$/.test(model.uri.path);

let registered = false;
export function registerFactCompletion() {
  if (registered) return;
  registered = true;
  monaco.languages.registerCompletionItemProvider('yaml', {
    triggerCharacters: [' ', ':', '.'],
    provideCompletionItems(model, position) {
      if (!isDecision(model)) return { suggestions: [] };
      const before = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      const m = /\bfact:\s*([\w.]*)$/.exec(before);
      if (!m) return { suggestions: [] };
      const range = new monaco.Range(position.lineNumber, position.column - m[1].length, position.lineNumber, position.column);
      return {
        suggestions: factsOf(model.getValue()).map((f, i) => ({
          label: f.path, kind: monaco.languages.CompletionItemKind.Field, insertText: f.path, range, detail: f.detail,
          documentation: f.doc, sortText: String(i).padStart(4, '0'),
        })),
      };
    },
  });
  monaco.languages.registerHoverProvider('yaml', {
    provideHover(model, position) {
      if (!isDecision(model)) return null;
      const line = model.getLineContent(position.lineNumber);
      for (const m of line.matchAll(/\bfact:\s*([\w.]+)/g)) {
        const start = m.index + m[0].length - m[1].length + 1;
        if (position.column < start || position.column > start + m[1].length) continue;
        const f = factsOf(model.getValue()).find((x) => x.path === m[1]);
        return { range: new monaco.Range(position.lineNumber, start, position.lineNumber, start + m[1].length), contents: [{ value: f ? `**${f.path}** (${f.detail})${f.doc ? `\n\n${f.doc}` : ''}` : `**${m[1]}**: geen feit van deze beslissing` }] };
      }
      return null;
    },
  });
}
