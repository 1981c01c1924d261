/**
 * Edits of a rule file's YAML document that keep it canonical: the printing options of the
 * project's formatter (src/fmt/format-rule-file.ts), so an edit made in a grid or by a button
 * reads in git as the one line it changed.
 */
import { isCollection, parseDocument, type Document } from 'yaml';

export const PRINT = { indent: 2, indentSeq: true, lineWidth: 0, minContentWidth: 0, singleQuote: false, flowCollectionPadding: true, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN' } as const;

/** Parses `text`, lets `edit` change the document, prints it back canonically. */
export function editYaml(text: string, edit: (doc: Document) => void): string {
  const doc = parseDocument(text);
  edit(doc);
  return doc.toString(PRINT);
}

/** A node for `value`, in flow style when it is a list or map (the style of table rows and expectations). */
export function flowNode(doc: Document, value: unknown) {
  const node = doc.createNode(value);
  if (isCollection(node)) node.flow = true;
  return node;
}
