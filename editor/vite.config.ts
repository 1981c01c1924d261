import { defineConfig, type Plugin } from 'vite';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const monacoEsm = fileURLToPath(new URL('../node_modules/monaco-editor/esm/vs/', import.meta.url));

/**
 * Monaco's own texts in Dutch, as far as Monaco allows: its ESM build looks each message up
 * by number and falls back to the English text; this makes the lookup try a Dutch translation
 * of that English text first (src/monaco-nl.json), so no build-specific numbers are needed.
 */
function monacoDutch(): Plugin {
  const dictionary = fileURLToPath(new URL('./src/monaco-nl.json', import.meta.url));
  return {
    name: 'monaco-dutch',
    transform(code, id) {
      if (!/monaco-editor\/esm\/vs\/nls\.js$/.test(id.split('?')[0])) return null;
      const marker = 'function lookupMessage(index, fallback) {';
      if (!code.includes(marker)) this.error('monaco-dutch: lookupMessage not found in nls.js (Monaco changed?)');
      const nl = readFileSync(dictionary, 'utf8');
      return code.replace(marker, `const __NL = ${nl};\n${marker}\n    if (typeof fallback === 'string' && Object.hasOwn(__NL, fallback)) return __NL[fallback];`);
    },
  };
}

// Built into editor/dist and served by the service at /editor/.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/editor/',
  plugins: [monacoDutch()],
  resolve: {
    // monaco-yaml's worker imports monaco-editor/esm/vs/..., which monaco-editor's exports map no longer allows.
    alias: [{ find: /^monaco-editor\/esm\/vs\/(.*)$/, replacement: `${monacoEsm}$1` }],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    reportCompressedSize: false,
  },
  worker: { format: 'es' },
  logLevel: 'warn',
});
