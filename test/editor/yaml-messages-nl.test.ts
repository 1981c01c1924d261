/**
 * monaco-yaml's problem messages reach staff in Dutch: every diagnostic template of the installed
 * YAML worker (yaml-language-server) and every error of the installed `yaml` parser, read from
 * node_modules so a new English message in an upgrade fails here, maps to a Dutch sentence.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dutchMarkerSource, dutchServerMessage, dutchYamlMessage, looksEnglish } from '../../src/load/yaml-messages-nl.js';

const worker = readFileSync(join(process.cwd(), 'node_modules/monaco-yaml/yaml.worker.js'), 'utf8');

/** Strings of the worker that are no problem message (code actions, hover words, punctuation). */
const NOT_DIAGNOSTICS = /^(?:[\s#(),./:\n-]|- \(array item\) |Allowed Values:|Convert|Create an item|Default value|Delete unused anchor|Error: |Example:|Fix key order|Inline schema|Jump to schema|Source: |filePatternAssociation)/;

/** The worker's message templates: l10n.t(...) and localize2(key, ...) literals, plus ProblemTypeMessages. */
function workerTemplates(): string[] {
  const found = new Set<string>();
  for (const m of worker.matchAll(/(?:l10n\d?\.t\(|localize2\("\w+",\s*)("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g)) found.add(m[1].slice(1, -1).replace(/\\"/g, '"').replace(/\\'/g, "'"));
  for (const m of worker.matchAll(/\[ProblemType\.\w+\]: ("[^"]*"|'[^']*')/g)) found.add(m[1].slice(1, -1));
  return [...found].filter((t) => !NOT_DIAGNOSTICS.test(t));
}

/** The yaml parser's error messages (onError(..., 'CODE', message)), template parts filled with a sample. */
function parserMessages(): string[] {
  const dir = join(process.cwd(), 'node_modules/yaml/dist');
  const files = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? files(join(d, e.name)) : e.name.endsWith('.js') ? [join(d, e.name)] : []);
  const found = new Set<string>();
  for (const f of files(dir)) {
    for (const m of readFileSync(f, 'utf8').matchAll(/onError\([^,]+,\s*'[A-Z_]+',\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`)/g)) {
      found.add(m[1].slice(1, -1).replace(/\$\{[^}]*fc?Name[^}]*\}/g, 'flow map').replace(/\$\{[^}]*\}/g, 'x'));
    }
  }
  return [...found];
}

/** A template with sample arguments: a quoted {0} is a type or name, a bare one a number. */
const fill = (t: string) => t.replace(/"\{0\}"/g, '"string"').replace(/\{0\}/g, '3').replace(/\{1\}/g, 'id');

describe('monaco-yaml messages in Dutch', () => {
  it('maps the typical schema errors of a rule file to Dutch sentences', () => {
    expect(dutchYamlMessage('Incorrect type. Expected "integer".')).toBe('Verkeerd soort waarde: verwacht geheel getal.');
    expect(dutchYamlMessage('Incorrect type. Expected "string | object".')).toBe('Verkeerd soort waarde: verwacht tekst of een blok met velden.');
    expect(dutchYamlMessage('Missing property "source".')).toBe('Verplicht veld ontbreekt: source.');
    expect(dutchYamlMessage('Property titel is not allowed.')).toBe("Veld 'titel' is hier niet toegestaan (tikfout, of hoort het op een andere plaats?).");
    expect(dutchYamlMessage('Value is not accepted. Valid values: "equal", "notEqual".')).toBe('Deze waarde is niet toegestaan. Toegestaan: "equal", "notEqual".');
    expect(dutchYamlMessage('String is shorter than the minimum length of 3.')).toBe('Tekst is te kort: minstens 3 tekens.');
    expect(dutchYamlMessage('Implicit map keys need to be followed by map values')).toBe('Na een sleutel hoort een dubbele punt en een waarde (sleutel: waarde).');
    // Already Dutch (a schema's own text) passes unchanged.
    expect(dutchYamlMessage('waarde moet een van "equal", "notEqual" zijn')).toBe('waarde moet een van "equal", "notEqual" zijn');
  });

  it('maps every diagnostic template of the installed YAML worker to Dutch', () => {
    const templates = workerTemplates();
    expect(templates).toContain('Incorrect type. Expected "{0}".');
    expect(templates).toContain('Missing property "{0}".');
    expect(templates.length).toBeGreaterThan(35);
    const english = templates.map(fill).filter((m) => looksEnglish(dutchYamlMessage(m)) || dutchYamlMessage(m).startsWith('YAML-controle'));
    expect(english).toEqual([]);
  });

  it('maps every error of the installed yaml parser to Dutch', () => {
    const messages = parserMessages();
    expect(messages).toContain('Map keys must be unique');
    expect(messages.length).toBeGreaterThan(25);
    const english = messages.filter((m) => looksEnglish(dutchYamlMessage(m)) || dutchYamlMessage(m).startsWith('YAML-controle'));
    expect(english).toEqual([]);
  });

  it("maps the server's YAML syntax problems too, keeping the count of follow-up errors", () => {
    expect(dutchServerMessage('YAML-fout: Nested mappings are not allowed in compact mappings (en 3 vervolgfouten daarna)'))
      .toBe('YAML-fout: Een blok binnen een blok op dezelfde regel mag niet; zet het op een nieuwe regel of tussen { }. (en 3 vervolgfouten daarna)');
    expect(dutchServerMessage("regel-id 'x' komt al voor")).toBe("regel-id 'x' komt al voor");
  });

  it('says where a schema problem comes from in Dutch, not with the schema URL', () => {
    expect(dutchMarkerSource('yaml-schema: https://ijsselland.example/schemas/rule-files/decision.schema.json')).toBe('schema regelbestanden');
  });
});
