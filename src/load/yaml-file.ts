import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic } from './diagnostics.js';
import { toPointer } from './diagnostics.js';

export type DataPath = readonly (string | number)[];

export interface Position {
  line: number;
  column: number;
}

/** A parsed YAML file that can tell where any data path sits in the text. */
export interface YamlFile {
  file: string;
  text: string;
  data: unknown;
  doc: Document;
  /** Syntax errors (and duplicate keys) found by the parser. */
  diagnostics: Diagnostic[];
  /** Position of the value at `path`, or of its key when `key` is set; falls back to the nearest existing ancestor. */
  locate(path: DataPath, key?: boolean): Position;
  /** A diagnostic at `path`. */
  at(path: DataPath, code: Diagnostic['code'], message: string, key?: boolean): Diagnostic;
}

export function parseYamlFile(file: string, text: string): YamlFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  const pos = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  // After a syntax error the parser reports every following token as unexpected too: show the first
  // error (with how many followed) and every duplicate key, which stands on its own.
  const [first, ...rest] = doc.errors.filter((e) => e.code !== 'DUPLICATE_KEY');
  const followed = rest.length ? ` (en ${rest.length} vervolgfout${rest.length === 1 ? '' : 'en'} daarna)` : '';
  const diagnostics: Diagnostic[] = doc.errors.filter((e) => e === first || e.code === 'DUPLICATE_KEY').map((e) => {
    const p = pos(e.pos[0]);
    return { code: 'yaml_syntax', message: `YAML-fout: ${firstLine(e.message)}${e === first ? followed : ''}`, file, ...p };
  });
  const data = doc.errors.length ? undefined : doc.toJS({ maxAliasCount: 100 });

  const locate = (path: DataPath, key = false): Position => {
    let node: unknown = doc.contents;
    let best: Position = node && (node as Node).range ? pos((node as Node).range![0]) : { line: 1, column: 1 };
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) return best;
        const keyNode = pair.key as Node;
        if (keyNode.range) best = pos(keyNode.range[0]);
        if (last && key) return best;
        node = pair.value;
        if (node && (node as Node).range) best = pos((node as Node).range![0]);
      } else if (isSeq(node) && typeof seg === 'number' || (isSeq(node) && /^\d+$/.test(String(seg)))) {
        const item = (node as { items: unknown[] }).items[Number(seg)];
        if (!item) return best;
        node = item;
        if ((node as Node).range) best = pos((node as Node).range![0]);
      } else {
        return best;
      }
    }
    return best;
  };

  const at = (path: DataPath, code: Diagnostic['code'], message: string, key = false): Diagnostic => ({
    code,
    message,
    file,
    ...locate(path, key),
    pointer: toPointer(path),
  });

  return { file, text, data, doc, diagnostics, locate, at };
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}
