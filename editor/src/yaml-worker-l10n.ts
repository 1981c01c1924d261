/**
 * The words monaco-yaml's worker (yaml-language-server) writes into hovers, completion items
 * and quick fixes, in Dutch: "Allowed Values:", "Example:", "Default value", "Convert to
 * boolean", … It speaks through @vscode/l10n (monaco-yaml's own dependency), which looks each
 * English text up in the bundle configured here before the worker's code runs (yaml-worker-nl.ts
 * imports this first). Problem messages are not here: the marker pipeline maps those
 * (yaml-messages-nl.ts), one place for every message a marker can carry.
 */
import { config } from '@vscode/l10n';

export const WORKER_WORDS_NL: Record<string, string> = {
  'Allowed Values:': 'Toegestane waarden:',
  'Example:': 'Voorbeeld:',
  'Default value': 'Standaardwaarde',
  'Inline schema': 'Schema in dit bestand',
  'Jump to schema location ({0})': 'Naar de plaats in het schema ({0})',
  'Source: [{0}]({1})': 'Bron: [{0}]({1})',
  '- (array item) ': '- (element van de lijst) ',
  'Create an item of an array{0}{1}': 'Een nieuw element van de lijst{0}{1}',
  'Convert Tab to Spaces': 'Tab vervangen door spaties',
  'Convert all Tabs to Spaces': 'Alle tabs vervangen door spaties',
  'Convert string to folded block string': 'Tekst omzetten naar een gevouwen blok (>)',
  'Convert string to literal block string': 'Tekst omzetten naar een letterlijk blok (|)',
  'Convert to block style {0}': 'Omzetten naar blokstijl {0}',
  'Convert to boolean': 'Omzetten naar ja/nee (true/false)',
  'Delete unused anchor: {0}': 'Ongebruikt anker verwijderen: {0}',
  'Fix key order for this map': 'Sleutels van dit blok in volgorde zetten',
  'Error: ': 'Fout: ',
};

config({ contents: WORKER_WORDS_NL });
