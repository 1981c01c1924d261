/**
 * Text -> a checked element tree: well-formed XML within the limits
 * (xml-tree.ts), then the message structure (check-structure.ts). A message
 * that passes is read with the small helpers below, which may then assume
 * every required element is there and every value in its domain.
 */
import { checkStructure, Findings } from './check-structure.js';
import type { MessageProblem } from './errors.js';
import type { MessageStructure } from './structure.js';
import { parseXmlTree, type TreeLimits, type XmlElement } from './xml-tree.js';

export type Parsed<T> = { ok: true; message: T } | { ok: false; problems: MessageProblem[] };

export async function readMessage(xml: string, s: MessageStructure, limits: TreeLimits): Promise<Parsed<XmlElement>> {
  const tree = await parseXmlTree(xml, limits);
  if (!tree.ok) return { ok: false, problems: [tree.problem] };
  const found = new Findings();
  await checkStructure(tree.root, s, found);
  return found.count ? { ok: false, problems: found.all() } : { ok: true, message: tree.root };
}

/** The first child of that name (the structure check made sure of namespace and cardinality). */
export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

export function children(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** The child that the structure requires. */
export function must(el: XmlElement, name: string): XmlElement {
  const c = child(el, name);
  if (!c) throw new Error(`structure check let ${el.path} through without ${name}`);
  return c;
}

/** Text of a leaf along a path of child names; undefined when an optional step is absent. */
export function textAt(el: XmlElement, ...names: string[]): string | undefined {
  let cur: XmlElement | undefined = el;
  for (const n of names) cur = cur && child(cur, n);
  return cur?.text;
}

/** An integer leaf (xs:integer: surrounding whitespace and a leading + allowed). */
export function intAt(el: XmlElement, ...names: string[]): number | undefined {
  const t = textAt(el, ...names);
  return t === undefined ? undefined : Number(t.trim().replace(/^\+/, ''));
}

/** A date or time leaf (whitespace collapsed). */
export function dateAt(el: XmlElement, ...names: string[]): string | undefined {
  return textAt(el, ...names)?.trim();
}
