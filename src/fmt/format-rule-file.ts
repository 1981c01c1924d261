/**
 * One canonical form for rule files, so a git diff shows only what changed:
 * keys in schema order, table rows and condition comparisons on one line,
 * lists of short scalars inline, everything else in block style, strings
 * plain unless they need (double) quotes, no folding. Comments are kept.
 * Free data in tests (facts, expected params) is written as it reads best:
 * a small flat map on one line, anything nested in block style.
 *
 * Long strings and expressions stay on one line however long (lineWidth 0):
 * a folded `>-` block reads back as the same one-line string, so it is printed
 * plain, and an edit to it shows as a one-line diff. Only a string that really
 * contains line breaks becomes a literal `|` block.
 */
import { isMap, isPair, parseDocument, type Node } from 'yaml';
import type { Diagnostic } from '../load/diagnostics.js';
import { kindOf } from '../load/load-rules.js';
import type { RuleFileKind } from '../load/rule-file-schema.js';
import { parseYamlFile } from '../load/yaml-file.js';
import { clearBlankLines, flowEmpty, hoistTrailingComments, plainScalars } from './normalize.js';
import { CANONICAL_PRINT } from './print-options.js';
import { STYLERS } from './style-kinds.js';

export type FormatResult = { ok: true; text: string; changed: boolean } | { ok: false; diagnostics: Diagnostic[] };

/** The kind of a rule file from the end of its path, so a file named on the command line works from any folder. */
export function kindOfPath(path: string): RuleFileKind | undefined {
  const parts = path.split(/[\\/]/);
  const [dir, name] = [parts.at(-2), parts.at(-1) ?? ''];
  if (name === 'ruleset.yaml') return 'ruleset';
  if (!/\.ya?ml$/.test(name)) return undefined;
  return dir === 'decisions' ? 'decision' : dir === 'tables' ? 'table' : dir === 'tests' ? 'testSuite' : kindOf(path);
}

/** Formats one rule file; `kind` defaults to what its path says (ruleset.yaml, decisions/, tables/, tests/). */
export function formatRuleFile(path: string, text: string, kind = kindOfPath(path)): FormatResult {
  const checked = parseYamlFile(path, text);
  if (checked.diagnostics.length) return { ok: false, diagnostics: checked.diagnostics };
  const doc = parseDocument(text, { keepSourceTokens: false });
  const root = doc.contents;
  // An empty file (or one with only comments) has nothing to order; printing it would add "null".
  if (root === null) return { ok: true, text, changed: false };
  // A comment above the first key belongs to the file, not to that key: keep it on top after reordering.
  if (isMap(root) && root.items.length && isPair(root.items[0]) && (root.items[0].key as Node | null)?.commentBefore) {
    const key = root.items[0].key as Node;
    doc.commentBefore = [doc.commentBefore, key.commentBefore].filter(Boolean).join('\n');
    key.commentBefore = undefined;
  }
  plainScalars(root);
  clearBlankLines(root);
  if (isMap(root) && kind) STYLERS[kind](root);
  flowEmpty(root);
  const tail = hoistTrailingComments(root);
  if (tail) doc.comment = [tail, doc.comment].filter(Boolean).join('\n');
  const out = doc.toString(CANONICAL_PRINT);
  return { ok: true, text: out, changed: out !== text };
}
