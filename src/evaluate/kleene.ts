/**
 * Three-valued reading of condition results (Kleene): a comparison is true, false or unknown
 * (`undefined`); `all` is false when any part is false, `any` true when any part is true, else
 * unknown when any part is. Shared by the reading of missing facts (run-decision.ts) and the range
 * reading (value-range.ts).
 */
export type Tri = boolean | undefined;

/** `all` (decisive false) or `any` (decisive true): the decisive value if any part has it, else unknown if any part is, else the other. */
function kleeneGroup(parts: Record<string, unknown>[], decisive: boolean, unknown: (leaf: Record<string, unknown>) => boolean): Tri {
  let u = false;
  for (const x of parts) {
    const v = kleene(x, unknown);
    if (v === decisive) return decisive;
    if (v === undefined) u = true;
  }
  return u ? undefined : !decisive;
}

/** The verdict of condition `c` whose leaves carry `result`; a leaf for which `unknown` holds (or without a boolean result) is unknown. */
export function kleene(c: Record<string, unknown>, unknown: (leaf: Record<string, unknown>) => boolean): Tri {
  if (Array.isArray(c.all)) return kleeneGroup(c.all, false, unknown);
  if (Array.isArray(c.any)) return kleeneGroup(c.any, true, unknown);
  if (c.not) {
    const v = kleene(c.not as Record<string, unknown>, unknown);
    return v === undefined ? undefined : !v;
  }
  if (unknown(c)) return undefined;
  return typeof c.result === 'boolean' ? c.result : undefined;
}
