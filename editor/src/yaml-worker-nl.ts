/** monaco-yaml's YAML worker with its hover, completion and quick-fix words in Dutch (yaml-worker-l10n.ts runs first). */
import './yaml-worker-l10n.js';
import 'monaco-yaml/yaml.worker.js';
