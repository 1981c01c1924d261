import { describe, expect, it } from 'vitest';
import { evaluate, type EvaluateResponse } from '../../src/evaluate/evaluate.js';
import { readPath } from '../../src/evaluate/run-decision.js';
import type { Decision, MissingDecl } from '../../src/load/model.js';
import { loadProject, projectFactSchemas } from '../../src/evaluate/project.js';
import { withoutFact } from '../helpers/without-fact.js';

// For every decision of every shipped version: take each passing YAML case, leave out one optional
// fact it gives, and check that the answer never hides a check it did not perform.
const project = loadProject();
const facts = projectFactSchemas();

const covers = (decl: MissingDecl, path: string) => decl.fact === path || path.startsWith(decl.fact + '.') || decl.fact.startsWith(path + '.');
function meaningFor(d: Decision, ruleId: string, path: string): MissingDecl['meaning'] | undefined {
  const rule = d.rules.find((r) => r.id === ruleId);
  return (rule?.missing.find((m) => covers(m, path)) ?? d.missing.find((m) => covers(m, path)))?.meaning;
}


const fired = (r: EvaluateResponse) => new Map((r.trace ?? []).map((t) => [t.rule, t.fired]));

describe('a missing optional fact never passes a check that nothing performed', () => {
  for (const v of project.versions) {
    for (const d of v.decisions) {
      it(`${v.meta.protocol} ${v.meta.version} ${d.id}`, async () => {
        const optional = [...(facts.get(d.facts)?.optional ?? [])];
        const cases = v.tests.filter((s) => s.decision === d.id).flatMap((s) => s.cases);
        let tried = 0;
        let notPerformed = 0;
        for (const c of cases) {
          const base = { protocol: v.meta.protocol, decision: d.id, version: v.meta.version, date: c.date, explain: true };
          const before = await evaluate(project.registry, { ...base, facts: c.facts }, { today: c.today });
          for (const path of optional) {
            const reduced = withoutFact(c.facts, path);
            if (!reduced) continue;
            tried++;
            const after = await evaluate(project.registry, { ...base, facts: reduced }, { today: c.today });
            const pointer = '/facts/' + path.split('.').join('/');
            const listed = new Set(after.missing.flatMap((m) => m.rules));
            // A rule whose verdict flipped is either listed as not performed, or its rule file says what absence means.
            const was = fired(before);
            for (const [rule, now] of fired(after)) {
              if (was.get(rule) === now || listed.has(rule)) continue;
              const meaning = meaningFor(d, rule, path);
              expect(meaning === 'voorwaarde' || meaning === 'regel_vervalt', `${c.name}: zonder ${path} draait ${rule} om zonder vermelding (betekenis: ${meaning})`).toBe(true);
            }
            if (after.outcome === 'onvoldoende_gegevens') {
              notPerformed++;
              expect(after.missing.length, `${c.name} zonder ${path}`).toBeGreaterThan(0);
              expect(after.events.some((e) => e.code === '8001'), 'geen goedkeuring bij onvoldoende gegevens').toBe(false);
            }
            for (const m of after.missing) expect(m.message.length).toBeGreaterThan(10);
            // A fact that held up a check is named at its own pointer (or the object it sits in).
            const heldUp = after.missing.filter((m) => m.rules.some((id) => !before.missing.some((b) => b.rules.includes(id))));
            for (const m of heldUp) {
              const related = m.pointer === pointer || m.pointer.startsWith(pointer + '/') || pointer.startsWith(m.pointer + '/');
              const alreadyAbsent = readPath(c.facts, m.pointer.slice('/facts/'.length).split('/').join('.')) == null;
              expect(related || alreadyAbsent, `${c.name}: ${m.pointer} bij het weglaten van ${pointer}`).toBe(true);
            }
          }
        }
        // A decision whose facts are all required has nothing to leave out (budgetberekening).
        expect(tried > 0, 'the cases give optional facts to leave out').toBe(optional.length > 0);
        const deciding = [...d.missing, ...d.rules.flatMap((r) => r.missing)].some((m) => m.meaning === 'onvoldoende_gegevens');
        if (deciding) expect(notPerformed, 'leaving out a deciding fact gives onvoldoende_gegevens in some case').toBeGreaterThan(0);
      });
    }
  }
});

describe('the known silent defaults are gone', () => {
  const declaratie = () => ({
    toewijzing: { toewijzingNummer: 1201, productCategorie: '45', productCode: null, ingangsdatum: '2024-09-01', einddatum: '2025-08-31', budget: 750000, omvang: null, redenWijziging: null },
    prestatie: { toewijzingNummer: 1201, productCategorie: '45', productCode: '45A03', productPeriode: { begindatum: '2025-02-01', einddatum: '2025-02-28' }, geleverdVolume: 90, eenheid: '01', productTarief: 132, ingediendBedrag: 11856 },
    eerderGedeclareerd: 120000,
    ingediendOp: '2025-03-05',
    professional: { functie: 'kinder- en jeugdtherapeut', caoSchaal: 9 } as Record<string, unknown> | undefined,
  });
  const ask = (f: Record<string, unknown>) => evaluate(project.registry, { protocol: 'RAP', decision: 'declaratie', facts: f });

  it('a declaration without professional is approved and says the tariff-group check was not performed', async () => {
    const f = declaratie();
    delete f.professional;
    const r = await ask(f);
    expect(r.outcome).toBe('goedgekeurd');
    expect(r.missing).toEqual([{ pointer: '/facts/professional', message: expect.stringContaining('tariefgroep'), rules: expect.arrayContaining(['rap.declaratie.tariefgroep-professional']) }]);
  });

  it('an unknown function or an SPV\'er without scale: the tariff group is named as not checked', async () => {
    // The pointer names what is absent: the scale of the SPV'er; for an unknown function (nothing absent) the professional.
    for (const [professional, pointer] of [[{ functie: 'kok', caoSchaal: 5 }, '/facts/professional'], [{ functie: "SPV'er" }, '/facts/professional/caoSchaal']] as const) {
      const r = await ask({ ...declaratie(), professional });
      expect(r.missing.map((m) => m.pointer)).toEqual([pointer]);
      expect(r.missing[0].message).toMatch(/niet te bepalen/);
    }
  });

  it('a missing eerderGedeclareerd is not zero: an exhausted budget is not passed', async () => {
    const f: Record<string, unknown> = declaratie();
    delete f.eerderGedeclareerd;
    const r = await ask(f);
    expect(r.outcome).toBe('onvoldoende_gegevens');
    expect(r.events.map((e) => e.code)).not.toContain('8001');
    expect(r.missing.map((m) => m.pointer)).toEqual(['/facts/eerderGedeclareerd']);
  });

  it('every answer says whether it rests on placeholders, and names them', async () => {
    const r = await ask(declaratie());
    expect(r.illustrative).toBe(true);
    expect(r.illustrativeBasis).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'row', table: 'tarieven', ref: 'tarieven:45A03@2025-01-01' })]));
    // The therapist's tariff group TG3 from 2025 is in the letters: that row is no placeholder.
    expect(r.illustrativeBasis.some((b) => b.table === 'beroepentabel')).toBe(false);
    const spv = await ask({ ...declaratie(), professional: { functie: "SPV'er", caoSchaal: 9 } });
    expect(spv.illustrativeBasis).toEqual(expect.arrayContaining([expect.objectContaining({ table: 'beroepentabel', ref: "beroepentabel:SPV'er,..9" })]));
    const route = await evaluate(project.registry, { protocol: 'RTP', decision: 'routekaart', facts: { datum: '2025-03-01', route: 'overname', overgenomenAanbiederGecontracteerd: true, schriftelijkeInstemmingRsj: true } });
    expect(route).toMatchObject({ outcome: 'route_4', illustrative: false, illustrativeBasis: [], missing: [] });
  });

  it('messages never state a value that was not given', async () => {
    const r = await evaluate(project.registry, { protocol: 'RTP', decision: 'toewijzing', facts: { verwijzer: { type: '01' }, toewijzing: { vorm: 'keuzebudget', budget: 300000, ingangsdatum: '2024-03-01', einddatum: '2024-12-31', productCategorie: '45' } } });
    expect(r.outcome).toBe('afgewezen');
    for (const e of r.events) expect(e.message).not.toMatch(/null|undefined/);
  });
});
