import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli-process.js';
import { miniRules, withFile, writeTree } from '../helpers/rule-tree.js';

const DECISION = 'rtp/2.0/decisions/tariefgroep.yaml';

describe('protocolregels CLI', () => {
  it('validate: prints compile time per version and exits 0 on valid rules', async () => {
    const r = await cli(['validate', writeTree(miniRules())]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/RTP 1\.0 \(werkdocument, 2023-01-01 t\/m 2024-12-31\): 1 beslissingen, 1 regels, gecompileerd in \d+\.\d ms/);
    expect(r.stdout).toContain('alle 3 versies zijn geldig');
  });

  it('validate: every problem as file:line:col, exit 1, no stack trace', async () => {
    const broken = withFile(
      withFile(miniRules(), DECISION, (t) => t.replace('op: isSet', 'op: ongeveer').replace('    source: testfixture §1\n', '')),
      'rtp/1.0/decisions/tariefgroep.yaml',
      (t) => t.replace('outcomes: [TG3, TG4, overleg_contractbeheer]', 'outcomes: [TG3, TG4'),
    );
    const r = await cli(['validate', writeTree(broken)]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^rtp\/1\.0\/decisions\/tariefgroep\.yaml:\d+:\d+ YAML-fout: .* \[yaml_syntax\]$/),
      `${DECISION}:10:5 verplicht veld 'source' ontbreekt [schema]`,
      expect.stringMatching(new RegExp(`^${DECISION.replace(/\./g, '\\.')}:12:30 waarde moet een van .* \\[schema\\]$`)),
    ]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('test: runs the YAML cases and ends with "N passed, N failed"', async () => {
    const ok = await cli(['test', writeTree(miniRules())]);
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim().split('\n').pop()).toBe('6 passed, 0 failed');
    const wrong = withFile(miniRules(), 'rtp/2.0/tests/tariefgroep.yaml', (t) => t.replace('outcome: TG3', 'outcome: TG4'));
    const bad = await cli(['test', writeTree(wrong)]);
    expect(bad.code).toBe(1);
    expect(bad.stdout.trim().split('\n').pop()).toBe('5 passed, 1 failed');
    expect(bad.stderr).toContain('rtp/2.0/tests/tariefgroep.yaml:3:5 therapeut in TG4');
    expect(bad.stderr).toContain('uitkomst: verwacht TG4, kreeg TG3');
  });

  it('eval: answers a request file like the API', async () => {
    const dir = writeTree(new Map([['request.json', JSON.stringify({ protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'spv', caoSchaal: 10, datum: '2025-02-03' } })]]));
    const r = await cli(['eval', `${dir}/request.json`], { RULES_DIR: writeTree(miniRules()) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ version: '2.0', outcome: 'TG4', events: [{ rule: 'rtp.tariefgroep.uit-beroepentabel' }] });
  });

  it('eval: a bad request gives the error JSON and exit 1', async () => {
    const dir = writeTree(new Map([['request.json', JSON.stringify({ protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'spv' } })]]));
    const r = await cli(['eval', `${dir}/request.json`], { RULES_DIR: writeTree(miniRules()) });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr).error).toMatchObject({ code: 'invalid_facts', details: [{ pointer: '/facts/datum' }] });
  });

  it('an unknown verb prints usage and exits 2', async () => {
    const r = await cli(['vertaal']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('gebruik: protocolregels <opdracht>');
  });
});
