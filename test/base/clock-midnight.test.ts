/**
 * One clock (src/base/clock.ts): at 23:30 UTC on 31 December it is already 1 January in Amsterdam, and
 * the rules (`vandaag`), the amendment procedure and the editor's default all say so.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { amsterdamDate, fixedClock, now, setClock, today } from '../../src/base/clock.js';
import { evaluate } from '../../src/evaluate/evaluate.js';
import { loadProject } from '../../src/evaluate/project.js';
import { todayAmsterdam } from '../../editor/src/format.js';
import { rewordOverleg, startService, type TestService } from '../amend/helpers.js';

const NEW_YEARS_EVE = '2025-12-31T23:30:00Z';
let svc: TestService | undefined;

afterEach(async () => {
  setClock();
  await svc?.close();
  svc = undefined;
});

describe('the one clock at 23:30 UTC on 31 December', () => {
  it('gives the Amsterdam date, not the UTC date, and tests can set it', () => {
    setClock(fixedClock(NEW_YEARS_EVE));
    expect(now().toISOString()).toBe('2025-12-31T23:30:00.000Z');
    expect(today()).toBe('2026-01-01');
    expect(todayAmsterdam()).toBe('2026-01-01');
    expect(amsterdamDate(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01'); // summer time: UTC+2
    setClock();
    expect(today()).toBe(amsterdamDate(new Date()));
  });

  it('rules and procedure agree on the date', async () => {
    svc = await startService({ now: NEW_YEARS_EVE });
    setClock(svc.clock);

    // A rule reading `vandaag`: a new budget calculation dated 31 December uses last year's tariffs now.
    const { registry } = loadProject();
    const r = await evaluate(registry, {
      protocol: 'RTP', decision: 'budgetberekening', date: '2025-12-31',
      facts: { berekendOp: '2025-12-31', modus: 'nieuw', uren: [{ tariefgroep: 'TG3', uren: 20 }] },
    });
    expect(r.outcome).toBe('geweigerd');
    const refusal = r.events.find((e) => e.rule === 'rtp.budgetberekening.geen-oude-tarieven-voor-nieuwe-berekening');
    expect(refusal?.params).toMatchObject({ jaar: 2025, dit_jaar: 2026 });

    // The procedure: a wijzigen proposal submitted now is submitted on 1 January 2026 (Dutch calendar day).
    const author = await svc.login('indiener');
    const created = await author.agent.post('/api/v1/proposals').set('X-CSRF-Token', author.csrf)
      .send({ title: 'Overleg met RSJ', rationale: 'Omdat het nodig is.', protocol: 'RTP', baseVersion: '2.0', category: 'wijzigen', files: rewordOverleg() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const submitted = await author.agent.post(`/api/v1/proposals/${created.body.id}/submit`).set('X-CSRF-Token', author.csrf).send({});
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const view = (await author.agent.get(`/api/v1/proposals/${created.body.id}`)).body;
    expect(view.earliestValidFrom).toBe('2027-01-01');
    const entry = (view.history as { reason?: string | null }[]).find((h) => h.reason?.startsWith('ingediend op'));
    expect(entry?.reason).toContain('ingediend op 2026-01-01');
    // The date the rules used is the procedure's date.
    expect(entry?.reason).toContain(`ingediend op ${today()}`);
  });
});
