/** A tiny XML writer: elements with text or children, escaped, indented. No attributes but xmlns on the root. */
export type XmlNode = [name: string, content: string | number | XmlNode[] | undefined | null];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function write(node: XmlNode, indent: string, out: string[]): void {
  const [name, content] = node;
  if (content === undefined || content === null) return;
  if (Array.isArray(content)) {
    out.push(`${indent}<${name}>`);
    for (const c of content) write(c, indent + '  ', out);
    out.push(`${indent}</${name}>`);
  } else {
    out.push(`${indent}<${name}>${esc(String(content))}</${name}>`);
  }
}

/** `<Bericht xmlns="ns">...</Bericht>` with an XML declaration. */
export function xmlDocument(ns: string, children: XmlNode[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<Bericht xmlns="${esc(ns)}">`];
  for (const c of children) write(c, '  ', out);
  out.push('</Bericht>', '');
  return out.join('\n');
}
