/**
 * A JW301 names no referrer: each product is judged for every referrer type (src/ijw/judge-toewijzing.ts).
 * Where the outcome is the same but the reasons differ, the answer keeps the outcome, gives only the
 * reasons every referrer shares, and names the others under missing.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { allocation, app, jw301 } from './fixtures.js';

const a = app();

describe('a JW301 product judged without referrer', () => {
  it('refused by every referrer, but for reasons that differ: refused, with the shared reason, and the others named', async () => {
    // EUR 3.000 is no standard budget for anyone; a GP and a GI each have a reason of their own besides.
    const r = await request(a).post('/api/v1/ijw/toewijzing').send({ jw301: jw301([allocation({ productCategorie: '45', ingangsdatum: '2025-02-01', einddatum: '2025-12-31', budget: 300000 })]) });
    expect(r.status).toBe(200);
    const p = r.body.producten[0];
    expect(p.outcome).toBe('afgewezen');
    expect(p.perVerwijzerType).toBeUndefined();
    expect(p.events.map((e: { rule: string }) => e.rule)).toEqual(['rtp.toewijzing.keuzebudget-standaardbedrag']);
    const verwijzer = p.missing.find((m: { pointer: string }) => m.pointer === '/facts/verwijzer/type');
    expect(verwijzer.message).toBe('De verwijzer ontbreekt (een JW301 noemt haar niet); de uitkomst hangt er niet van af, deze redenen wel en zijn weggelaten.');
    expect([...verwijzer.rules].sort()).toEqual(['rtp.toewijzing.gi-altijd-offerte', 'rtp.toewijzing.huisarts-twee-budgetten']);
  });

  it('where the outcome differs: onvoldoende_gegevens with the outcome per referrer type and the reason the referrer is needed', async () => {
    const r = await request(a).post('/api/v1/ijw/toewijzing').send({ jw301: jw301([allocation({ productCategorie: '45', ingangsdatum: '2025-02-01', einddatum: '2025-12-31', budget: 500000 })]) });
    const p = r.body.producten[0];
    expect(p.outcome).toBe('onvoldoende_gegevens');
    expect(p.perVerwijzerType).toEqual({ '01': 'toegestaan', '02': 'afgewezen', '03': 'toegestaan', '04': 'afgewezen', '05': 'toegestaan', '06': 'toegestaan', '08': 'toegestaan' });
    const verwijzer = p.missing.find((m: { pointer: string }) => m.pointer === '/facts/verwijzer/type');
    expect(verwijzer.message).toBe('De verwijzer ontbreekt (een JW301 noemt haar niet) en de uitkomst hangt ervan af; geef verwijzer in de envelop.');
    // The refusals of a GP and a GI, and the allowance of the others, each hold for some referrers only.
    expect([...verwijzer.rules].sort()).toEqual(['rtp.toewijzing.gi-altijd-offerte', 'rtp.toewijzing.huisarts-twee-budgetten', 'rtp.toewijzing.toegestaan']);
    expect(p.events).toEqual([]);
  });
});
