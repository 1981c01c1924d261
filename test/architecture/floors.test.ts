import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cruiseFloors, describeViolations, FLOORS, floorsText } from '../../scripts/floors.js';

describe('the floors of src/ (.dependency-cruiser.cjs)', () => {
  it('no import runs up or sideways a floor, and no file imports itself round a cycle', async () => {
    const result = await cruiseFloors();
    expect(result.summary.totalCruised).toBeGreaterThan(200);
    // On failure the message names every offending import: rule, importing file -> imported file.
    expect(describeViolations(result.summary.violations)).toEqual([]);
    expect(floorsText(result)).toMatch(/^ 0 {2}base +-> \(nothing in src\/\)$/m);
  }, 120_000);

  it('gives every top-level folder of src/ exactly one floor', () => {
    const folders = readdirSync('src').filter((f) => statSync(join('src', f)).isDirectory()).sort();
    const declared = FLOORS.flat();
    expect([...declared].sort()).toEqual(folders);
    expect(new Set(declared).size).toBe(declared.length);
    expect(readdirSync('src').filter((f) => !statSync(join('src', f)).isDirectory())).toEqual(['cli.ts']);
  });

  describe('catches what it is meant to catch', () => {
    const dir = mkdtempSync(join(tmpdir(), 'floors-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const write = (path: string, text: string) => {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    write('src/base/clock.ts', "import { route } from '../server/app';\nexport const now = () => route;\n");
    write('src/server/app.ts', "export const route = '/';\n");
    write('src/load/a.ts', "import { b } from './b';\nexport const a = () => b;\n");
    write('src/load/b.ts', "import { a } from './a';\nexport const b = () => a;\n");
    write('src/check/x.ts', "import { fmt } from '../fmt/y';\nexport const x = fmt;\n");
    write('src/fmt/y.ts', "export const fmt = 1;\n");

    it('names an upward import, a sideways one on the same floor and a file cycle', async () => {
      const lines = describeViolations((await cruiseFloors({ baseDir: dir })).summary.violations);
      expect(lines).toContain('floor-base: src/base/clock.ts -> src/server/app.ts');
      expect(lines).toContain('floor-check: src/check/x.ts -> src/fmt/y.ts');
      expect(lines.some((l) => l.startsWith('no-circular: src/load/a.ts -> src/load/b.ts'))).toBe(true);
    }, 120_000);
  });
});
