/** Monaco with only the YAML language, and monaco-yaml fed by the same JSON Schema the server validates with. */
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/languages/definitions/yaml/register';
import { configureMonacoYaml } from 'monaco-yaml';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import YamlWorker from 'monaco-yaml/yaml.worker.js?worker';

(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    return label === 'yaml' ? new YamlWorker() : new EditorWorker();
  },
};

let configured: Promise<void> | undefined;

export function setupMonaco(): Promise<void> {
  configured ??= (async () => {
    const schema = await (await fetch('/api/v1/schemas/rule-files')).json();
    const uri = 'https://ijsselland.example/schemas/rule-files.schema.json';
    const def = (name: string) => ({ ...schema, $ref: `#/$defs/${name}`, $id: `${uri}#${name}` });
    configureMonacoYaml(monaco, {
      enableSchemaRequest: false,
      hover: true,
      completion: true,
      validate: true,
      schemas: [
        { uri: `${uri}#ruleset`, fileMatch: ['**/ruleset.yaml'], schema: def('ruleset') },
        { uri: `${uri}#decision`, fileMatch: ['**/decisions/*.yaml'], schema: def('decision') },
        { uri: `${uri}#table`, fileMatch: ['**/tables/*.yaml'], schema: def('table') },
        { uri: `${uri}#testSuite`, fileMatch: ['**/tests/*.yaml'], schema: def('testSuite') },
      ],
    });
  })();
  return configured;
}

export { monaco };
