import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli-process.js';
import { miniRules, withFile, writeTree } from '../helpers/rule-tree.js';

const DECISION = 'rtp/2.0/decisions/tariefgroep.yaml';
const contradictory = () => withFile(miniRules(), DECISION, (t) =>
  t.replace('    when: { fact: groep, op: isSet }\n',
    '    when:\n      all:\n        - { fact: groep, op: isSet }\n        - { fact: caoSchaal, op: greaterThan, value: 10 }\n        - { fact: caoSchaal, op: lessThan, value: 5 }\n'));

describe('protocolregels check and validate', () => {
  it('check: a rule that can never fire is a fout at file:line:col, exit 1', async () => {
    const r = await cli(['check', writeTree(contradictory())]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      `${DECISION}:14:7 fout: regel 'rtp.tariefgroep.uit-beroepentabel' kan nooit vuren: de voorwaarden op 'caoSchaal' (regel 16, regel 17) spreken elkaar tegen [never_fires]`,
    ]);
    expect(r.stdout).toContain('1 fout(en), 3 waarschuwing(en) in 3 versies');
  });

  it('validate runs the checks: the same finding fails it; warnings alone do not', async () => {
    const bad = await cli(['validate', writeTree(contradictory())]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${DECISION}:14:7 fout: regel 'rtp.tariefgroep.uit-beroepentabel' kan nooit vuren`);
    // The mini rules never read nvrgRegistratie of the shared schema: a warning, and validate passes.
    const ok = await cli(['validate', writeTree(miniRules())]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("waarschuwing: feit 'nvrgRegistratie' van het feitenschema rtp-tariefgroep wordt door geen regel van beslissing 'tariefgroep' gelezen [unread_fact]");
    expect(ok.stdout).toContain('alle 3 versies zijn geldig');
  });
});
