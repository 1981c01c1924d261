/**
 * The RTP/RAP agreement at submission: a proposal that makes RTP's hourly tariffs disagree with RAP's
 * product tariffs is submitted (a warning, as at adoption), and the warning is kept with it for the
 * author and the reviewer; a proposal that keeps the two in step has none.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SHIPPED_RULES_DIR } from '../../src/evaluate/project.js';
import { startService, type TestService } from './helpers.js';

let svc: TestService | undefined;
afterEach(async () => { await svc?.close(); svc = undefined; });

const TARIFFS = 'rtp/2.0/tables/uurtarieven.yaml';
const shipped = (path: string) => readFileSync(join(SHIPPED_RULES_DIR, path), 'utf8');
/** A TG4 hourly tariff for 2026 in RTP, for which RAP has no product tariff. */
const tg4In2026 = () => shipped(TARIFFS).replace(
  '  - { tariefgroep: TG4, uurtarief: 8736, from: 2025-01-01, until: 2025-12-31 }\n',
  '  - { tariefgroep: TG4, uurtarief: 8736, from: 2025-01-01, until: 2025-12-31 }\n  - { tariefgroep: TG4, uurtarief: 9000, from: 2026-01-01, until: 2026-12-31 }\n');

describe('RTP/RAP agreement at submission', () => {
  it('submits a change that makes RTP and RAP disagree, with the disagreement as a warning everyone reads on the proposal', async () => {
    svc = await startService({ shippedRulesDir: SHIPPED_RULES_DIR, now: '2026-02-10T09:00:00Z' });
    const author = await svc.login('indiener');
    const reviewer = await svc.login('beoordelaar');
    expect(tg4In2026()).not.toBe(shipped(TARIFFS));
    const r = await author.agent.post('/api/v1/proposals').set('X-CSRF-Token', author.csrf).send({
      title: 'TG4 per 2026', rationale: 'Nieuw uurtarief TG4.', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', submit: true,
      files: [{ path: TARIFFS, text: tg4In2026() }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.state).toBe('ingediend');
    expect(r.body.submitWarnings).toEqual([
      'RAP 2.0 tarieven 45A04 (geen tarief) wijkt af van RTP 2.0 uurtarieven TG4 (€ 90,00) van 2026-01-01 t/m 2026-12-31: dien bij RAP een voorstel in met dezelfde wijziging, anders rekenen RTP en RAP verschillend',
    ]);
    // The reviewer reads the same warning on the proposal, and its history says it was given at submission.
    const seen = (await reviewer.agent.get(`/api/v1/proposals/${r.body.id}`)).body;
    expect(seen.submitWarnings).toEqual(r.body.submitWarnings);
    expect(seen.history.at(-1).reason).toContain('waarschuwing: RAP 2.0 tarieven 45A04 (geen tarief) wijkt af');
  });

  it('gives no warning for a change that keeps RTP and RAP in step', async () => {
    svc = await startService({ shippedRulesDir: SHIPPED_RULES_DIR, now: '2026-02-10T09:00:00Z' });
    const author = await svc.login('indiener');
    const text = shipped(TARIFFS).replace('illustrativeNote: ', 'illustrativeNote: Bijgewerkt. ');
    const r = await author.agent.post('/api/v1/proposals').set('X-CSRF-Token', author.csrf).send({
      title: 'Toelichting uurtarieven', rationale: 'Alleen de toelichting.', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', submit: true,
      files: [{ path: TARIFFS, text }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.submitWarnings).toEqual([]);
  });
});
