import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/load/diagnostics.js';
import { loadRules } from '../../src/load/load-rules.js';
import { loadProject, projectFactSchemas } from '../../src/evaluate/project.js';
import { miniRules, withFile } from '../helpers/rule-tree.js';

// No silent defaults: a rule that reads an optional fact must say what its absence means.
const DECISION = 'rtp/2.0/decisions/tariefgroep.yaml';
const load = (files: Map<string, string>) => loadRules(files, projectFactSchemas()).diagnostics.map(formatDiagnostic);
const DECLARATION = /ontbreekt:\n  caoSchaal: .*\n/;

describe('missing-fact declarations (ontbreekt)', () => {
  it('refuses a rule that reads an optional fact without a stated meaning, at the rule', () => {
    const d = load(withFile(miniRules(), DECISION, (t) => t.replace(DECLARATION, '')));
    expect(d).toEqual([
      expect.stringMatching(/^rtp\/2\.0\/decisions\/tariefgroep\.yaml:13:5 regel 'rtp\.tariefgroep\.uit-beroepentabel' leest het optionele feit 'caoSchaal' maar zegt niet wat ontbreken betekent; voeg toe: ontbreekt: \{ caoSchaal: onvoldoende_gegevens \| signaal \| regel_vervalt \| voorwaarde \} \[missing_meaning\]$/),
    ]);
  });

  it('asks a reason for regel_vervalt and voorwaarde', () => {
    const d = load(withFile(miniRules(), DECISION, (t) => t.replace(DECLARATION, 'ontbreekt:\n  caoSchaal: voorwaarde\n')));
    expect(d).toEqual([expect.stringMatching(/tariefgroep\.yaml:\d+:\d+ voorwaarde bij 'caoSchaal' vraagt een reden .* \[missing_meaning\]$/)]);
  });

  it('refuses a declaration for a fact the schema requires (it cannot be missing) or a rule does not read', () => {
    const d = load(withFile(miniRules(), DECISION, (t) =>
      t.replace('    source: testfixture §1\n', '    source: testfixture §1\n    ontbreekt: { datum: signaal }\n')
        .replace(DECLARATION, 'ontbreekt:\n  caoSchaal: { betekent: voorwaarde, reden: zie de tabel }\n  functie: signaal\n')));
    expect(d).toEqual([
      expect.stringMatching(/tariefgroep\.yaml:13:18 regel 'rtp\.tariefgroep\.uit-beroepentabel' leest 'datum' niet als optioneel feit of afgeleid feit \[bad_value\]$/),
      expect.stringMatching(/tariefgroep\.yaml:\d+:3 'functie' is geen optioneel feit van het feitenschema en geen afgeleid feit; ontbreken kan niet \[bad_value\]$/),
    ]);
  });

  it('the shipped rules state a meaning for every optional fact they read', () => {
    const project = loadProject();
    expect(project.diagnostics.map(formatDiagnostic)).toEqual([]);
    let declared = 0;
    for (const v of project.versions) for (const d of v.decisions) declared += d.missing.length + d.rules.reduce((n, r) => n + r.missing.length, 0);
    expect(declared).toBeGreaterThan(40);
  });
});
