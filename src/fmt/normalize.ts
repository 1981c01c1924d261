/** Passes over the whole document that make spelling, blank lines and comments canonical. */
import { isMap, isPair, isScalar, isSeq, Scalar, type Node } from 'yaml';

/** Clears explicit scalar styles so the printer picks plain, or double quotes where plain would change the value. */
export function plainScalars(node: unknown) {
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
  eachChild(node, plainScalars);
}

/** Calls `visit` on every key, value and item directly below a collection node. */
function eachChild(node: unknown, visit: (child: unknown) => void) {
  if (!isMap(node) && !isSeq(node)) return;
  for (const x of node.items) {
    if (isPair(x)) {
      visit(x.key);
      visit(x.value);
    } else visit(x);
  }
}

/**
 * Blank lines are part of the canonical form too: none, except between rules
 * and between test cases (set by the stylers), and where one stands above a
 * comment (a group the author marked).
 */
export function clearBlankLines(node: unknown) {
  if (!node || typeof node !== 'object') return;
  const n = node as Node;
  if (n.spaceBefore && !n.commentBefore) n.spaceBefore = false;
  eachChild(node, clearBlankLines);
}

/**
 * A comment after the last line of a block collection is printed indented
 * under it, and on the next read it swallows the comment lines that follow
 * (above the next rule, say), so the output would differ each run. Such a
 * trailing comment moves to the top of whatever comes next; at the end of the
 * file it becomes the file's closing comment. Flow collections keep theirs: it
 * stays on their line.
 */
export function hoistTrailingComments(node: unknown): string | undefined {
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
export function flowEmpty(node: unknown) {
  if (!isMap(node) && !isSeq(node)) return;
  if (node.items.length === 0) node.flow = true;
  for (const x of node.items) flowEmpty(isPair(x) ? x.value : x);
}
