/**
 * How the lines of one JW323 depend on each other and on the allocations given with it
 * (src/ijw/judge-declaratie.ts): whose allocation a line may use, which earlier lines count towards
 * a budget, a line no rule version can judge, and how many lines carry their trace with explain.
 */
import { describe, expect, it } from 'vitest';
import { judgeDeclaratie } from '../../src/ijw/judge-declaratie.js';
import { parseJw323 } from '../../src/ijw/jw323.js';
import { loadProject, SHIPPED_RULES_DIR } from '../../src/evaluate/project.js';
import { readRuleFiles } from '../../src/load/rule-source.js';
import { createApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';
import { allocation, app, BSN, BSN2, jw301, jw323, LIMITS, line, postJson, registry } from './fixtures.js';

const a = app();

describe('the lines of one declaration', () => {
  it("a JW301 allocation serves only its own client's lines; an allocation given as facts serves any client", async () => {
    const other = line({ referentieNummer: 'R2', einddatum: '2025-02-14' });
    const fromJw301 = await postJson(a, '/api/v1/ijw/declaratie', { jw323: jw323([{ bsn: BSN, lines: [line()] }, { bsn: BSN2, lines: [other] }]), jw301: [jw301([allocation()], BSN)] });
    expect(fromJw301.status).toBe(200);
    const byRef = Object.fromEntries(fromJw301.body.prestaties.map((p: { referentieNummer: string }) => [p.referentieNummer, p]));
    expect(byRef.R1).toMatchObject({ outcome: 'goedgekeurd', toegekend: true });
    // The other client's line names the same ToewijzingNummer, but that allocation is not hers: TR338.
    expect(byRef.R2).toMatchObject({ outcome: 'afgekeurd', toegekend: false, retourCodes: ['9338'] });

    const asFacts = await postJson(a, '/api/v1/ijw/declaratie', { jw323: jw323([{ bsn: BSN2, lines: [other] }]), toewijzingen: [{ ...allocation() }] });
    expect(asFacts.status).toBe(200);
    expect(asFacts.body.prestaties[0]).toMatchObject({ outcome: 'goedgekeurd', toegekend: true });
  });

  it('a refused line does not use up the budget of a later line on the same allocation; an approved one does', async () => {
    // Budget EUR 200. Line 1 (EUR 118.56) is refused for its tariff (0611); line 2 (EUR 118.56) then still fits.
    const first = { referentieNummer: 'R1', einddatum: '2025-02-14' };
    const second = { referentieNummer: 'R2', begindatum: '2025-02-15' };
    const refusedFirst = [line({ ...first, productTarief: 127 }), line(second)];
    const r1 = await postJson(a, '/api/v1/ijw/declaratie', { jw323: jw323([{ bsn: BSN, lines: refusedFirst }]), jw301: [jw301([allocation({ budget: 20000 })])] });
    expect(r1.body.prestaties.map((p: { retourCodes: string[] }) => p.retourCodes)).toEqual([['0611'], ['8001']]);
    expect(r1.body.declaratieAntwoord.totaalToegekendBedrag).toBe(11856);

    // The same two lines, both correct: the second goes over the budget (9369).
    const bothRight = [line(first), line(second)];
    const r2 = await postJson(a, '/api/v1/ijw/declaratie', { jw323: jw323([{ bsn: BSN, lines: bothRight }]), jw301: [jw301([allocation({ budget: 20000 })])] });
    expect(r2.body.prestaties.map((p: { retourCodes: string[] }) => p.retourCodes)).toEqual([['8001'], ['9369']]);
  });

  it('a line delivered before any rule version is in force is not judged: 0233, with the reason, and not granted', async () => {
    const old = line({ begindatum: '2022-02-01', einddatum: '2022-02-28' });
    const r = await postJson(a, '/api/v1/ijw/declaratie', {
      jw323: jw323([{ bsn: BSN, lines: [old] }], { periode: { begindatum: '2022-02-01', einddatum: '2022-02-28' } }),
      jw301: [jw301([allocation({ ingangsdatum: '2022-01-01' })])],
    });
    expect(r.status).toBe(200);
    const [p] = r.body.prestaties;
    expect(p).toMatchObject({ outcome: 'niet_beoordeeld', toegekend: false, retourCodes: ['0233'], codeToelichting: 'niet beoordeeld (geen regelversie of ongeldige feiten)' });
    expect(p.error.code).toBe('no_version_in_force');
    expect(r.body.declaratieAntwoord.totaalToegekendBedrag).toBe(0);
  });

  it('with explain, only the first explainMaxLines lines carry their trace, and the answer says how many', async () => {
    const lines = [line({ referentieNummer: 'R1', einddatum: '2025-02-09' }), line({ referentieNummer: 'R2', begindatum: '2025-02-10', einddatum: '2025-02-19' }), line({ referentieNummer: 'R3', begindatum: '2025-02-20' })];
    const parsed = await parseJw323(jw323([{ bsn: BSN, lines }]), LIMITS);
    if (!parsed.ok) throw new Error('fixture does not parse');
    const allocations = [{ ...allocation(), bsn: BSN }];
    const r = await judgeDeclaratie(parsed.message, { registry, today: '2025-03-10', allocations, explain: true, explainMaxLines: 2 });
    expect(r.lines.map((l) => l.trace !== undefined)).toEqual([true, true, false]);
    expect(r.explain).toEqual({ metTrace: 2, zonderTrace: 1, maxRegels: 2 });

    const without = await judgeDeclaratie(parsed.message, { registry, today: '2025-03-10', allocations });
    expect(without.lines.every((l) => l.trace === undefined)).toBe(true);
    expect(without.explain).toBeUndefined();
  });
});

describe('a refusal by a rule without a national return code', () => {
  // The shipped RAP rules map every refusal to a national code. A rule set whose tariff rule names none
  // (a regional rule not yet mapped) must still refuse the line, with 0233 naming the rule.
  const files = readRuleFiles(SHIPPED_RULES_DIR);
  const path = 'rap/2.0/decisions/declaratie.yaml';
  const text = files.get(path)!;
  const at = text.indexOf('id: rap.declaratie.producttarief-gecontracteerd');
  const codeLine = text.indexOf('      code: "0611"\n', at);
  files.set(path, text.slice(0, codeLine) + text.slice(codeLine + '      code: "0611"\n'.length));
  const unmapped = createApp({ holder: createRegistryHolder(loadProject(files).registry), logger: createLogger('silent'), today: () => '2025-03-10' });

  it('alone: 0233, naming the rule, and not granted', async () => {
    const r = await postJson(unmapped, '/api/v1/ijw/declaratie', { jw323: jw323([{ bsn: BSN, lines: [line({ productTarief: 127 })] }]), jw301: [jw301()] });
    expect(r.body.prestaties[0]).toMatchObject({
      outcome: 'afgekeurd', toegekend: false, retourCodes: ['0233'],
      codeToelichting: 'afgekeurd door een regel zonder landelijke retourcode (rap.declaratie.producttarief-gecontracteerd)',
    });
    expect(r.body.declaratieAntwoord.totaalToegekendBedrag).toBe(0);
  });

  it('next to a rule with a national code: only that code', async () => {
    const r = await postJson(unmapped, '/api/v1/ijw/declaratie', { jw323: jw323([{ bsn: BSN, lines: [line({ productTarief: 127 })] }]), jw301: [jw301([allocation({ budget: 10000 })])] });
    expect(r.body.prestaties[0]).toMatchObject({ outcome: 'afgekeurd', toegekend: false, retourCodes: ['9369'] });
    expect(r.body.prestaties[0].codeToelichting).toBeUndefined();
  });
});
