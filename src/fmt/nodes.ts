/** Small helpers over yaml's Document nodes, shared by the formatter's stages. */
import { isMap, isPair, isScalar, isSeq, type Node, type YAMLMap, type YAMLSeq } from 'yaml';

export const INLINE_LIST_MAX = 100;

export function keyOf(p: unknown): string {
  return isPair(p) && isScalar(p.key) ? String(p.key.value) : '';
}

export function reorder(map: YAMLMap, order: string[]) {
  const rank = (k: string) => {
    const i = order.indexOf(k);
    return i < 0 ? order.length : i;
  };
  // A stable sort keeps unknown keys in their original order, after the known ones.
  map.items = map.items.map((p, i) => ({ p, i })).sort((a, b) => rank(keyOf(a.p)) - rank(keyOf(b.p)) || a.i - b.i).map((x) => x.p);
}

export function get(map: YAMLMap, key: string): Node | undefined {
  const pair = map.items.find((p) => keyOf(p) === key);
  return (pair?.value ?? undefined) as Node | undefined;
}

export function scalarsOnly(node: YAMLSeq | YAMLMap): boolean {
  return node.items.every((x) => (isPair(x) ? isScalar(x.value) || x.value === null : isScalar(x)));
}

export function shortEnough(node: YAMLSeq | YAMLMap): boolean {
  return String(node).length <= INLINE_LIST_MAX;
}

/**
 * True when a comment sits inside a node (on any part below it, or after it):
 * such a node stays in block style, because a comment inside a flow collection
 * would break it over several lines. A comment line above the node itself is
 * fine, it stays above it.
 */
export function hasComment(node: unknown): boolean {
  const own = (n: unknown) => !!n && typeof n === 'object' && (!!(n as Node).comment || !!(n as Node).commentBefore);
  const inside = (n: unknown): boolean =>
    (isMap(n) || isSeq(n)) &&
    n.items.some((x) => (isPair(x) ? own(x.key) || own(x.value) || inside(x.value) : own(x) || inside(x)));
  return inside(node);
}

/** Flow style when asked for and no comment would be lost in it; block style otherwise. */
export function setFlow(node: YAMLMap | YAMLSeq, flow: boolean) {
  node.flow = flow && !hasComment(node);
}
