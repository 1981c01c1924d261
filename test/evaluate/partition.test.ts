import { describe, expect, it } from 'vitest';
import { declaratieCases } from '../../bench/declaratie-cases.js';
import { generateCorpus } from '../../src/corpus/generate.js';
import { evaluate, type EvaluateRequest } from '../../src/evaluate/evaluate.js';
import { keptPartitions } from '../../src/evaluate/partition.js';
import { loadProject, projectFactSchemas } from '../../src/evaluate/project.js';
import { withoutFact } from '../helpers/without-fact.js';

// Without `explain` the engine gets only the rules that can fire, with comparisons settled before
// the run folded away; with `explain` it runs every rule (the trace shows them all). The answer
// must not depend on that: outcome, events, missing, illustrative and illustrativeBasis alike.
const project = loadProject();
const facts = projectFactSchemas();


async function sameWithAndWithoutTrace(req: EvaluateRequest, today?: string) {
  const plain = await evaluate(project.registry, { ...req, explain: false }, { today });
  const { trace, ...explained } = await evaluate(project.registry, { ...req, explain: true }, { today });
  expect(trace?.length).toBeGreaterThan(0);
  expect(plain, JSON.stringify(req.facts)).toEqual(explained);
  return plain;
}

describe('answers without a trace equal the answers with one', () => {
  for (const v of project.versions) {
    for (const d of v.decisions) {
      it(`${v.meta.protocol} ${v.meta.version} ${d.id}: every YAML case, and each with one optional fact left out`, async () => {
        const optional = [...(facts.get(d.facts)?.optional ?? [])];
        const cases = v.tests.filter((s) => s.decision === d.id).flatMap((s) => s.cases);
        const outcomes = new Set<string>();
        for (const c of cases) {
          const base = { protocol: v.meta.protocol, decision: d.id, version: v.meta.version, date: c.date };
          outcomes.add((await sameWithAndWithoutTrace({ ...base, facts: c.facts }, c.today)).outcome);
          for (const path of optional) {
            const reduced = withoutFact(c.facts, path);
            if (reduced) outcomes.add((await sameWithAndWithoutTrace({ ...base, facts: reduced }, c.today)).outcome);
          }
        }
        // Cases with a refusal and cases without one were both compared.
        expect(outcomes.size).toBeGreaterThan(1);
      });
    }
  }

  it('on a generated corpus of every protocol and decision (as impact analysis runs it)', async () => {
    const decisions = new Set<string>();
    for (const line of generateCorpus(project.registry, 7, 1500)) {
      await sameWithAndWithoutTrace({ protocol: line.protocol, decision: line.decision, facts: line.facts, date: line.date }, '2025-06-01');
      decisions.add(`${line.protocol} ${line.decision}`);
    }
    expect(decisions.size).toBeGreaterThan(2);
  });

  it('RAP declaratie on the benchmark cases', async () => {
    for (const f of declaratieCases(200)) await sameWithAndWithoutTrace({ protocol: 'RAP', decision: 'declaratie', facts: f });
  });
});

describe('what the engine is handed without a trace', () => {
  it('RAP 2.0 declaratie: comparisons of two facts and any/not parts are settled before the run, within the partition cap', async () => {
    const { Engine } = await import('json-rules-engine');
    const d = project.registry.get('RAP', '2.0')!.decisions.get('declaratie')!;
    const handed: number[] = [];
    const run = Engine.prototype.run;
    Engine.prototype.run = function (this: InstanceType<typeof Engine> & { rules: unknown[] }, facts?: Record<string, unknown>) {
      handed.push(this.rules.length);
      return run.call(this, facts);
    };
    try {
      for (const f of declaratieCases(500)) await evaluate(project.registry, { protocol: 'RAP', decision: 'declaratie', facts: f });
    } finally {
      Engine.prototype.run = run;
    }
    // Of 23 rules, an approved line hands the engine only the approval and the rules whose facts are missing
    // (the SAP signal on ingediendOp); the average stays far below the whole set.
    const average = handed.reduce((a, b) => a + b, 0) / handed.length;
    expect(handed.length).toBe(500);
    expect(average).toBeLessThan(4);
    // The cap bounds what is kept: everything this file ran (every YAML case of every test file, the
    // boundary cases for rule mutants included, each with one optional fact left out; a generated corpus;
    // these cases) reaches at most 512 partitions. Past the cap a run hands the engine the whole rule set,
    // with the same answers (test/evaluate/differential.test.ts counts the runs past the cap).
    expect(keptPartitions(d)).toBeGreaterThan(0);
    expect(keptPartitions(d)).toBeLessThanOrEqual(512);
  });
});
