import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatRuleFile } from '../../src/fmt/format-rule-file.js';
import { readRuleFiles } from '../../src/load/rule-source.js';
import { SHIPPED_RULES_DIR } from '../../src/project.js';
import { miniRules, withFile, writeTree } from '../helpers/rule-tree.js';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/fmt/${name}`, import.meta.url)), 'utf8');
const GOLDENS = [['decision', 'decision'], ['table', 'table'], ['tests', 'testSuite']] as const;
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

  it('keeps comments and never changes the data', () => {
    const input = fixture('decision.input.yaml');
    const out = format('d.yaml', input, 'decision').text;
    expect(out).toContain('# Beslissing in rommelige vorm');
    expect(out).toContain('# de tabel kent de functie');
    expect(parse(out)).toEqual(parse(input));
  });

  it('is idempotent and data-preserving on every shipped rule file, which are all canonical', () => {
    const files = readRuleFiles(SHIPPED_RULES_DIR);
    expect(files.size).toBeGreaterThan(30);
    for (const [path, text] of files) {
      const once = format(path, text);
      expect(once.changed, `${path} is not canonical: run protocolregels fmt`).toBe(false);
      expect(format(path, once.text).text).toBe(once.text);
      expect(parse(once.text)).toEqual(parse(text));
    }
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
    expect(bad.stderr.trim()).toBe('rtp/2.0/tables/beroepen.yaml:1:1 niet canoniek opgemaakt (run: protocolregels fmt) [fmt]');
    const fixed = await cli(['fmt', dir]);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain('opgemaakt: rtp/2.0/tables/beroepen.yaml');
    expect(readFileSync(`${dir}/rtp/2.0/tables/beroepen.yaml`, 'utf8')).toBe(canonical.get('rtp/2.0/tables/beroepen.yaml'));
    expect((await cli(['fmt', '--check', dir])).code).toBe(0);
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
