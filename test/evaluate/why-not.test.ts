import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { evaluate, type EvaluateRequest } from '../../src/evaluate/evaluate.js';
import { whyNot, type WhyNot } from '../../src/evaluate/why-not.js';
import { createWhyNotBudget } from '../../src/evaluate/why-not-budget.js';
import { loadProject } from '../../src/evaluate/project.js';
import { createApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';

// These tests check answers, not the thread-wide budget (tested below with a fake clock): at a share of 1
// the bucket refills as fast as time passes, so a slow machine never truncates a search here.
process.env.WHY_NOT_SHARE = '1';
const registry = loadProject().registry;
const today = '2025-06-01';

/** Sets one dotted path in a copy of the facts. */
function changed(facts: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(facts);
  const parts = path.split('.');
  let cur = copy as Record<string, unknown>;
  for (const k of parts.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  cur[parts[parts.length - 1]] = value;
  return copy;
}

/** Independently of why-not: each reported value, alone, keeps the rule from firing and gives the stated outcome. */
async function reEvaluate(req: EvaluateRequest, w: WhyNot) {
  let checked = 0;
  for (const r of w.rules) {
    for (const c of r.changes) {
      for (const v of c.values) {
        const a = await evaluate(registry, { ...req, facts: changed(req.facts, c.fact, v) }, { today });
        expect(a.events.map((e) => e.rule), `${c.fact} = ${JSON.stringify(v)}`).not.toContain(r.rule);
        expect(a.outcome, `${c.fact} = ${JSON.stringify(v)}`).toBe(c.outcome);
        checked++;
      }
    }
  }
  return checked;
}

async function explain(req: EvaluateRequest) {
  const answer = await evaluate(registry, req, { today });
  return { answer, why: await whyNot(registry, req, answer, { today }) };
}

const change = (w: WhyNot, rule: string, fact: string, outcome: string) =>
  w.rules.find((r) => r.rule === rule)?.changes.find((c) => c.fact === fact && c.outcome === outcome);

const declaratie = (prestatie: Record<string, unknown>, professional: Record<string, unknown>): EvaluateRequest => ({
  protocol: 'RAP', decision: 'declaratie',
  facts: {
    toewijzing: { toewijzingNummer: 1201, productCategorie: '45', productCode: null, ingangsdatum: '2024-09-01', einddatum: '2025-08-31', budget: 750000, omvang: null, redenWijziging: null },
    prestatie: { toewijzingNummer: 1201, productCategorie: '45', productCode: '45A03', productPeriode: { begindatum: '2025-02-01', einddatum: '2025-02-28' }, geleverdVolume: 90, eenheid: '01', productTarief: 132, ingediendBedrag: 11856, ...prestatie },
    eerderGedeclareerd: 120000,
    professional,
  },
});

describe('why not (explain: "waarom-niet")', () => {
  it('the GP budget: a GP choosing EUR 5.000 would have been allowed with 100000 or 250000', async () => {
    const req: EvaluateRequest = { protocol: 'RTP', decision: 'toewijzing', facts: { verwijzer: { type: '02' }, toewijzing: { vorm: 'keuzebudget', budget: 500000, ingangsdatum: '2025-02-01', einddatum: '2025-12-31', productCategorie: '45' } } };
    const { answer, why } = await explain(req);
    expect(answer.outcome).toBe('afgewezen');
    expect(why.rules.map((r) => r.rule)).toEqual(['rtp.toewijzing.huisarts-twee-budgetten']);
    const budget = change(why, 'rtp.toewijzing.huisarts-twee-budgetten', 'toewijzing.budget', 'toegestaan')!;
    expect(budget).toMatchObject({ pointer: '/facts/toewijzing/budget', current: 500000, values: [100000, 250000], message: 'met toewijzing.budget 100000 of 250000 was dit toegestaan' });
    // Another referrer type lifts this rule; a GI (04) is still refused by its own rule, and the answer says so.
    expect(change(why, 'rtp.toewijzing.huisarts-twee-budgetten', 'verwijzer.type', 'afgewezen')).toMatchObject({ values: ['04'], stillRefusedBy: ['rtp.toewijzing.gi-altijd-offerte'] });
    expect(change(why, 'rtp.toewijzing.huisarts-twee-budgetten', 'toewijzing.vorm', 'toegestaan')?.values).toEqual(['offerte']);
    expect(await reEvaluate(req, why)).toBeGreaterThanOrEqual(6);
  });

  it("the tariff group: a SPV'er at scale 10 (TG4) declaring TG3 would have been approved at scale 9", async () => {
    const req = declaratie({}, { functie: "SPV'er", caoSchaal: 10 });
    const { answer, why } = await explain(req);
    expect(answer.outcome).toBe('afgekeurd');
    expect(why.rules.map((r) => r.rule)).toEqual(['rap.declaratie.tariefgroep-professional']);
    expect(change(why, 'rap.declaratie.tariefgroep-professional', 'professional.caoSchaal', 'goedgekeurd')).toMatchObject({ values: [9], message: 'met professional.caoSchaal 9 was dit goedgekeurd' });
    expect(change(why, 'rap.declaratie.tariefgroep-professional', 'professional.functie', 'goedgekeurd')?.values).toEqual(['kinder- en jeugdtherapeut']);
    // Declaring TG4's product lifts the tariff-group rule but not the amount and tariff checks.
    const other = change(why, 'rap.declaratie.tariefgroep-professional', 'prestatie.productCode', 'afgekeurd')!;
    expect(other.values).toContain('45A04');
    expect(other.stillRefusedBy).toContain('rap.declaratie.bedrag-volume-maal-tarief');
    expect(await reEvaluate(req, why)).toBeGreaterThanOrEqual(3);
  });

  it('the declaration amount: 12000 instead of 90 minutes x TG3 2025 would have been approved at 11856', async () => {
    const req = declaratie({ ingediendBedrag: 12000 }, { functie: 'kinder- en jeugdtherapeut', caoSchaal: 9 });
    const { answer, why } = await explain(req);
    expect(answer.events.map((e) => e.code)).toEqual(['9346']);
    const amount = change(why, 'rap.declaratie.bedrag-volume-maal-tarief', 'prestatie.ingediendBedrag', 'goedgekeurd')!;
    expect(amount).toMatchObject({ current: 12000, values: [11856], message: 'met prestatie.ingediendBedrag 11856 was dit goedgekeurd' });
    expect(why.rules[0].message).toContain('met prestatie.ingediendBedrag 11856 was dit goedgekeurd');
    expect(why.evaluations).toBeLessThan(100);
    expect(await reEvaluate(req, why)).toBeGreaterThanOrEqual(1);
  });

  it('past its budget it says truncated and shows nothing it did not verify', async () => {
    const req = declaratie({ ingediendBedrag: 12000 }, { functie: 'kinder- en jeugdtherapeut', caoSchaal: 9 });
    const before = process.env.WHY_NOT_TIME_BUDGET_MS;
    process.env.WHY_NOT_TIME_BUDGET_MS = '0.000001';
    try {
      const { why } = await explain(req);
      expect(why).toMatchObject({ truncated: true, evaluations: 1 });
      expect(why.rules.map((r) => [r.rule, r.changes, r.message])).toEqual([[
        'rap.declaratie.bedrag-volume-maal-tarief', [],
        'Ingediend bedrag is geleverd volume maal producttarief: geen wijziging van één feit gevonden die deze regel laat vervallen (niet alle mogelijkheden zijn binnen de rekentijd geprobeerd).',
      ]]);
    } finally {
      if (before === undefined) delete process.env.WHY_NOT_TIME_BUDGET_MS;
      else process.env.WHY_NOT_TIME_BUDGET_MS = before;
    }
  });

  it('explains nothing for an answer that is not a refusal', async () => {
    const req = declaratie({}, { functie: 'kinder- en jeugdtherapeut', caoSchaal: 9 });
    const { answer, why } = await explain(req);
    expect(answer.outcome).toBe('goedgekeurd');
    expect(why).toEqual({ rules: [], evaluations: 0 });
  });
});

describe('POST /api/v1/evaluate with explain: "waarom-niet"', () => {
  const app = createApp({ holder: createRegistryHolder(registry), logger: createLogger('silent'), today: () => today });
  const gp = { protocol: 'RTP', decision: 'toewijzing', facts: { verwijzer: { type: '02' }, toewijzing: { vorm: 'keuzebudget', budget: 500000, ingangsdatum: '2025-02-01', einddatum: '2025-12-31', productCategorie: '45' } } };

  it('answers waaromNiet beside the decision and its trace (waarom-niet is explain and more)', async () => {
    const r = await request(app).post('/api/v1/evaluate').send({ ...gp, explain: 'waarom-niet' });
    expect(r.status).toBe(200);
    expect(r.body.outcome).toBe('afgewezen');
    expect(r.body.trace.length).toBeGreaterThan(0);
    expect(r.body.waaromNiet.rules[0].message).toContain('met toewijzing.budget 100000 of 250000 was dit toegestaan');
    const plain = await request(app).post('/api/v1/evaluate').send(gp);
    expect(plain.body.waaromNiet).toBeUndefined();
  });

  it("the editor's Probeer (POST /api/v1/drafts/evaluate) answers it on the draft", async () => {
    const path = 'rtp/2.0/tables/standaardbudgetten.yaml';
    const text = loadProject().files.get(path)!.replace('{ bedrag: 500000, huisarts: false', '{ bedrag: 500000, huisarts: true');
    const r = await request(app).post('/api/v1/drafts/evaluate').send({ protocol: 'RTP', baseVersion: '2.0', files: [{ path, text }], request: { decision: 'toewijzing', facts: { ...gp.facts, toewijzing: { ...gp.facts.toewijzing, budget: 750000 } }, explain: 'waarom-niet' } });
    expect(r.status).toBe(200);
    expect(r.body.outcome).toBe('afgewezen');
    // On the draft a GP may also choose 500000: the answer is computed on the draft, not the base version.
    expect(r.body.waaromNiet.rules[0].message).toContain('met toewijzing.budget 100000, 250000 of 500000 was dit toegestaan');
  });

  it('refuses another explain word with the pointer', async () => {
    const r = await request(app).post('/api/v1/evaluate').send({ ...gp, explain: 'waarom' });
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: { pointer: string }) => d.pointer)).toContain('/explain');
  });
});

describe('the thread-wide why-not budget', () => {
  it('refills at its share of the clock up to its capacity; spent time is taken, unused time given back', () => {
    let t = 0;
    const b = createWhyNotBudget(0.25, 1000, () => t);
    expect(b.available()).toBe(1000);
    b.spend(1000);
    expect(b.available()).toBe(0);
    t = 2000; // two seconds at a quarter: 500 ms back
    expect(b.available()).toBe(500);
    b.spend(800);
    expect(b.available()).toBe(0);
    b.spend(-300); // a search that used less than it reserved gives the rest back
    expect(b.available()).toBe(0);
    t = 3200;
    expect(b.available()).toBe(300);
    t = 100_000;
    expect(b.available()).toBe(1000);
  });

  it('an empty budget answers at once: truncated, nothing searched, the decision itself unchanged', async () => {
    const req = declaratie({ ingediendBedrag: 12000 }, { functie: 'kinder- en jeugdtherapeut', caoSchaal: 9 });
    const answer = await evaluate(registry, req, { today });
    const empty = createWhyNotBudget(0.25, 0, () => 0);
    const why = await whyNot(registry, req, answer, { today }, empty);
    expect(why).toEqual({ evaluations: 0, truncated: true, rules: [{
      rule: 'rap.declaratie.bedrag-volume-maal-tarief', title: 'Ingediend bedrag is geleverd volume maal producttarief', changes: [],
      message: 'Ingediend bedrag is geleverd volume maal producttarief: niet gezocht; de rekentijd voor waarom-niet is op dit moment op, probeer het later opnieuw.',
    }] });
    expect(answer.outcome).toBe('afgekeurd');
  });
});
