import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const EDITOR = fileURLToPath(new URL('../../editor', import.meta.url));

function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const s = statSync(full);
    t = Math.max(t, s.isDirectory() ? newest(full) : s.mtimeMs);
  }
  return t;
}

/** Builds editor/dist when it is missing or older than its sources, so a clean clone's `npm test` works. */
export async function ensureEditorBuilt(): Promise<void> {
  const index = join(EDITOR, 'dist', 'index.html');
  const sources = Math.max(newest(join(EDITOR, 'src')), statSync(join(EDITOR, 'index.html')).mtimeMs, statSync(join(EDITOR, 'vite.config.ts')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  const { build } = await import('vite');
  await build({ configFile: join(EDITOR, 'vite.config.ts'), logLevel: 'warn' });
}
