/**
 * The layout of each kind of rule file: keys in schema order, table rows and
 * condition comparisons on one line, lists of short scalars inline, the rest
 * in block style, a blank line between rules and between test cases.
 */
import { isMap, isPair, isSeq, type Node, type YAMLMap } from 'yaml';
import type { RuleFileKind } from '../load/rule-file-schema.js';
import { keyOrder } from './key-order.js';
import { get, keyOf, reorder, scalarsOnly, setFlow, shortEnough } from './nodes.js';

const ROW_META = ['from', 'until', 'illustrative', 'source'];

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

export const STYLERS: Record<RuleFileKind, (root: YAMLMap) => void> = {
  ruleset: styleRuleset,
  decision: styleDecision,
  table: styleTable,
  testSuite: styleTests,
};
