/**
 * The floors of src/ as dependency-cruiser sees them (.dependency-cruiser.cjs):
 * `npm run floors` prints each floor, top to bottom, with the folders it holds
 * and the folders each imports, then every violation (upward or sideways
 * imports, cycles); it exits 1 when there is one. test/architecture/floors.test.ts
 * runs the same cruise.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONFIG = `${ROOT}.dependency-cruiser.cjs`;

/** The floors declared in .dependency-cruiser.cjs, lowest first. */
export const FLOORS: readonly (readonly string[])[] = createRequire(import.meta.url)(CONFIG).FLOORS;

/** The top-level folder of src/ a module belongs to (src/cli.ts: cli), or undefined outside src/. */
export function folderOf(path: string): string | undefined {
  if (path === 'src/cli.ts') return 'cli';
  return /^src\/([^/]+)\//.exec(path)?.[1];
}

/** Cruises src/ (or `paths`, relative to `baseDir`) with the project's rules. */
export async function cruiseFloors(o: { baseDir?: string; paths?: string[] } = {}): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(CONFIG);
  // A fixture tree (the test's) is cruised without the project's tsconfig; src/ with it.
  const tsConfig = o.baseDir ? undefined : extractTSConfig(`${ROOT}tsconfig.json`);
  const { tsConfig: _fromConfig, ...rest } = options;
  const out = await cruise(o.paths ?? ['src'], {
    ...rest,
    ...(tsConfig ? { tsConfig: { fileName: `${ROOT}tsconfig.json` } } : {}),
    baseDir: o.baseDir ?? ROOT,
    validate: true,
  }, undefined, tsConfig ? { tsConfig } : undefined);
  return out.output as ICruiseResult;
}

/** One line per violation: the rule, the importing module and the imported one (with a cycle's path). */
export function describeViolations(violations: readonly IViolation[]): string[] {
  return violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}${v.cycle?.length ? ` (cycle: ${[v.from, ...v.cycle.map((c) => c.name)].join(' -> ')})` : ''}`);
}

/** Folder -> the folders it imports, with how many imports each arrow stands for. */
export function folderArrows(result: ICruiseResult): Map<string, Map<string, number>> {
  const arrows = new Map<string, Map<string, number>>();
  for (const m of result.modules) {
    const from = folderOf(m.source);
    if (!from) continue;
    const out = arrows.get(from) ?? new Map<string, number>();
    arrows.set(from, out);
    for (const d of m.dependencies) {
      const to = folderOf(d.resolved);
      if (to && to !== from) out.set(to, (out.get(to) ?? 0) + 1);
    }
  }
  return arrows;
}

/** The floors, top to bottom, each folder with its arrows ("server -> amend (18), auth (6), ..."). */
export function floorsText(result: ICruiseResult): string {
  const arrows = folderArrows(result);
  const width = Math.max(...FLOORS.flat().map((f) => f.length));
  const lines = ['Floors of src/, top to bottom: a folder imports only folders on the floors below it.', ''];
  for (let i = FLOORS.length - 1; i >= 0; i--) {
    for (const [j, folder] of FLOORS[i]!.entries()) {
      const to = [...(arrows.get(folder) ?? new Map<string, number>())].sort(([a], [b]) => a.localeCompare(b)).map(([f, n]) => `${f} (${n})`);
      lines.push(`${j === 0 ? String(i).padStart(2) : '  '}  ${folder.padEnd(width)}  -> ${to.length ? to.join(', ') : '(nothing in src/)'}`);
    }
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await cruiseFloors();
  console.log(floorsText(result));
  const problems = describeViolations(result.summary.violations);
  console.log('');
  console.log(problems.length ? `${problems.length} violation(s):\n${problems.join('\n')}` : `No import runs up or sideways a floor, no cycle (${result.summary.totalCruised} modules, ${result.summary.totalDependenciesCruised} imports).`);
  process.exitCode = problems.length ? 1 : 0;
}
