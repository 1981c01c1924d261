/** Hostile YAML is refused cheaply, at the place where a limit is crossed, and never composed. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, limitsFromEnv } from '../../src/base/parse-limits.js';
import { loadRules } from '../../src/load/load-rules.js';
import { parseYamlFile } from '../../src/load/yaml-file.js';
import { projectFactSchemas } from '../../src/evaluate/project.js';
import { billionLaughs, yamlAnchors } from '../../bench/fuzz/attacks.js';
import { miniRules, withFile } from '../helpers/rule-tree.js';

const TABLE = 'rtp/2.0/tables/beroepen.yaml';

describe('bounded YAML', () => {
  it('refuses 30,000 anchors with one limit_exceeded diagnostic at the first anchor over the limit', () => {
    const text = yamlAnchors(30_000);
    expect(text.length).toBeGreaterThan(500_000);
    // With the default size limit the file is refused for its size; with room for it, at the anchor limit.
    expect(parseYamlFile(TABLE, text, { ...DEFAULT_LIMITS }).diagnostics).toEqual([expect.objectContaining({ code: 'limit_exceeded', line: 1, column: 1, message: expect.stringContaining('YAML_MAX_BYTES') })]);
    const f = parseYamlFile(TABLE, text, { ...DEFAULT_LIMITS, yamlMaxBytes: 1_048_576 });
    expect(f.data).toBeUndefined();
    expect(f.diagnostics).toHaveLength(1);
    const line = 3 + 2 * DEFAULT_LIMITS.yamlMaxAnchors; // the (limit + 1)th anchor
    expect(f.diagnostics[0]).toMatchObject({ code: 'limit_exceeded', file: TABLE, line, column: 5 });
    expect(f.diagnostics[0].message).toContain('YAML_MAX_ANCHORS');
  });

  it('refuses a billion-laughs file as a diagnostic (no exception), at the first alias', () => {
    const f = parseYamlFile(TABLE, billionLaughs(), { ...DEFAULT_LIMITS });
    expect(f.data).toBeUndefined();
    expect(f.diagnostics).toEqual([expect.objectContaining({ code: 'limit_exceeded', line: 3, column: 10 })]);
    expect(f.diagnostics[0].message).toContain('YAML_MAX_ALIAS_EXPANSION');
  });

  it('refuses deep nesting of block lists and flow collections before composing them', () => {
    const block = parseYamlFile(TABLE, 'rows:\n  ' + '- '.repeat(100_000) + 'x\n', { ...DEFAULT_LIMITS });
    expect(block.diagnostics).toEqual([expect.objectContaining({ code: 'limit_exceeded', line: 2 })]);
    expect(block.diagnostics[0].message).toContain('YAML_MAX_DEPTH');
    const flow = parseYamlFile(TABLE, 'rows: ' + '['.repeat(50_000) + ']'.repeat(50_000) + '\n', { ...DEFAULT_LIMITS });
    expect(flow.diagnostics).toEqual([expect.objectContaining({ code: 'limit_exceeded', line: 1 })]);
  });

  it('refuses a file over the size limit at its first line', () => {
    const f = parseYamlFile(TABLE, 'id: x\n# ' + 'x'.repeat(2000) + '\n', { ...DEFAULT_LIMITS, yamlMaxBytes: 1000 });
    expect(f.diagnostics).toEqual([expect.objectContaining({ code: 'limit_exceeded', line: 1, column: 1 })]);
    expect(f.diagnostics[0].message).toContain('YAML_MAX_BYTES');
  });

  it('reports the problem through the loader, beside the rest of the version', () => {
    const d = loadRules(withFile(miniRules(), TABLE, yamlAnchors(30_000)), projectFactSchemas()).diagnostics;
    expect(d.filter((x) => x.file === TABLE).map((x) => x.code)).toEqual(['limit_exceeded']);
  });

  it('keeps the anchors and aliases the shipped rules use', () => {
    const f = parseYamlFile(TABLE, 'id: beroepen\nrows:\n  - &a { functie: f, tariefgroep: TG3 }\n  - *a\n', { ...DEFAULT_LIMITS });
    expect(f.diagnostics).toEqual([]);
    expect((f.data as { rows: unknown[] }).rows).toHaveLength(2);
  });

  it('reads its limits from the environment, ignoring values that are no whole number', () => {
    expect(limitsFromEnv({ YAML_MAX_ANCHORS: '5', YAML_MAX_DEPTH: 'veel', EXPR_MAX_DEPTH: '-1' })).toMatchObject({ yamlMaxAnchors: 5, yamlMaxDepth: DEFAULT_LIMITS.yamlMaxDepth, exprMaxDepth: DEFAULT_LIMITS.exprMaxDepth });
    const f = parseYamlFile(TABLE, 'id: beroepen\nrows:\n  - &a { functie: f, tariefgroep: TG3 }\n  - &b { functie: g, tariefgroep: TG3 }\n', { ...DEFAULT_LIMITS, yamlMaxAnchors: 1 });
    expect(f.diagnostics).toEqual([expect.objectContaining({ code: 'limit_exceeded', line: 4, column: 5 })]);
  });
});
