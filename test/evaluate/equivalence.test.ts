import { describe, expect, it } from 'vitest';
import { declaratieFunction } from '../../bench/baselines/hand-function.js';
import { rawEngine } from '../../bench/baselines/raw-engine.js';
import { rap20Tables } from '../../bench/baselines/tables.js';
import { declaratieCases } from '../../bench/declaratie-cases.js';
import { evaluate } from '../../src/evaluate/evaluate.js';
import { loadProject } from '../../src/project.js';

// The benchmark's baselines must decide exactly as the compiled rules do, or its ratios mean nothing.
describe('compiled evaluate answers as the hand-written baselines', () => {
  it('on the benchmark cases, outcome and return codes', async () => {
    const registry = loadProject().registry;
    const tables = rap20Tables();
    const raw = rawEngine(tables, true);
    const cases = declaratieCases(200);
    const seen = new Set<string>();
    for (const facts of cases) {
      const r = await evaluate(registry, { protocol: 'RAP', decision: 'declaratie', facts });
      const ours = { outcome: r.outcome, codes: r.events.map((e) => e.code).filter(Boolean).sort() };
      expect(ours).toEqual(declaratieFunction(facts, tables));
      expect(ours).toEqual(await raw.run(facts));
      seen.add(JSON.stringify(ours));
    }
    expect(seen.size).toBeGreaterThanOrEqual(5);
  });
});
