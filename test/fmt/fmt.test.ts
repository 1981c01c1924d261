import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, isSeq, parse, parseDocument, stringify } from 'yaml';
import { formatRuleFile } from '../../src/fmt/format-rule-file.js';
import { readRuleFiles } from '../../src/load/rule-source.js';
import { SHIPPED_RULES_DIR } from '../../src/evaluate/project.js';
import { miniRules, withFile, writeTree } from '../helpers/rule-tree.js';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/fmt/${name}`, import.meta.url)), 'utf8');
const GOLDENS = [
  ['ruleset', 'ruleset'],
  ['decision', 'decision'],
  ['comments', 'decision'],
  ['table', 'table'],
  ['tests', 'testSuite'],
] as const;
const commentLines = (text: string) => text.split('\n').filter((l) => l.includes('#')).map((l) => l.slice(l.indexOf('#')).trim());
const format = (path: string, text: string, kind?: Parameters<typeof formatRuleFile>[2]) => {
  const r = formatRuleFile(path, text, kind);
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r;
};

describe('fmt: the canonical form', () => {
  it.each(GOLDENS)('formats %s.input.yaml into its golden', (name, kind) => {
    expect(format(`${name}.input.yaml`, fixture(`${name}.input.yaml`), kind).text).toBe(fixture(`${name}.formatted.yaml`));
  });

  it.each(GOLDENS)('leaves the golden %s.formatted.yaml as it is (idempotent)', (name, kind) => {
    const r = format(`${name}.formatted.yaml`, fixture(`${name}.formatted.yaml`), kind);
    expect(r.changed).toBe(false);
  });

  it.each(GOLDENS)('keeps every comment of %s.input.yaml and never changes its data', (name, kind) => {
    const input = fixture(`${name}.input.yaml`);
    const out = format('x.yaml', input, kind).text;
    for (const c of commentLines(input)) expect(out).toContain(c);
    expect(parse(out)).toEqual(parse(input));
  });

  it('puts unknown keys after the known ones and a trailing comment above what follows', () => {
    const out = fixture('comments.formatted.yaml');
    expect(out).toMatch(/message: Info\.\n {4}extraSleutel: onbekend blijft achteraan\n/);
    expect(out).toMatch(/ {2}# achter then\n {2}# waarom regel b\n {2}- id: rtp\.x\.b\n/);
    expect(out.endsWith('# einde van het bestand\n')).toBe(true);
  });

  it('is idempotent and data-preserving on every shipped rule file (nothing is written)', () => {
    const files = readRuleFiles(SHIPPED_RULES_DIR);
    expect(files.size).toBeGreaterThan(30);
    for (const [path, text] of files) {
      const once = format(path, text);
      expect(format(path, once.text).changed, `${path}: formatting twice differs`).toBe(false);
      expect(parse(once.text), path).toEqual(parse(text));
    }
  });

  it('gives the same text whatever the key order of a file, its rules and its test cases', () => {
    for (const [path, text] of readRuleFiles(SHIPPED_RULES_DIR)) {
      const doc = parseDocument(text);
      if (!isMap(doc.contents)) continue;
      doc.contents.items.reverse();
      for (const list of ['rules', 'cases', 'changelog'].map((k) => (doc.contents as { get(k: string): unknown }).get(k))) {
        if (isSeq(list)) for (const item of list.items) if (isMap(item)) item.items.reverse();
      }
      expect(format(path, doc.toString()).text, path).toBe(format(path, text).text);
    }
  });

  it('keeps any table data and is idempotent on it (property-based: quotes, colons, hashes, newlines, numbers)', () => {
    const cell = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('yes', '01', '1.0', '#x', 'a: b', ' x', '- y', '2025-01-01', 'null'));
    const table = fc.record({
      id: fc.constant('t'),
      title: fc.string(),
      source: fc.string(),
      keys: fc.constant(['a']),
      columns: fc.constant({ a: { type: 'string' }, b: { type: 'string' } }),
      rows: fc.array(fc.record({ b: cell, a: cell, from: fc.constant('2025-01-01'), note: cell }), { maxLength: 4 }),
    });
    fc.assert(fc.property(table, (data) => {
      const once = format('rap/2.0/tables/t.yaml', stringify(data));
      expect(parse(once.text)).toEqual(data);
      expect(format('rap/2.0/tables/t.yaml', once.text).changed).toBe(false);
    }), { numRuns: 200, seed: 42 });
  });

  it('finds every shipped rule file canonical (run protocolregels fmt if not)', () => {
    const stale = [...readRuleFiles(SHIPPED_RULES_DIR)].filter(([path, text]) => format(path, text).changed).map(([p]) => p);
    expect(stale).toEqual([]);
  });

  it('knows the kind of a file by its folder, wherever that folder sits', () => {
    const messy = fixture('table.input.yaml');
    expect(format('/tmp/elders/tables/beroepen.yaml', messy).text).toBe(fixture('table.formatted.yaml'));
  });

  it('reports a syntax error with its position instead of formatting', () => {
    const r = formatRuleFile('rtp/2.0/tables/x.yaml', 'id: x\nrows: [\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]).toMatchObject({ file: 'rtp/2.0/tables/x.yaml', code: 'yaml_syntax', line: 3 });
  });
});

describe('protocolregels fmt', () => {
  const run = promisify(execFile);
  const BIN = fileURLToPath(new URL('../../bin/protocolregels.js', import.meta.url));
  const cli = async (args: string[]) => {
    try {
      const r = await run(process.execPath, [BIN, ...args]);
      return { code: 0, ...r };
    } catch (e) {
      return e as { code: number; stdout: string; stderr: string };
    }
  };

  it('--check fails on a badly formatted file and passes after fmt', async () => {
    const canonical = new Map([...miniRules()].map(([p, t]) => [p, format(p, t).text]));
    const messy = withFile(canonical, 'rtp/2.0/tables/beroepen.yaml', (t) => t.replace('keys: [ functie, caoSchaal ]', 'keys:\n  - functie\n  - caoSchaal'));
    const dir = writeTree(messy);
    const bad = await cli(['fmt', '--check', dir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('rtp/2.0/tables/beroepen.yaml:1:1 niet canoniek opgemaakt (run: protocolregels fmt)');
    expect(readFileSync(`${dir}/rtp/2.0/tables/beroepen.yaml`, 'utf8')).toBe(messy.get('rtp/2.0/tables/beroepen.yaml'));
    const fixed = await cli(['fmt', dir]);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain('opgemaakt: rtp/2.0/tables/beroepen.yaml');
    expect(readFileSync(`${dir}/rtp/2.0/tables/beroepen.yaml`, 'utf8')).toBe(canonical.get('rtp/2.0/tables/beroepen.yaml'));
    expect((await cli(['fmt', '--check', dir])).code).toBe(0);
  });

  it('formats only the files named on the command line', async () => {
    const dir = writeTree(new Map([
      ['tables/a.yaml', fixture('table.input.yaml')],
      ['tables/b.yaml', fixture('table.input.yaml')],
    ]));
    const a = `${dir}/tables/a.yaml`;
    expect((await cli(['fmt', '--check', a])).stderr.trim()).toBe(`${a}:1:1 niet canoniek opgemaakt (run: protocolregels fmt)`);
    const r = await cli(['fmt', a]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`opgemaakt: ${a}`);
    expect(readFileSync(a, 'utf8')).toBe(fixture('table.formatted.yaml'));
    expect(readFileSync(`${dir}/tables/b.yaml`, 'utf8')).toBe(fixture('table.input.yaml'));
    expect((await cli(['fmt', '--check', a])).code).toBe(0);
  });

  it('refuses an unknown option or a missing path without touching anything', async () => {
    expect((await cli(['fmt', '--wrte'])).code).toBe(2);
    const missing = await cli(['fmt', '/nonexistent/rules']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('/nonexistent/rules: bestand of map bestaat niet');
  });

  it('leaves a file with a syntax error untouched and exits 1 with file:line:col', async () => {
    const dir = writeTree(withFile(miniRules(), 'rtp/2.0/tables/beroepen.yaml', 'id: x\nrows: [\n'));
    const r = await cli(['fmt', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^rtp\/2\.0\/tables\/beroepen\.yaml:3:1 YAML-fout/m);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(`${dir}/rtp/2.0/tables/beroepen.yaml`, 'utf8')).toBe('id: x\nrows: [\n');
  });
});
