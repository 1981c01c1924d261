/** A deep copy of request facts with one dotted path left out; undefined when the facts do not give it. */
export function withoutFact(obj: Record<string, unknown>, path: string): Record<string, unknown> | undefined {
  const copy = structuredClone(obj);
  const parts = path.split('.');
  let cur: Record<string, unknown> = copy;
  for (const p of parts.slice(0, -1)) {
    const next = cur[p];
    if (!next || typeof next !== 'object') return undefined;
    cur = next as Record<string, unknown>;
  }
  const last = parts[parts.length - 1];
  if (cur[last] === undefined) return undefined;
  delete cur[last];
  return copy;
}
