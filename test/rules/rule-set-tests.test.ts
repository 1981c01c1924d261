import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/evaluate/project.js';
import { coverage, untested } from '../../src/testing/coverage.js';
import { runAllTests } from '../../src/testing/run-tests.js';

describe('the YAML tests beside every shipped version', () => {
  it('all pass, and every rule has a case where it fires and one where it does not', async () => {
    const project = loadProject();
    expect(project.diagnostics).toEqual([]);
    const results = await runAllTests(project.versions, project.registry);
    expect(results.length).toBeGreaterThan(100);
    expect(results.filter((r) => !r.passed).map((r) => `${r.file}:${r.line} ${r.name}: ${r.failures.join('; ')}`)).toEqual([]);
    const rows = coverage(project.versions, results);
    expect(untested(rows).map((r) => `${r.protocol} ${r.version} ${r.rule}`)).toEqual([]);
  });
});
