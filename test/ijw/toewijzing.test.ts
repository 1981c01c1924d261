/**
 * POST /api/v1/ijw/toewijzing: a JW315 request or a JW301 allocation through
 * RTP toewijzing, answered per product with its reasons. The JW315 names a
 * referrer per product; a JW301 names none.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { aangevraagd, allocation, app, jw301, jw315 } from './fixtures.js';

const a = app();
const post = (body: object) => request(a).post('/api/v1/ijw/toewijzing').send(body);

describe('JW315 in: each product through RTP toewijzing', () => {
  it('allows a standard keuzebudget from a GP and refuses one that is no standard budget, with the reason', async () => {
    const r = await post({ jw315: jw315([aangevraagd({ referentie: 'A1' }), aangevraagd({ referentie: 'A2', budget: 300000 })]) });
    expect(r.status).toBe(200);
    expect(r.body.bericht).toBe('JW315');
    expect(r.body.producten.map((p: { referentie: string; outcome: string }) => [p.referentie, p.outcome])).toEqual([['A1', 'toegestaan'], ['A2', 'afgewezen']]);
    expect(r.body.producten[0].facts).toMatchObject({ verwijzer: { type: '02' }, toewijzing: { vorm: 'keuzebudget', budget: 250000, productCategorie: '45' } });
    expect(r.body.producten[1].events.map((e: { rule: string }) => e.rule)).toContain('rtp.toewijzing.huisarts-twee-budgetten');
    expect(r.body.producten[0].version).toBe('2.0');
  });

  it('takes the referrer per product: the same budget from a GP and from a GI gets different answers', async () => {
    const r = await post({ jw315: jw315([aangevraagd({ referentie: 'HA' }), aangevraagd({ referentie: 'GI', verwijzer: { type: '04' } })]) });
    expect(r.status).toBe(200);
    expect(r.body.producten.map((p: { facts: { verwijzer: { type: string } } }) => p.facts.verwijzer.type)).toEqual(['02', '04']);
    expect(r.body.producten[0].outcome).toBe('toegestaan');
    expect(r.body.producten[1].events.map((e: { rule: string }) => e.rule)).toContain('rtp.toewijzing.gi-altijd-offerte');
  });

  it('counts the running allocations of the client sent along (41T01 only beside groepsaanbod), listing them once', async () => {
    const vraag = jw315([aangevraagd({ referentie: 'T1', productCategorie: '41', productCode: '41T01', ingangsdatum: '2025-03-01', einddatum: '2025-05-31', budget: null, omvang: { volume: 40, eenheid: '04', frequentie: '6' }, verwijzer: { type: '01' } })]);
    // Nothing said about running allocations: the check cannot be made, and the answer says which fact it needs.
    const unknown = await post({ jw315: vraag });
    expect(unknown.body.producten[0].outcome).toBe('onvoldoende_gegevens');
    expect(unknown.body.producten[0].missing.map((m: { pointer: string }) => m.pointer)).toContain('/facts/lopendeToewijzingen');
    const alone = await post({ jw315: vraag, lopend: [] });
    expect(alone.body.producten[0].outcome).toBe('afgewezen');
    expect(alone.body.producten[0].events.map((e: { rule: string }) => e.rule)).toContain('rtp.toewijzing.tijdelijke-inzet-alleen-naast-perceel');
    const lopend = jw301([allocation({ toewijzingNummer: 5001, productCategorie: '41', productCode: '41G01', ingangsdatum: '2025-01-01', einddatum: '2025-12-31', budget: null, omvang: { volume: 100, eenheid: '04', frequentie: '6' } })]);
    const beside = await post({ jw315: vraag, lopend: [lopend] });
    expect(beside.body.producten[0].outcome).toBe('toegestaan');
    expect(beside.body.lopend).toEqual([{ toewijzingNummer: 5001, productCode: '41G01', productCategorie: '41', ingangsdatum: '2025-01-01', einddatum: '2025-12-31' }]);
    expect(beside.body.producten[0].facts.lopendeToewijzingenAantal).toBe(1);
    expect(beside.body.producten[0].facts.lopendeToewijzingen).toBeUndefined();
  });
});

describe('JW301 in (a JW301 names no referrer)', () => {
  const budget = allocation({ ingangsdatum: '2025-02-01', einddatum: '2025-12-31', budget: 250000 });

  it('with the referrer in the envelope: judged as such', async () => {
    const r = await post({ jw301: jw301([budget]), verwijzer: { type: '02' } });
    expect(r.body.bericht).toBe('JW301');
    expect(r.body.producten[0]).toMatchObject({ referentie: '1201', outcome: 'toegestaan', toegestaan: true, facts: { verwijzer: { type: '02' } } });
  });

  it('without it: onvoldoende_gegevens naming /facts/verwijzer/type where the outcome depends on the referrer', async () => {
    const r = await post({ jw301: jw301([budget]) });
    expect(r.status).toBe(200);
    const p = r.body.producten[0];
    expect(p).toMatchObject({ outcome: 'onvoldoende_gegevens', toegestaan: false });
    expect(p.missing.map((m: { pointer: string }) => m.pointer)).toContain('/facts/verwijzer/type');
    expect(p.perVerwijzerType['02']).toBe('toegestaan');
    expect(p.perVerwijzerType['04']).toBe('afgewezen');
  });

  it('without it: answered when the outcome does not depend on the referrer (a specific product without Omvang is refused by every referrer)', async () => {
    const specifiek = allocation({ productCategorie: '45', productCode: '45A03', ingangsdatum: '2025-02-01', einddatum: '2025-12-31', budget: null, omvang: null });
    const r = await post({ jw301: jw301([specifiek]), lopend: [] });
    const p = r.body.producten[0];
    expect(p.outcome).toBe('afgewezen');
    expect(p.perVerwijzerType).toBeUndefined();
    expect(p.facts.verwijzer).toBeUndefined();
  });

  it('refuses an envelope with both or neither message, and a JW315 product without Verwijzer (naming where)', async () => {
    expect((await post({})).status).toBe(400);
    expect((await post({ jw315: 'x', jw301: 'y' })).status).toBe(400);
    const noVerwijzer = jw315().replace(/<Verwijzer>[\s\S]*?<\/Verwijzer>/, '');
    const r = await post({ jw315: noVerwijzer });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].message).toMatch(/\/Bericht\/Client\/AangevraagdeProducten\/AangevraagdProduct: Verwijzer ontbreekt in AangevraagdProduct/);
  });
});
