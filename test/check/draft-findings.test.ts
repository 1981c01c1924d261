import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../src/evaluate/project.js';
import { createApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';
import { miniRules } from '../helpers/rule-tree.js';

// The editor's live check of a draft carries the static checks beside the loader's problems.
const project = loadProject(miniRules());
const app = createApp({ holder: createRegistryHolder(project.registry), logger: createLogger('silent'), today: () => '2025-06-01' });
const DECISION = 'rtp/2.0/decisions/tariefgroep.yaml';

describe('POST /api/v1/drafts/check: findings of the static checks', () => {
  it('a draft rule that can never fire is a fout at file:line:col; an unread fact a waarschuwing', async () => {
    const text = project.files.get(DECISION)!.replace('    when: { fact: groep, op: isSet }\n',
      '    when:\n      all:\n        - { fact: groep, op: isSet }\n        - { fact: groep, op: isNotSet }\n');
    const r = await request(app).post('/api/v1/drafts/check').send({ protocol: 'RTP', baseVersion: '2.0', files: [{ path: DECISION, text }] });
    expect(r.status).toBe(200);
    expect(r.body.diagnostics).toEqual([]);
    expect(r.body.findings).toEqual([
      { severity: 'waarschuwing', code: 'unread_fact', file: DECISION, line: 3, column: 8, message: "feit 'nvrgRegistratie' van het feitenschema rtp-tariefgroep wordt door geen regel van beslissing 'tariefgroep' gelezen" },
      { severity: 'fout', code: 'never_fires', file: DECISION, line: 14, column: 7, message: "regel 'rtp.tariefgroep.uit-beroepentabel' kan nooit vuren: de voorwaarden op 'groep' (regel 15, regel 16) spreken elkaar tegen" },
    ]);
  });
});
