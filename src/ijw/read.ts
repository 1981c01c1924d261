/**
 * Structural checks of our own, which always run (with or without the official
 * XSDs): an element reader that collects every problem with its position and
 * path instead of stopping at the first. Values stay strings until a field
 * says it is an integer; codes and BSNs are never turned into numbers.
 */
import { isIsoDate } from '../expr/dates.js';
import type { MessageProblem } from './errors.js';
import type { XmlElement } from './xml-tree.js';

export const IJW_NS = (bericht: string) => `http://www.istandaarden.nl/ijw/3_2/${bericht}/schema`;

export interface Field {
  pattern?: RegExp;
  /** Dutch description of the expected form, for the message. */
  form?: string;
  date?: boolean;
  max?: number;
}

export class Reader {
  readonly problems: MessageProblem[] = [];

  constructor(readonly ns: string) {}

  problem(el: XmlElement, message: string): void {
    this.problems.push({ path: el.path, line: el.line, column: el.column, message });
  }

  /** Refuses children that the message does not know (an XSD would too). */
  only(el: XmlElement, names: readonly string[]): void {
    for (const c of el.children) {
      if (c.ns !== this.ns) this.problem(c, `element in naamruimte '${c.ns || '(geen)'}', verwacht '${this.ns}'`);
      else if (!names.includes(c.name)) this.problem(c, `onbekend element ${c.name} in ${el.name} (toegestaan: ${names.join(', ')})`);
    }
  }

  all(el: XmlElement, name: string): XmlElement[] {
    return el.children.filter((c) => c.name === name && c.ns === this.ns);
  }

  opt(el: XmlElement, name: string): XmlElement | undefined {
    const list = this.all(el, name);
    if (list.length > 1) this.problem(list[1], `${name} komt meer dan eens voor`);
    return list[0];
  }

  req(el: XmlElement, name: string): XmlElement | undefined {
    const c = this.opt(el, name);
    if (!c) this.problem(el, `${name} ontbreekt in ${el.name}`);
    return c;
  }

  /** The text of a leaf, checked against its form; undefined when absent or wrong. */
  text(el: XmlElement | undefined, f: Field = {}): string | undefined {
    if (!el) return undefined;
    if (el.children.length) {
      this.problem(el, `${el.name} bevat elementen, verwacht een waarde`);
      return undefined;
    }
    const v = el.text.trim();
    if (f.date && !isIsoDate(v)) {
      this.problem(el, `${el.name} is geen datum JJJJ-MM-DD`);
      return undefined;
    }
    if (f.pattern && !f.pattern.test(v)) {
      this.problem(el, `${el.name} heeft niet de vorm ${f.form ?? String(f.pattern)}`);
      return undefined;
    }
    if (!f.pattern && !f.date && v === '') {
      this.problem(el, `${el.name} is leeg`);
      return undefined;
    }
    return v;
  }

  reqText(el: XmlElement, name: string, f: Field = {}): string | undefined {
    return this.text(this.req(el, name), f);
  }

  optText(el: XmlElement, name: string, f: Field = {}): string | undefined {
    return this.text(this.opt(el, name), f);
  }

  /** A whole number 0..max (default 99,999,999, the iJw Bedrag range). */
  int(el: XmlElement | undefined, max = 99_999_999): number | undefined {
    const v = this.text(el, { pattern: /^\d{1,9}$/, form: 'een geheel getal' });
    if (v === undefined) return undefined;
    const n = Number(v);
    if (n > max) {
      this.problem(el!, `${el!.name} is groter dan ${max}`);
      return undefined;
    }
    return n;
  }
}

export const F = {
  bsn: { pattern: /^\d{9}$/, form: 'negen cijfers' },
  agb: { pattern: /^\d{8}$/, form: 'AGB-code van acht cijfers' },
  gemeente: { pattern: /^\d{4}$/, form: 'gemeentecode van vier cijfers' },
  categorie: { pattern: /^\d{2}$/, form: 'twee cijfers (JZ020)' },
  productCode: { pattern: /^[A-Za-z0-9]{1,5}$/, form: '1 tot 5 letters of cijfers' },
  eenheid: { pattern: /^(01|04|14|16|82|83|84)$/, form: 'een eenheid uit WJ756 (01, 04, 14, 16, 82, 83, 84)' },
  frequentie: { pattern: /^(1|2|4|6)$/, form: 'een frequentie uit WMO757 (1, 2, 4, 6)' },
  debetCredit: { pattern: /^(D|C)$/, form: 'D of C' },
  identificatie: { pattern: /^[A-Za-z0-9._-]{1,20}$/, form: '1 tot 20 tekens (letters, cijfers, . _ -)' },
  referentie: { pattern: /^[A-Za-z0-9._-]{1,20}$/, form: '1 tot 20 tekens (letters, cijfers, . _ -)' },
  reden: { pattern: /^\d{2}$/, form: 'twee cijfers (JZ002)' },
  verwijzerType: { pattern: /^(01|02|03|04|05|06|08)$/, form: 'een verwijzertype uit COD327' },
  date: { date: true },
} satisfies Record<string, Field>;
