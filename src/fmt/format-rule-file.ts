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
import { isMap, isPair, isScalar, isSeq, parseDocument, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';
import type { Diagnostic } from '../load/diagnostics.js';
import { kindOf } from '../load/load-rules.js';
import type { RuleFileKind } from '../load/rule-file-schema.js';
import { parseYamlFile } from '../load/yaml-file.js';
import { keyOrder } from './key-order.js';

export type FormatResult = { ok: true; text: string; changed: boolean } | { ok: false; diagnostics: Diagnostic[] };

const ROW_META = ['from', 'until', 'illustrative', 'source'];
const INLINE_LIST_MAX = 100;

function keyOf(p: unknown): string {
  return isPair(p) && isScalar(p.key) ? String(p.key.value) : '';
}

function reorder(map: YAMLMap, order: string[]) {
  const rank = (k: string) => {
    const i = order.indexOf(k);
    return i < 0 ? order.length : i;
  };
  // A stable sort keeps unknown keys in their original order, after the known ones.
  map.items = map.items.map((p, i) => ({ p, i })).sort((a, b) => rank(keyOf(a.p)) - rank(keyOf(b.p)) || a.i - b.i).map((x) => x.p);
}

function get(map: YAMLMap, key: string): Node | undefined {
  const pair = map.items.find((p) => keyOf(p) === key);
  return (pair?.value ?? undefined) as Node | undefined;
}

function scalarsOnly(node: YAMLSeq | YAMLMap): boolean {
  return node.items.every((x) => (isPair(x) ? isScalar(x.value) || x.value === null : isScalar(x)));
}

function shortEnough(node: YAMLSeq | YAMLMap): boolean {
  return String(node).length <= INLINE_LIST_MAX;
}

/** Free data (facts, params, values): small flat maps and scalar lists inline, the rest in block style. */
function styleData(node: unknown) {
  if (isMap(node) || isSeq(node)) {
    setFlow(node, scalarsOnly(node) && node.items.length <= 8 && shortEnough(node));
    for (const x of node.items) styleData(isPair(x) ? x.value : x);
  }
}

function styleList(node: unknown) {
  if (isSeq(node)) setFlow(node, scalarsOnly(node) && shortEnough(node));
}

/**
 * True when a comment sits inside a node (on any part below it, or after it):
 * such a node stays in block style, because a comment inside a flow collection
 * would break it over several lines. A comment line above the node itself is
 * fine, it stays above it.
 */
function hasComment(node: unknown): boolean {
  const own = (n: unknown) => !!n && typeof n === 'object' && (!!(n as Node).comment || !!(n as Node).commentBefore);
  const inside = (n: unknown): boolean =>
    (isMap(n) || isSeq(n)) &&
    n.items.some((x) => (isPair(x) ? own(x.key) || own(x.value) || inside(x.value) : own(x) || inside(x)));
  return inside(node);
}

/** Flow style when asked for and no comment would be lost in it; block style otherwise. */
function setFlow(node: YAMLMap | YAMLSeq, flow: boolean) {
  node.flow = flow && !hasComment(node);
}

function styleCondition(node: unknown) {
  if (!isMap(node)) return;
  reorder(node, keyOrder('condition'));
  const leaf = node.items.some((p) => keyOf(p) === 'fact' || keyOf(p) === 'expr');
  if (leaf) {
    const value = get(node, 'value');
    if (isMap(value) || isSeq(value)) setFlow(value, true);
    setFlow(node, true);
    return;
  }
  node.flow = false;
  for (const k of ['all', 'any']) {
    const list = get(node, k);
    if (isSeq(list)) {
      list.flow = false;
      list.items.forEach(styleCondition);
    }
  }
  const not = get(node, 'not');
  if (not) styleCondition(not);
}

function styleThen(node: unknown) {
  if (!isMap(node)) return;
  reorder(node, keyOrder('then'));
  node.flow = false;
  const params = get(node, 'params');
  if (isMap(params)) setFlow(params, scalarsOnly(params) && shortEnough(params));
}

function blockItems(list: unknown, each: (item: YAMLMap, i: number) => void, spaced = false) {
  if (!isSeq(list)) return;
  list.flow = false;
  list.items.forEach((item, i) => {
    if (!isMap(item)) return;
    item.flow = false;
    if (spaced) (item as Node).spaceBefore = i > 0;
    each(item, i);
  });
}

function styleRuleset(root: YAMLMap) {
  reorder(root, keyOrder('ruleset'));
  styleList(get(root, 'basis'));
  blockItems(get(root, 'changelog'), (entry) => {
    reorder(entry, ['change', 'source', 'rules']);
    styleList(get(entry, 'rules'));
  });
}

function styleDecision(root: YAMLMap) {
  reorder(root, keyOrder('decision'));
  styleList(get(root, 'outcomes'));
  const derived = get(root, 'derived');
  if (isMap(derived)) {
    derived.flow = false;
    for (const p of derived.items) {
      if (isPair(p) && isMap(p.value)) {
        reorder(p.value, keyOrder('derivedFact'));
        p.value.flow = false;
      }
    }
  }
  blockItems(get(root, 'rules'), (rule) => {
    reorder(rule, keyOrder('rule'));
    styleCondition(get(rule, 'when'));
    styleThen(get(rule, 'then'));
  }, true);
  const def = get(root, 'default');
  if (isMap(def)) {
    reorder(def, ['id', 'title', 'source', 'then']); // the order of $defs/decision/properties/default
    def.flow = false;
    styleThen(get(def, 'then'));
  }
}

function styleTable(root: YAMLMap) {
  reorder(root, keyOrder('table'));
  styleList(get(root, 'keys'));
  const columns = get(root, 'columns');
  const names: string[] = [];
  if (isMap(columns)) {
    columns.flow = false;
    for (const p of columns.items) {
      names.push(keyOf(p));
      if (isPair(p) && isMap(p.value)) {
        reorder(p.value, ['type', 'range', 'nullable', 'title']);
        setFlow(p.value, true);
      }
    }
  }
  const rows = get(root, 'rows');
  if (isSeq(rows)) {
    rows.flow = false;
    for (const row of rows.items) {
      if (!isMap(row)) continue;
      reorder(row, [...names, ...ROW_META]);
      for (const p of row.items) if (isPair(p) && isMap(p.value)) setFlow(p.value, true);
      setFlow(row, true);
    }
  }
}

function styleTests(root: YAMLMap) {
  reorder(root, keyOrder('testSuite'));
  blockItems(get(root, 'cases'), (c) => {
    reorder(c, keyOrder('testCase'));
    const facts = get(c, 'facts');
    if (isMap(facts)) {
      facts.flow = false;
      for (const p of facts.items) styleData(isPair(p) ? p.value : undefined);
    }
    const expect = get(c, 'expect');
    if (isMap(expect)) {
      reorder(expect, ['outcome', 'codes', 'fires', 'notFires', 'params']); // the order of testCase/properties/expect
      expect.flow = false;
      for (const k of ['codes', 'fires', 'notFires']) styleList(get(expect, k));
      const params = get(expect, 'params');
      if (isMap(params)) {
        params.flow = false;
        for (const p of params.items) styleData(isPair(p) ? p.value : undefined);
      }
    }
  }, true);
}

/** Clears explicit scalar styles so the printer picks plain, or double quotes where plain would change the value. */
function plainScalars(node: unknown) {
  if (isScalar(node)) {
    if (typeof node.value === 'string' && !node.value.includes('\n')) node.type = Scalar.PLAIN;
    else if (typeof node.value === 'string') node.type = Scalar.BLOCK_LITERAL;
    else node.type = undefined;
    if (node.format) node.format = undefined;
    // Without its source text a null prints as null (not ~) and a boolean as true/false (not True).
    if (node.value === null || typeof node.value === 'boolean') node.source = undefined;
    if (typeof node.value === 'number') node.minFractionDigits = undefined; // 1.50 -> 1.5
    return;
  }
  if (isMap(node) || isSeq(node)) {
    for (const x of node.items) {
      if (isPair(x)) {
        plainScalars(x.key);
        plainScalars(x.value);
      } else plainScalars(x);
    }
  }
}

/**
 * Blank lines are part of the canonical form too: none, except between rules
 * and between test cases (set by the stylers), and where one stands above a
 * comment (a group the author marked).
 */
function clearBlankLines(node: unknown) {
  if (!node || typeof node !== 'object') return;
  const n = node as Node;
  if (n.spaceBefore && !n.commentBefore) n.spaceBefore = false;
  if (isMap(node) || isSeq(node)) {
    for (const x of node.items) {
      if (isPair(x)) {
        clearBlankLines(x.key);
        clearBlankLines(x.value);
      } else clearBlankLines(x);
    }
  }
}

/**
 * A comment after the last line of a block collection is printed indented
 * under it, and on the next read it swallows the comment lines that follow
 * (above the next rule, say), so the output would differ each run. Such a
 * trailing comment moves to the top of whatever comes next; at the end of the
 * file it becomes the file's closing comment. Flow collections keep theirs: it
 * stays on their line.
 */
function hoistTrailingComments(node: unknown): string | undefined {
  if (!isMap(node) && !isSeq(node)) return undefined;
  const items = node.items as unknown[];
  let carry: string | undefined;
  const prepend = (target: Node | null | undefined, text: string) => {
    if (target && typeof target === 'object') target.commentBefore = [text, target.commentBefore].filter(Boolean).join('\n');
  };
  for (const x of items) {
    const head = (isPair(x) ? x.key : x) as Node | null;
    if (carry) {
      prepend(head, carry);
      carry = undefined;
    }
    carry = hoistTrailingComments(isPair(x) ? x.value : x);
  }
  if (carry) node.comment = [carry, node.comment].filter(Boolean).join('\n');
  if (!node.flow && node.comment) {
    const text = node.comment;
    node.comment = undefined;
    return text;
  }
  return undefined;
}

/** An empty list or map reads best as [] or {} on its key's line, whatever a styler chose. */
function flowEmpty(node: unknown) {
  if (!isMap(node) && !isSeq(node)) return;
  if (node.items.length === 0) node.flow = true;
  for (const x of node.items) flowEmpty(isPair(x) ? x.value : x);
}

const STYLERS: Record<RuleFileKind, (root: YAMLMap) => void> = {
  ruleset: styleRuleset,
  decision: styleDecision,
  table: styleTable,
  testSuite: styleTests,
};

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
  const out = doc.toString({ indent: 2, indentSeq: true, lineWidth: 0, minContentWidth: 0, singleQuote: false, flowCollectionPadding: true, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN' });
  return { ok: true, text: out, changed: out !== text };
}
