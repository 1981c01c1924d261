/**
 * The return codes a provider reads per JW323 line (src/ijw/judge-declaratie.ts): every national code of
 * the rules that refused, once each; 0233 with the reason where a line's answer is not a refusal or a grant.
 */
import { describe, expect, it } from 'vitest';
import { allocation, app, BSN, jw301, jw323, line, postJson } from './fixtures.js';

const a = app();

describe('return codes per JW323 line', () => {
  it('a line refused for three reasons carries each national code once', async () => {
    // A 2024 tariff in 2025 (0611), so an amount that is not IV081's (9346), and over the budget (9369).
    const l = line({ productTarief: 127, ingediend: { bedrag: 11430, debetCredit: 'D' } });
    const r = await postJson(a, '/api/v1/ijw/declaratie', { jw323: jw323([{ bsn: BSN, lines: [l] }]), jw301: [jw301([allocation({ budget: 10000 })])] });
    expect(r.status).toBe(200);
    const [p] = r.body.prestaties;
    expect(p.outcome).toBe('afgekeurd');
    expect([...p.retourCodes].sort()).toEqual(['0611', '9346', '9369']);
    expect(r.body.declaratieAntwoord.totaalToegekendBedrag).toBe(0);
  });

  it('a line whose answer depends on a missing fact is not granted: 0233, naming the outcome', async () => {
    // A budget allocation without its budget: TR369 cannot be judged.
    const r = await postJson(a, '/api/v1/ijw/declaratie', { jw323: jw323(), jw301: [jw301([allocation({ budget: null })])] });
    const [p] = r.body.prestaties;
    expect(p).toMatchObject({ outcome: 'onvoldoende_gegevens', toegekend: false, retourCodes: ['0233'], codeToelichting: 'niet beoordeeld (onvoldoende_gegevens)' });
    expect(r.body.declaratieAntwoord.totaalToegekendBedrag).toBe(0);
  });
});
