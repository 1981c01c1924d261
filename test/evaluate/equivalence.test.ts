import { describe, expect, it } from 'vitest';
import { declaratieFunction } from '../../bench/baselines/hand-function.js';
import { competentEngine } from '../../bench/baselines/competent-engine.js';
import { rap20Tables } from '../../bench/baselines/tables.js';
import { zenDecision } from '../../bench/baselines/zen.js';
import { answerOf, declaratieCases } from '../../bench/declaratie-cases.js';
import { evaluate } from '../../src/evaluate/evaluate.js';
import { loadProject } from '../../src/evaluate/project.js';

// The benchmark's baselines must decide exactly as the compiled rules do, or its ratios mean nothing.
describe('compiled evaluate answers as the hand-written baselines', () => {
  it('on the benchmark cases: outcome, return codes, rule ids and amounts', async () => {
    const registry = loadProject().registry;
    const tables = rap20Tables();
    const raw = competentEngine(tables);
    const zen = zenDecision(tables);
    const cases = declaratieCases(200);
    const seen = new Map<string, number>();
    for (const facts of cases) {
      const r = await evaluate(registry, { protocol: 'RAP', decision: 'declaratie', facts });
      const ours = answerOf(r);
      expect(declaratieFunction(facts, tables), JSON.stringify(facts)).toEqual(ours);
      expect(await raw.run(facts)).toEqual(ours);
      expect(await zen.run(facts), JSON.stringify(facts)).toEqual(ours);
      for (const e of r.events) seen.set(e.rule, (seen.get(e.rule) ?? 0) + 1);
    }
    // Every declaratie rule that the cases are built to hit did fire, the late 2.0 ones included.
    expect([...seen.keys()].sort()).toEqual(expect.arrayContaining([
      'rap.declaratie.bedrag-volume-maal-tarief', 'rap.declaratie.binnen-budget', 'rap.declaratie.toewijzing-verwijderd', 'rap.declaratie.begin-na-ingangsdatum',
      'rap.declaratie.tariefgroep-professional', 'rap.declaratie.eenheid-gelijk', 'rap.declaratie.volume-binnen-totale-omvang', 'rap.declaratie.volume-binnen-omvang-per-dag',
      'rap.declaratie.extra-zwaar-omgezette-beschikking', 'rap.declaratie.tijdelijke-inzet-binnen-3-maanden', 'rap.declaratie.dyslexie-stuks-alleen-lopend', 'rap.declaratie.goedgekeurd',
      'rap.declaratie.volume-binnen-omvang-per-week', 'rap.declaratie.volume-binnen-omvang-per-maand', 'rap.declaratie.etmalen-niet-meer-dan-dagen', 'rap.declaratie.functie-niet-in-beroepentabel',
    ]));
  });
});
