import { Document, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { Diagnostic } from './diagnostics.js';
import { toPointer } from './diagnostics.js';
import { parseLimits, type ParseLimits } from '../base/parse-limits.js';
import { scanYaml } from './yaml-scan.js';
import { dutchParserMessage } from './yaml-messages-nl.js';

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

/**
 * Parses one rule file within the limits of src/base/parse-limits.ts: a text over a limit is
 * not composed at all and gets one `limit_exceeded` diagnostic at the place
 * where the limit is crossed (so a hostile file costs one linear scan).
 */
export function parseYamlFile(file: string, text: string, limits: ParseLimits = parseLimits()): YamlFile {
  const scan = scanYaml(text, limits);
  if (scan.problem) return overLimit(file, text, scan.problem);
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
    return { code: 'yaml_syntax', message: `YAML-fout: ${dutchParserMessage(firstLine(e.message))}${e === first ? followed : ''}`, file, ...p };
  });
  let data: unknown;
  if (!doc.errors.length) {
    try {
      data = doc.toJS({ maxAliasCount: limits.yamlMaxAliasExpansion });
    } catch (e) {
      // yaml refuses an alias expansion beyond maxAliasCount (billion laughs); anything else is a bug.
      if (!/alias/i.test(String((e as Error)?.message))) throw e;
      diagnostics.push({
        code: 'limit_exceeded', file, ...pos(scan.firstAlias ?? 0),
        message: `verwijzingen (*naam) vermenigvuldigen de gegevens te sterk (limiet ${limits.yamlMaxAliasExpansion}, YAML_MAX_ALIAS_EXPANSION)`,
      });
    }
  }

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

/** A file that was not composed: one diagnostic, no data, an empty document. */
function overLimit(file: string, text: string, problem: { offset: number; message: string }): YamlFile {
  const { line, col } = linePos(text, problem.offset);
  const diagnostic: Diagnostic = { code: 'limit_exceeded', message: `te groot of te complex: ${problem.message}`, file, line, column: col };
  const locate = (): Position => ({ line: 1, column: 1 });
  return {
    file, text, data: undefined, doc: new Document(null), diagnostics: [diagnostic], locate,
    at: (path, code, message) => ({ code, message, file, line: 1, column: 1, pointer: toPointer(path) }),
  };
}

/** 1-based line and column of an offset. */
function linePos(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return { line, col: offset - text.lastIndexOf('\n', offset - 1) };
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

/**
 * The data of a YAML text within the parse limits, or undefined when it has a
 * syntax error or is over a limit: for readers that only need the data (item
 * changes of a proposal, ruleset dating) and must stay cheap on hostile text.
 */
export function readYamlData(text: string, limits: ParseLimits = parseLimits()): unknown {
  const f = parseYamlFile('', text, limits);
  return f.diagnostics.length ? undefined : f.data;
}
