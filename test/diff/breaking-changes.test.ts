import { readFileSync } from 'node:fs';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { breakingChanges } from '../../src/diff/breaking-changes.js';
import { createFactSchemas } from '../../src/facts/fact-schemas.js';
import type { RuleFiles } from '../../src/load/rule-source.js';
import { FACT_SCHEMAS_DIR, loadProject, projectFactSchemas } from '../../src/evaluate/project.js';
import { createApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';
import { miniRules, withFile } from '../helpers/rule-tree.js';

const DECISION = 'rtp/2.0/decisions/tariefgroep.yaml';
const schemaText = readFileSync(`${FACT_SCHEMAS_DIR}/rtp-tariefgroep.schema.json`, 'utf8');

function version2(files: RuleFiles = miniRules()) {
  const p = loadProject(files);
  expect(p.diagnostics).toEqual([]);
  return p.versions.find((v) => v.meta.version === '2.0')!;
}

/** The tariefgroep facts schema with an edit, as the only facts schema. */
function schemas(edit: (s: Record<string, any>) => void = () => {}) {
  const s = JSON.parse(schemaText);
  s.properties.soort = { enum: ['a', 'b', 'c'] };
  edit(s);
  return createFactSchemas({ 'rtp-tariefgroep': s });
}

describe('breaking changes for callers', () => {
  it('a version against itself breaks nothing', () => {
    const v = version2();
    expect(breakingChanges(v, v, schemas())).toEqual([]);
  });

  it('a draft that makes an optional fact decide the answer: the fact is newly needed', () => {
    const draft = version2(withFile(miniRules(), DECISION, (t) =>
      t.replace(/ontbreekt:\n  caoSchaal: .*\n/, 'ontbreekt:\n  caoSchaal: { betekent: onvoldoende_gegevens, melding: De cao-schaal ontbreekt. }\n')));
    expect(breakingChanges(version2(), draft, projectFactSchemas())).toEqual([{
      kind: 'fact_needed', decision: 'tariefgroep', fact: 'caoSchaal', rules: ['rtp.tariefgroep.uit-beroepentabel'],
      message: "Feit 'caoSchaal' is nu nodig voor een beslissing: een verzoek zonder krijgt onvoldoende_gegevens zodra regel rtp.tariefgroep.uit-beroepentabel ervan afhangt.",
    }]);
  });

  it('facts schema: removed, renamed, newly required (existing and new field), enum narrowed', () => {
    const v = version2();
    const after = schemas((s) => {
      delete s.properties.datum; // removed (and no longer required)
      s.required = ['functie', 'caoSchaal', 'organisatie'];
      s.properties.organisatie = { type: 'string' };
      s.properties.nvrg = s.properties.nvrgRegistratie; // renamed: same schema, same parent
      delete s.properties.nvrgRegistratie;
      s.properties.soort = { enum: ['a', 'b'] };
    });
    expect(breakingChanges(v, v, schemas(), after).map((c) => [c.kind, c.fact, c.to ?? c.values ?? null])).toEqual([
      ['fact_removed', 'datum', null],
      ['fact_renamed', 'nvrgRegistratie', 'nvrg'],
      ['fact_required', 'caoSchaal', null],
      ['fact_required', 'organisatie', null],
      ['enum_narrowed', 'soort', ['c']],
    ]);
  });

  it('outcome words added or removed, a decision removed', () => {
    const v = version2();
    const fewer = version2(withFile(miniRules(), DECISION, (t) => t.replace('outcomes: [TG3, TG4, overleg_contractbeheer]', 'outcomes: [TG3, TG4, TG5, overleg_contractbeheer]')));
    expect(breakingChanges(v, fewer, projectFactSchemas())).toEqual([
      { kind: 'outcome_added', decision: 'tariefgroep', values: ['TG5'], message: 'Nieuwe uitkomst(en) TG5; een aanroeper moet die kunnen verwerken.' },
    ]);
    expect(breakingChanges(fewer, v, projectFactSchemas())).toEqual([
      { kind: 'outcome_removed', decision: 'tariefgroep', values: ['TG5'], message: 'Uitkomst(en) TG5 komen niet meer voor.' },
    ]);
    expect(breakingChanges(v, { decisions: [] }, projectFactSchemas())).toEqual([
      { kind: 'decision_removed', decision: 'tariefgroep', message: "Beslissing 'tariefgroep' bestaat niet meer; een verzoek ernaar krijgt unknown_decision." },
    ]);
  });

  it('shipped RTP 1.0 -> 2.0: the 2025 checks need facts 1.0 never asked for', () => {
    const p = loadProject();
    const get = (v: string) => p.versions.find((x) => x.meta.protocol === 'RTP' && x.meta.version === v)!;
    expect(breakingChanges(get('1.0'), get('2.0'), projectFactSchemas()).map((c) => `${c.kind} ${c.decision} ${c.fact}`)).toEqual([
      'fact_needed tariefgroep nvrgRegistratie',
      'fact_needed toewijzing aanbod.kdcOdc',
      'fact_needed toewijzing aanbod.paramedischIntegraal',
      'fact_needed toewijzing lopendeToewijzingen',
    ]);
  });
});

describe('the diff API reports breaking changes', () => {
  const appOf = (files?: RuleFiles) => createApp({ holder: createRegistryHolder(loadProject(files).registry), logger: createLogger('silent'), today: () => '2025-06-01' });

  it('GET /api/v1/rulesets/{protocol}/diff has a breaking field', async () => {
    const r = await request(appOf()).get('/api/v1/rulesets/RTP/diff?from=1.0&to=2.0');
    expect(r.status).toBe(200);
    expect(r.body.rules).toBeDefined();
    expect(r.body.breaking).toContainEqual(expect.objectContaining({ kind: 'fact_needed', decision: 'toewijzing', fact: 'lopendeToewijzingen' }));
    const same = await request(appOf()).get('/api/v1/rulesets/RTP/diff?from=2.0&to=2.0');
    expect(same.body.breaking).toEqual([]);
  });

  it('POST /api/v1/drafts/diff: a draft that makes an optional fact required for an answer', async () => {
    const files = miniRules();
    const text = withFile(files, DECISION, (t) => t.replace(/ontbreekt:\n  caoSchaal: .*\n/, 'ontbreekt:\n  caoSchaal: { betekent: onvoldoende_gegevens, melding: De cao-schaal ontbreekt. }\n')).get(DECISION)!;
    const r = await request(appOf(files)).post('/api/v1/drafts/diff').send({ protocol: 'RTP', baseVersion: '2.0', files: [{ path: DECISION, text }] });
    expect(r.status).toBe(200);
    expect(r.body.breaking).toEqual([expect.objectContaining({ kind: 'fact_needed', decision: 'tariefgroep', fact: 'caoSchaal', rules: ['rtp.tariefgroep.uit-beroepentabel'] })]);
  });
});
