/**
 * Reads an XML text into a small element tree with positions, using saxes (a
 * strict, non-validating parser that never processes a DTD). Hostile input is
 * refused before it can cost anything: any DOCTYPE (so no external entity and
 * no entity expansion, ever), undefined entities, depth beyond maxDepth and
 * more than maxElements elements. Text stays text: "0148" keeps its zero.
 * The text is fed to the parser in chunks with a turn of the event loop in
 * between, so a large message never stalls other requests.
 */
import { SaxesParser } from 'saxes';
import type { MessageProblem } from './errors.js';

export interface XmlElement {
  /** Local name (without prefix). */
  name: string;
  ns: string;
  children: XmlElement[];
  text: string;
  line: number;
  column: number;
  path: string;
}

export interface TreeLimits {
  maxDepth: number;
  maxElements: number;
}

export type TreeResult = { ok: true; root: XmlElement } | { ok: false; problem: MessageProblem };

class Stop extends Error {
  constructor(readonly problem: MessageProblem) {
    super(problem.message);
  }
}

const CHUNK = 256 * 1024;
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function parseXmlTree(xml: string, limits: TreeLimits): Promise<TreeResult> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let count = 0;
  // Children seen per parent and name, for the [n] in paths (counting by filter would be quadratic).
  const seen = new WeakMap<XmlElement, Map<string, number>>();
  const at = (path: string, message: string): MessageProblem => ({ path, line: parser.line, column: parser.column, message });
  const here = () => (stack.length ? stack[stack.length - 1].path : '/');

  parser.on('doctype', () => {
    throw new Stop(at('/', 'een DOCTYPE (DTD) is niet toegestaan; entiteiten worden nooit verwerkt'));
  });
  parser.on('processinginstruction', (pi) => {
    throw new Stop(at(here(), `verwerkingsinstructie <?${pi.target.slice(0, 20)}?> is niet toegestaan`));
  });
  parser.on('opentag', (tag) => {
    count++;
    const parent = stack[stack.length - 1];
    if (stack.length >= limits.maxDepth) throw new Stop(at(here(), `elementen zijn dieper genest dan ${limits.maxDepth} niveaus`));
    if (count > limits.maxElements) throw new Stop(at(here(), `meer dan ${limits.maxElements} elementen`));
    if (!parent && root) throw new Stop(at('/', 'meer dan een hoofdelement'));
    let names = parent && seen.get(parent);
    if (parent && !names) seen.set(parent, (names = new Map()));
    const same = names ? names.get(tag.local) ?? 0 : 0;
    names?.set(tag.local, same + 1);
    const path = `${parent ? parent.path : ''}/${tag.local}${same ? `[${same + 1}]` : ''}`;
    const el: XmlElement = { name: tag.local, ns: tag.uri, children: [], text: '', line: parser.line, column: parser.column, path };
    if (parent) parent.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('text', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on('cdata', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  try {
    for (let at = 0; at < xml.length; ) {
      let end = Math.min(xml.length, at + CHUNK);
      // Never cut a surrogate pair in two.
      if (end < xml.length && /[\uDC00-\uDFFF]/.test(xml[end])) end--;
      parser.write(xml.slice(at, end));
      at = end;
      if (at < xml.length) await pause();
    }
    parser.close();
  } catch (e) {
    if (e instanceof Stop) return { ok: false, problem: e.problem };
    // saxes reports well-formedness errors as "line:column: message"; the position is ours, the text theirs.
    const msg = String((e as Error).message ?? e).replace(/^\d+:\d+:\s*/, '');
    return { ok: false, problem: at(here(), `geen goedgevormde XML: ${msg}`) };
  }
  if (!root) return { ok: false, problem: at('/', 'geen hoofdelement') };
  return { ok: true, root };
}
