/**
 * Builds editor/dist only when it is missing or older than what goes into it (the editor's
 * sources, its Vite config, the facts schemas it bundles, the installed packages), so
 * `npm start` does not spend a full Vite build on every start. Run directly, or import
 * `ensureEditorBuilt` (the browser tests do).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const EDITOR = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(EDITOR, '..');

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = s.mtimeMs;
  for (const name of readdirSync(path)) t = Math.max(t, newest(join(path, name)));
  return t;
}

/** True when editor/dist/index.html is at least as new as every input of the build. */
export function editorUpToDate(): boolean {
  const index = join(EDITOR, 'dist', 'index.html');
  if (!existsSync(index)) return false;
  const inputs = Math.max(newest(join(EDITOR, 'src')), newest(join(EDITOR, 'index.html')), newest(join(EDITOR, 'vite.config.ts')),
    newest(join(ROOT, 'schemas', 'facts')), newest(join(ROOT, 'package-lock.json')));
  return statSync(index).mtimeMs >= inputs;
}

export async function ensureEditorBuilt(): Promise<'built' | 'up to date'> {
  if (editorUpToDate()) return 'up to date';
  const { build } = await import('vite');
  await build({ configFile: join(EDITOR, 'vite.config.ts'), logLevel: 'warn' });
  return 'built';
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const result = await ensureEditorBuilt();
  console.log(`editor: ${result === 'built' ? `gebouwd in ${((performance.now() - started) / 1000).toFixed(1)} s` : 'al bijgewerkt, niet opnieuw gebouwd'}`);
}
