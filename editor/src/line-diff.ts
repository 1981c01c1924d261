/** A line diff of two texts (longest common subsequence), as a reviewer reads it: kept, removed and added lines with context. */
export interface DiffLine { kind: ' ' | '-' | '+'; text: string; oldNo?: number; newNo?: number }

export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  // Trim the common head and tail first: a rule file change is usually a few lines in a long file.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  if (x.length * y.length > 4_000_000) {
    // Too large to align line by line in the browser: show the changed block as removed, then added.
    return [...a.slice(0, head).map((text, i): DiffLine => ({ kind: ' ', text, oldNo: i + 1, newNo: i + 1 })),
      ...x.map((text, i): DiffLine => ({ kind: '-', text, oldNo: head + i + 1 })), ...y.map((text, i): DiffLine => ({ kind: '+', text, newNo: head + i + 1 })),
      ...a.slice(a.length - tail).map((text, k): DiffLine => ({ kind: ' ', text, oldNo: a.length - tail + k + 1, newNo: b.length - tail + k + 1 }))];
  }
  const lcs: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) for (let j = y.length - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: DiffLine[] = a.slice(0, head).map((text, i) => ({ kind: ' ', text, oldNo: i + 1, newNo: i + 1 }));
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) { out.push({ kind: ' ', text: x[i], oldNo: head + i + 1, newNo: head + j + 1 }); i++; j++; }
    // Removed lines before added ones, as a reviewer reads old -> new.
    else if (i < x.length && (j === y.length || lcs[i + 1][j] >= lcs[i][j + 1])) { out.push({ kind: '-', text: x[i], oldNo: head + i + 1 }); i++; }
    else { out.push({ kind: '+', text: y[j], newNo: head + j + 1 }); j++; }
  }
  for (let k = 0; k < tail; k++) out.push({ kind: ' ', text: a[a.length - tail + k], oldNo: a.length - tail + k + 1, newNo: b.length - tail + k + 1 });
  return out;
}

/** Only the changed lines with `context` lines around them; gaps become null. */
export function hunks(lines: DiffLine[], context = 3): (DiffLine | null)[] {
  const keep = new Set<number>();
  lines.forEach((l, i) => { if (l.kind !== ' ') for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k++) keep.add(k); });
  const out: (DiffLine | null)[] = [];
  let last = -1;
  for (const i of [...keep].sort((p, q) => p - q)) {
    if (last >= 0 && i > last + 1) out.push(null);
    out.push(lines[i]);
    last = i;
  }
  return out;
}
