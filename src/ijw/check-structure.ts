/**
 * Checks an element tree against a message structure (structure.ts): namespace
 * of every element, order and cardinality of every sequence, unknown elements,
 * and the value domain of every leaf. Every problem names its position and
 * element path, in Dutch. Findings are capped as they are collected: beyond
 * the cap only a count is kept, so a message with half a million unknown
 * elements costs a counter, not half a million findings.
 */
import { MAX_DETAILS } from '../base/errors.js';
import { isIsoDate } from '../expr/dates.js';
import type { MessageProblem } from './errors.js';
import { IJW_NS } from './namespaces.js';
import type { ElementSpec, Leaf, MessageStructure } from './structure.js';
import type { XmlElement } from './xml-tree.js';

/** How many findings a message keeps (one detail is left for the count of the rest); further ones are only counted. */
export const MAX_FINDINGS = MAX_DETAILS - 1;

export class Findings {
  readonly list: MessageProblem[] = [];
  /** Findings beyond the cap, counted but not kept. */
  more = 0;

  constructor(private readonly cap = MAX_FINDINGS) {}

  add(el: Pick<XmlElement, 'path' | 'line' | 'column'>, message: string): void {
    if (this.list.length < this.cap) this.list.push({ path: el.path, line: el.line, column: el.column, message });
    else this.more++;
  }

  get count(): number {
    return this.list.length + this.more;
  }

  /** The kept findings, with a last one saying how many more there were. */
  all(): MessageProblem[] {
    if (!this.more) return this.list;
    const last = this.list[this.list.length - 1];
    return [...this.list, { path: '/', line: last?.line ?? 0, column: last?.column ?? 0, message: `en nog ${this.more} fout(en), niet afzonderlijk genoemd` }];
  }
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
const YIELD_EVERY = 20_000;

const TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?$/;

function leafProblem(v: string, t: Leaf, name: string): string | undefined {
  switch (t.kind) {
    case 'int': {
      const s = v.trim();
      if (!/^\+?\d+$/.test(s)) return `${name} is geen geheel getal`;
      const n = Number(s.replace(/^\+/, ''));
      return n > t.max ? `${name} is groter dan ${t.max}` : undefined;
    }
    case 'date':
      return isIsoDate(v.trim()) ? undefined : `${name} is geen datum JJJJ-MM-DD`;
    case 'time':
      return TIME.test(v.trim()) ? undefined : `${name} is geen tijd uu:mm:ss`;
    case 'enum':
      return t.values.includes(v) ? undefined : `${name} is niet ${t.form}`;
    case 'text': {
      const len = [...v].length;
      if (len < t.min || (t.max !== undefined && len > t.max) || (t.pattern && !t.pattern.test(v)) || (t.blank === false && !/\S/.test(v))) {
        return `${name} heeft niet de vorm ${t.form}`;
      }
      return undefined;
    }
  }
}

class Checker {
  private seen = 0;

  constructor(private readonly msgNs: string, private readonly out: Findings) {}

  private nsOf(spec: ElementSpec): string {
    return spec.bs ? IJW_NS('basisschema') : this.msgNs;
  }

  async element(el: XmlElement, spec: ElementSpec): Promise<void> {
    if (++this.seen % YIELD_EVERY === 0) await pause();
    if (!Array.isArray(spec.type)) {
      if (el.children.length) this.out.add(el, `${el.name} bevat elementen, verwacht een waarde`);
      else {
        const p = leafProblem(el.text, spec.type, el.name);
        if (p) this.out.add(el, p);
      }
      return;
    }
    if (/\S/.test(el.text)) this.out.add(el, `${el.name} bevat tekst naast elementen`);
    await this.sequence(el, spec.type);
  }

  private async sequence(parent: XmlElement, seq: ElementSpec[]): Promise<void> {
    const counts = new Array<number>(seq.length).fill(0);
    let at = 0;
    const missingUpTo = (end: number, before: XmlElement | undefined) => {
      for (let k = at; k < end; k++) {
        if (counts[k] < seq[k].min) this.out.add({ path: parent.path, line: (before ?? parent).line, column: (before ?? parent).column }, `${seq[k].name} ontbreekt in ${parent.name}${before ? ` (voor ${before.name})` : ''}`);
      }
    };
    for (const c of parent.children) {
      let k = -1;
      for (let j = at; j < seq.length; j++) if (seq[j].name === c.name) { k = j; break; }
      if (k < 0) {
        const earlier = seq.findIndex((s, j) => j < at && s.name === c.name);
        if (earlier >= 0) this.out.add(c, `${c.name} staat niet op zijn plaats in ${parent.name}: hoort voor ${seq[at].name}`);
        else this.out.add(c, `onbekend element ${c.name} in ${parent.name} (verwacht: ${seq.slice(at).map((s) => s.name).join(', ') || 'niets meer'})`);
        continue;
      }
      const spec = seq[k];
      if (c.ns !== this.nsOf(spec)) {
        this.out.add(c, `${c.name} in naamruimte '${c.ns || '(geen)'}', verwacht '${this.nsOf(spec)}'`);
        continue;
      }
      missingUpTo(k, c);
      at = k;
      if (++counts[k] > spec.max) {
        this.out.add(c, `${c.name} komt meer dan eens voor in ${parent.name}`);
        continue;
      }
      await this.element(c, spec);
    }
    missingUpTo(seq.length, undefined);
  }
}

/** Checks the root and everything under it; findings go to `out`. */
export async function checkStructure(root: XmlElement, s: MessageStructure, out: Findings): Promise<void> {
  const ns = IJW_NS(s.bericht);
  if (root.ns !== ns) {
    out.add(root, `naamruimte '${root.ns || '(geen)'}' is niet die van ${s.bericht.toUpperCase()} ('${ns}')`);
    return;
  }
  if (root.name !== s.root.name) {
    out.add(root, `hoofdelement ${root.name}, verwacht ${s.root.name}`);
    return;
  }
  await new Checker(ns, out).element(root, s.root);
}
