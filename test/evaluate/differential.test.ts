import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { declaratieCases } from '../../bench/declaratie-cases.js';
import { generateCorpus } from '../../src/corpus/generate.js';
import { evaluate, type EvaluateRequest } from '../../src/evaluate/evaluate.js';
import { setPartitionCap } from '../../src/evaluate/partition.js';
import { loadProject, projectFactSchemas } from '../../src/evaluate/project.js';
import { withoutFact } from '../helpers/without-fact.js';

// json-rules-engine is the reference semantics. The fast path (src/evaluate/partition.ts) settles
// conditions before the engine runs; with `fastPath: false` the engine decides every condition of
// every rule. Both roads must give the same answer (outcome, events with their codes, rule ids and
// amounts, missing facts, illustrative basis), or the same error, on every input.
const project = loadProject();
const schemas = projectFactSchemas();
const counts = { yaml: 0, corpus: 0, pastCap: 0, fuzzed: 0, fuzzedAnswered: 0, refusing: 0, errors: 0 };

type Outcome = { answer: unknown } | { error: string };
async function road(req: EvaluateRequest, fastPath: boolean, today: string): Promise<Outcome> {
  try {
    return { answer: await evaluate(project.registry, req, { today, fastPath }) };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message} ${JSON.stringify((e as { details?: unknown }).details ?? null)}` };
  }
}

/** Asserts both roads agree on `req`; returns the answer's outcome (or 'error'). */
async function bothRoads(req: EvaluateRequest, today = '2025-06-01'): Promise<string> {
  const fast = await road(req, true, today);
  const engine = await road(req, false, today);
  expect(fast, JSON.stringify(req)).toEqual(engine);
  if ('error' in fast) {
    counts.errors++;
    return 'error';
  }
  const a = fast.answer as { outcome: string; events: { type: string }[] };
  if (a.events.some((e) => e.type === 'afkeur')) counts.refusing++;
  return a.outcome;
}

afterAll(() => {
  console.info(`differential: ${counts.yaml} YAML cases (and variants), ${counts.corpus} corpus lines, ${counts.pastCap} past the partition cap, ${counts.fuzzed} fuzzed fact sets (${counts.fuzzedAnswered} answered, the rest refused by the facts schema) compared; ${counts.refusing} answers with a refusal, ${counts.errors} the same error on both roads`);
});

describe('the fast path answers as json-rules-engine deciding every condition', () => {
  it('every YAML case of every version and decision, and each with one optional fact left out', async () => {
    const outcomes = new Set<string>();
    for (const v of project.versions) {
      for (const d of v.decisions) {
        const optional = [...(schemas.get(d.facts)?.optional ?? [])];
        for (const c of v.tests.filter((s) => s.decision === d.id).flatMap((s) => s.cases)) {
          const base = { protocol: v.meta.protocol, decision: d.id, version: v.meta.version, date: c.date };
          outcomes.add(await bothRoads({ ...base, facts: c.facts }, c.today));
          counts.yaml++;
          for (const path of optional) {
            const reduced = withoutFact(c.facts, path);
            if (!reduced) continue;
            outcomes.add(await bothRoads({ ...base, facts: reduced }, c.today));
            counts.yaml++;
          }
        }
      }
    }
    expect(counts.yaml).toBeGreaterThan(200);
    expect(outcomes.size).toBeGreaterThan(3);
  });

  it('a generated corpus of every protocol and decision (as impact analysis runs it)', async () => {
    const decisions = new Set<string>();
    for (const line of generateCorpus(project.registry, 11, 2000)) {
      await bothRoads({ protocol: line.protocol, decision: line.decision, facts: line.facts, date: line.date });
      decisions.add(`${line.protocol} ${line.decision}`);
      counts.corpus++;
    }
    expect(decisions.size).toBeGreaterThan(2);
  });

  it('past the partition cap (each run gets a partition built for it alone): a corpus slice and the benchmark cases', async () => {
    const was = setPartitionCap(0);
    try {
      for (const line of generateCorpus(project.registry, 12, 500)) {
        await bothRoads({ protocol: line.protocol, decision: line.decision, facts: line.facts, date: line.date });
        counts.pastCap++;
      }
      for (const f of declaratieCases(200)) {
        await bothRoads({ protocol: 'RAP', decision: 'declaratie', facts: f });
        counts.pastCap++;
      }
    } finally {
      setPartitionCap(was);
    }
  });

  it('fuzzed facts: YAML cases, corpus lines and benchmark cases with values swapped, nulled, dropped or made up', async () => {
    // Seeds per decision; a mutation puts at some leaf path a value seen at that path in another seed
    // (realistic), null, nothing, or a made-up number, date or code.
    const seeds: { req: EvaluateRequest; today: string }[] = [];
    for (const v of project.versions) {
      for (const d of v.decisions) {
        for (const c of v.tests.filter((s) => s.decision === d.id).flatMap((s) => s.cases)) seeds.push({ req: { protocol: v.meta.protocol, decision: d.id, version: v.meta.version, date: c.date, facts: c.facts }, today: c.today ?? '2025-06-01' });
      }
    }
    for (const line of generateCorpus(project.registry, 5, 300)) seeds.push({ req: { protocol: line.protocol, decision: line.decision, facts: line.facts, date: line.date }, today: '2025-06-01' });
    for (const f of declaratieCases(100)) seeds.push({ req: { protocol: 'RAP', decision: 'declaratie', facts: f }, today: '2025-06-01' });
    const leaves = (o: unknown, prefix: string[] = [], out: string[][] = []): string[][] => {
      if (o && typeof o === 'object' && !Array.isArray(o)) for (const [k, v] of Object.entries(o)) { out.push([...prefix, k]); leaves(v, [...prefix, k], out); }
      return out;
    };
    const seen = new Map<string, unknown[]>(); // "decision path" -> values seen there
    for (const s of seeds) {
      const read = (o: unknown, path: string[]) => path.reduce<unknown>((x, k) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined), o);
      for (const p of leaves(s.req.facts)) {
        const key = `${s.req.decision} ${p.join('.')}`;
        const list = seen.get(key) ?? [];
        if (list.length < 40) list.push(read(s.req.facts, p));
        seen.set(key, list);
      }
    }
    const mutation = fc.record({ at: fc.nat(), kind: fc.integer({ min: 0, max: 9 }), pick: fc.nat(), n: fc.integer({ min: -5, max: 100_000 }), day: fc.integer({ min: 0, max: 2000 }) });
    const isDate = (x: unknown) => typeof x === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(x);
    const made = (m: { kind: number; pick: number; n: number; day: number }, key: string): unknown => {
      const list = seen.get(key) ?? [];
      const like = list.length ? list[m.pick % list.length] : null;
      if (m.kind <= 4) return structuredClone(like);
      if (m.kind === 5) return undefined; // left out
      if (m.kind === 6) return null;
      // Made up, of the type seen there: a number near the range, a date from 2023-2028, or a seen value.
      if (typeof like === 'number') return Number.isInteger(like) ? m.n % (Math.abs(like) * 3 + 10) : m.n / 100;
      if (isDate(like)) return new Date(Date.UTC(2023, 0, 1) + m.day * 86_400_000).toISOString().slice(0, 10);
      return structuredClone(like);
    };
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (which, mutations) => {
        const seed = seeds[which % seeds.length];
        const facts = structuredClone(seed.req.facts) as Record<string, unknown>;
        for (const m of mutations) {
          const paths = leaves(facts);
          if (!paths.length) break;
          const path = paths[m.at % paths.length];
          let parent = facts;
          for (const k of path.slice(0, -1)) parent = parent[k] as Record<string, unknown>;
          const value = made(m, `${seed.req.decision} ${path.join('.')}`);
          if (value === undefined) delete parent[path[path.length - 1]];
          else parent[path[path.length - 1]] = value;
        }
        if ((await bothRoads({ ...seed.req, facts }, seed.today)) !== 'error') counts.fuzzedAnswered++;
        counts.fuzzed++;
      }),
      { numRuns: 1500, seed: 24 },
    );
    expect(counts.fuzzed).toBe(1500);
    // Most fuzzed fact sets still pass the schema and reach the rules.
    expect(counts.fuzzedAnswered).toBeGreaterThan(750);
  });
});
