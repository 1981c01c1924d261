import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const monacoEsm = fileURLToPath(new URL('../node_modules/monaco-editor/esm/vs/', import.meta.url));

// Built into editor/dist and served by the service at /editor/.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/editor/',
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
