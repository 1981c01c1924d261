/**
 * Writes a message from its structure (structure.ts) and a plain value: the
 * structure gives order, namespace and cardinality, so every message this
 * service writes (the JW325, the corpus' JW323 and JW301) has the layout its
 * reader checks. Message elements go in the default namespace, basisschema
 * elements get the prefix `ijw`. A value that does not fit the structure (a
 * missing required element, a key the structure does not know) is a bug here
 * and throws.
 */
import { BS_NS, IJW_NS } from './namespaces.js';
import type { ElementSpec, MessageStructure } from './structure.js';

export type XmlValue = string | number | XmlObject | XmlValue[] | undefined | null;
export interface XmlObject {
  [name: string]: XmlValue;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function writeSequence(seq: ElementSpec[], value: XmlObject, indent: string, out: string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!seq.some((s) => s.name === key)) throw new Error(`write ${where}: no element ${key} here`);
  }
  for (const spec of seq) {
    const v = value[spec.name];
    const items = v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
    if (items.length < spec.min) throw new Error(`write ${where}: ${spec.name} is required`);
    if (items.length > spec.max) throw new Error(`write ${where}: ${spec.name} at most ${spec.max} times`);
    for (const item of items) writeElement(spec, item, indent, out, `${where}/${spec.name}`);
  }
}

function writeElement(spec: ElementSpec, v: XmlValue, indent: string, out: string[], where: string): void {
  const tag = spec.bs ? `ijw:${spec.name}` : spec.name;
  if (Array.isArray(spec.type)) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`write ${where}: expected elements`);
    out.push(`${indent}<${tag}>`);
    writeSequence(spec.type, v, indent + '  ', out, where);
    out.push(`${indent}</${tag}>`);
  } else {
    if (typeof v === 'object') throw new Error(`write ${where}: expected a value`);
    out.push(`${indent}<${tag}>${esc(String(v))}</${tag}>`);
  }
}

/** `<Bericht xmlns=".../<bericht>/schema" xmlns:ijw=".../basisschema/schema">...</Bericht>` with an XML declaration. */
export function writeMessage(s: MessageStructure, value: XmlObject): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<${s.root.name} xmlns="${IJW_NS(s.bericht)}" xmlns:ijw="${BS_NS}">`];
  writeSequence(s.root.type as ElementSpec[], value, '  ', out, `/${s.root.name}`);
  out.push(`</${s.root.name}>`, '');
  return out.join('\n');
}
