import { describe, expect, it } from 'vitest';
import { evaluate, type EvaluateRequest } from '../../src/evaluate/evaluate.js';
import { loadProject } from '../../src/evaluate/project.js';
import { miniRules } from '../helpers/rule-tree.js';

// json-rules-engine keeps run state on the Engine; overlapping runs on one shared
// engine can skip rules. Concurrent evaluations must answer as sequential ones do.
describe('concurrent evaluations', () => {
  it('give the same answers as sequential ones', async () => {
    const project = loadProject(miniRules());
    const functies = ['therapeut', 'spv', 'kok'];
    const requests: EvaluateRequest[] = Array.from({ length: 600 }, (_, i) => ({
      protocol: 'RTP',
      decision: 'tariefgroep',
      facts: { functie: functies[i % 3], caoSchaal: 5 + (i % 10), datum: i % 2 ? '2024-03-01' : '2025-03-01' },
      explain: i % 5 === 0,
    }));
    const sequential = [];
    for (const r of requests) sequential.push(await evaluate(project.registry, r));
    const concurrent = await Promise.all(requests.map((r) => evaluate(project.registry, r)));
    expect(concurrent).toEqual(sequential);
    // The answers differ between cases, so the comparison is not trivially true.
    expect(new Set(sequential.map((s) => `${s.version}/${s.outcome}`)).size).toBeGreaterThanOrEqual(4);
  });
});
