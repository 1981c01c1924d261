/**
 * Monaco with only the YAML language, and monaco-yaml fed by the same JSON Schema the server validates with.
 * `monaco-editor/editor` is the bare API: the editor features (completion widget, hover, find, go to line,
 * F8 to the next problem, Ctrl+M to let Tab leave the editor, F1 commands) are registered separately.
 */
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/register.all';
import 'monaco-editor/languages/definitions/yaml/register';
import { configureMonacoYaml } from 'monaco-yaml';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import YamlWorker from './yaml-worker-nl.ts?worker';
import { dutchMarkerSource, dutchYamlMessage } from '../../src/load/yaml-messages-nl.js';

(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    return label === 'yaml' ? new YamlWorker() : new EditorWorker();
  },
};

/**
 * monaco-yaml (through monaco-worker-manager) still calls createWebWorker the pre-0.55 way: without a
 * Worker, expecting Monaco to make one and to send `createData` (schemas, options) as the second message.
 * Monaco 0.55+ needs the Worker and sends no createData, so the YAML worker never started and completion,
 * hover and schema validation were silently missing. Here the Worker is made and the old handshake (a
 * first message, then createData) is sent before Monaco's own protocol starts on it.
 */
type LegacyWorkerOptions = { worker?: Worker; label?: string; createData?: unknown; host?: Record<string, Function>; keepIdleModels?: boolean };
const createWebWorker = monaco.editor.createWebWorker;
monaco.editor.createWebWorker = ((opts: LegacyWorkerOptions) => {
  if (opts.worker || opts.label !== 'yaml') return createWebWorker(opts as Parameters<typeof createWebWorker>[0]);
  const worker = new YamlWorker();
  worker.postMessage('start');
  worker.postMessage(opts.createData);
  return createWebWorker({ worker, host: opts.host, keepIdleModels: opts.keepIdleModels });
}) as typeof createWebWorker;

/**
 * The marker pipeline: monaco-yaml sets its schema and syntax problems with
 * `monaco.editor.setModelMarkers(model, 'yaml', …)` in English; here they pass through the
 * Dutch mapping (yaml-messages-nl.ts) on their way in, so the squiggle's hover, F8's problem
 * widget and every other place Monaco shows them read Dutch.
 */
const setModelMarkers = monaco.editor.setModelMarkers;
monaco.editor.setModelMarkers = ((model, owner, markers) => setModelMarkers(model, owner, owner !== 'yaml' ? markers
  : markers.map((m) => ({ ...m, message: dutchYamlMessage(m.message), source: dutchMarkerSource(m.source) })))) as typeof setModelMarkers;

let configured: Promise<void> | undefined;

export function setupMonaco(): Promise<void> {
  configured ??= (async () => {
    const schema = await (await fetch('/api/v1/schemas/rule-files')).json();
    // One schema per file kind, each the whole document pointing at its $defs entry, under its own URI
    // (an $id with a #fragment breaks the YAML worker's reference resolution).
    const base = 'https://ijsselland.example/schemas/rule-files';
    const def = (name: string) => ({ ...schema, $ref: `#/$defs/${name}`, $id: `${base}/${name}.schema.json` });
    configureMonacoYaml(monaco, {
      enableSchemaRequest: false,
      hover: true,
      // Without the English "Source: [decision.schema.json](…)" line under every hover.
      hoverSchemaSource: false,
      completion: true,
      validate: true,
      schemas: [
        { uri: `${base}/ruleset.schema.json`, fileMatch: ['**/ruleset.yaml'], schema: def('ruleset') },
        { uri: `${base}/decision.schema.json`, fileMatch: ['**/decisions/*.yaml'], schema: def('decision') },
        { uri: `${base}/table.schema.json`, fileMatch: ['**/tables/*.yaml'], schema: def('table') },
        { uri: `${base}/testSuite.schema.json`, fileMatch: ['**/tests/*.yaml'], schema: def('testSuite') },
      ],
    });
  })();
  return configured;
}

export { monaco };
