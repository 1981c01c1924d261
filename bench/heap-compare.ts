/**
 * Two V8 heap snapshots (.heapsnapshot JSON) compared by what their objects are: for each kind
 * (an object's constructor, or the node type for strings, code, arrays and the like) the count and
 * the shallow size in each, and the growth between them, largest first.
 * `node --import tsx bench/heap-compare.ts A.heapsnapshot B.heapsnapshot [rounds]`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface KindGrowth { kind: string; countA: number; countB: number; bytesA: number; bytesB: number }

interface Snapshot { snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } }; nodes: number[]; strings: string[] }

export function kindsOf(path: string): Map<string, { count: number; bytes: number }> {
  const s = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const width = fields.length;
  const [ti, ni, si] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const types = s.snapshot.meta.node_types[0];
  const out = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + ti]];
    const name = s.strings[s.nodes[i + ni]];
    const kind =
      type === 'object' || type === 'native' ? `${type} ${name}`
      : type === 'string' || type === 'concatenated string' || type === 'sliced string' ? 'string'
      : type === 'code' ? 'code'
      : type === 'closure' ? 'closure'
      : `${type} ${name.slice(0, 40)}`;
    const k = out.get(kind) ?? { count: 0, bytes: 0 };
    k.count++;
    k.bytes += s.nodes[i + si];
    out.set(kind, k);
  }
  return out;
}

export function compareSnapshots(a: string, b: string): KindGrowth[] {
  const ka = kindsOf(a);
  const kb = kindsOf(b);
  const kinds = new Set([...ka.keys(), ...kb.keys()]);
  return [...kinds].map((kind) => ({ kind, countA: ka.get(kind)?.count ?? 0, countB: kb.get(kind)?.count ?? 0, bytesA: ka.get(kind)?.bytes ?? 0, bytesB: kb.get(kind)?.bytes ?? 0 }))
    .sort((x, y) => y.bytesB - y.bytesA - (x.bytesB - x.bytesA));
}

export function formatComparison(rows: KindGrowth[], rounds: number, top = 25): string[] {
  const total = (f: (r: KindGrowth) => number) => rows.reduce((s, r) => s + f(r), 0);
  const ta = total((r) => r.bytesA);
  const tb = total((r) => r.bytesB);
  const kib = (n: number) => (n / 1024).toFixed(1);
  return [
    `heap: ${kib(ta)} KiB -> ${kib(tb)} KiB, +${kib(tb - ta)} KiB over ${rounds} rounds (${kib((tb - ta) / Math.max(1, rounds))} KiB per round)`,
    ...rows.slice(0, top).map((r) => `  ${kib(r.bytesB - r.bytesA).padStart(9)} KiB  ${String(r.countB - r.countA).padStart(8)} objects  (${(((r.bytesB - r.bytesA) / Math.max(1, rounds)) / 1024).toFixed(1)} KiB/round)  ${r.kind}`),
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [a, b, rounds] = process.argv.slice(2);
  for (const l of formatComparison(compareSnapshots(a, b), Number(rounds ?? 1), 40)) console.log(l);
}
