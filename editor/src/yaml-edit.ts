/**
 * Edits of a rule file's YAML document that keep it canonical: printed with the formatter's own
 * options (src/fmt/print-options.ts), so an edit made in a grid or by a button reads in git as the
 * one line it changed.
 */
import { isCollection, parseDocument, type Document } from 'yaml';
import { CANONICAL_PRINT } from '../../src/fmt/print-options.js';

/** Parses `text`, lets `edit` change the document, prints it back canonically. */
export function editYaml(text: string, edit: (doc: Document) => void): string {
  const doc = parseDocument(text);
  edit(doc);
  return doc.toString(CANONICAL_PRINT);
}

/** A node for `value`, in flow style when it is a list or map (the style of table rows and expectations). */
export function flowNode(doc: Document, value: unknown) {
  const node = doc.createNode(value);
  if (isCollection(node)) node.flow = true;
  return node;
}
