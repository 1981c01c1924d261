/**
 * POST /api/v1/ijw/toewijzing: a JW315 request or a JW301 allocation through
 * RTP toewijzing, answered per product with its reasons.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { IJW_NS } from '../../src/ijw/read.js';
import { xmlDocument, type XmlNode } from '../../src/ijw/xml-write.js';
import { allocation, app, BSN, jw301 } from './fixtures.js';

const a = app();
const post = (body: object) => request(a).post('/api/v1/ijw/toewijzing').send(body);

interface Aangevraagd { ref: string; categorie?: string; code?: string; ingang: string; eind?: string; budget?: number; omvang?: [number, string, string] }
function jw315(verwijzer: string, producten: Aangevraagd[]): string {
  return xmlDocument(IJW_NS('jw315'), [
    ['Header', [['BerichtCode', '446'], ['BerichtVersie', 3], ['BerichtSubversie', 2], ['Afzender', '12345678'], ['Ontvanger', '0193'], ['Identificatie', 'VOT-1'], ['Dagtekening', '2025-01-20']]],
    ['Client', [['Bsn', BSN], ['Verwijzer', [['Type', verwijzer]]], ['AangevraagdeProducten', producten.map((p): XmlNode => ['AangevraagdProduct', [
      ['ReferentieAanbieder', p.ref], ['ProductCategorie', p.categorie], ['ProductCode', p.code], ['ToewijzingIngangsdatum', p.ingang], ['ToewijzingEinddatum', p.eind],
      ['Omvang', p.omvang ? [['Volume', p.omvang[0]], ['Eenheid', p.omvang[1]], ['Frequentie', p.omvang[2]]] : undefined], ['Budget', p.budget],
    ]])]]],
  ]);
}

describe('JW315 in: each product through RTP toewijzing', () => {
  it('allows a standard keuzebudget from a GP and refuses one that is no standard budget, with the reason', async () => {
    const r = await post({ jw315: jw315('02', [
      { ref: 'A1', categorie: '45', ingang: '2025-02-01', eind: '2025-12-31', budget: 250000 },
      { ref: 'A2', categorie: '45', ingang: '2025-02-01', eind: '2025-12-31', budget: 300000 },
    ]) });
    expect(r.status).toBe(200);
    expect(r.body.bericht).toBe('JW315');
    expect(r.body.producten.map((p: { referentie: string; outcome: string }) => [p.referentie, p.outcome])).toEqual([['A1', 'toegestaan'], ['A2', 'afgewezen']]);
    expect(r.body.producten[0].facts).toMatchObject({ verwijzer: { type: '02' }, toewijzing: { vorm: 'keuzebudget', budget: 250000, productCategorie: '45' } });
    expect(r.body.producten[1].events.map((e: { rule: string }) => e.rule)).toContain('rtp.toewijzing.huisarts-twee-budgetten');
    expect(r.body.producten[0].version).toBe('2.0');
  });

  it('counts the running allocations of the client sent along (41T01 only beside groepsaanbod)', async () => {
    const vraag = jw315('01', [{ ref: 'T1', categorie: '41', code: '41T01', ingang: '2025-03-01', eind: '2025-05-31', omvang: [40, '04', '6'] }]);
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
    expect(beside.body.producten[0].facts.lopendeToewijzingen).toEqual([{ productCode: '41G01', productCategorie: '41', ingangsdatum: '2025-01-01', einddatum: '2025-12-31' }]);
  });
});

describe('JW301 in', () => {
  it('judges each Toewijzing; without a Verwijzer the product is not judged and says why', async () => {
    const r = await post({ jw301: jw301([allocation({ ingangsdatum: '2025-02-01', einddatum: '2025-12-31', budget: 250000 })], BSN, '01') });
    expect(r.body.bericht).toBe('JW301');
    expect(r.body.producten[0]).toMatchObject({ referentie: '1201', outcome: 'toegestaan', toegestaan: true });
    const none = await post({ jw301: jw301([allocation({ ingangsdatum: '2025-02-01', einddatum: '2025-12-31', budget: 250000 })]) });
    expect(none.body.producten[0]).toMatchObject({ outcome: 'niet_beoordeeld', toegestaan: false, error: { code: 'invalid_facts' } });
    expect(none.body.producten[0].error.details.map((d: { message: string }) => d.message).join(' ')).toMatch(/verwijzer/);
  });

  it('refuses an envelope with both or neither message, and a JW315 without Verwijzer', async () => {
    expect((await post({})).status).toBe(400);
    expect((await post({ jw315: 'x', jw301: 'y' })).status).toBe(400);
    const noVerwijzer = jw315('01', [{ ref: 'A', categorie: '45', ingang: '2025-02-01', budget: 100000 }]).replace(/<Verwijzer>[\s\S]*?<\/Verwijzer>/, '');
    const r = await post({ jw315: noVerwijzer });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].message).toMatch(/Verwijzer ontbreekt in Client/);
  });
});
