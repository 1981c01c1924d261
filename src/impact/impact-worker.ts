/**
 * A worker thread of the impact analysis: compiles both rule sets once, then
 * evaluates batches of corpus lines under both and reports only what changed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { evaluate, type EvaluateResponse } from '../evaluate/evaluate.js';
import { EvaluateError } from '../evaluate/errors.js';
import { createRegistry, type Registry } from '../evaluate/registry.js';
import { loadRules } from '../load/load-rules.js';
import { projectFactSchemas } from '../project.js';
import type { BatchResult, ChangedCase, RuleSide } from './types.js';

const { from, to } = workerData as { from: RuleSide; to: RuleSide };

function registryOf(side: RuleSide): Registry {
  const facts = projectFactSchemas();
  return createRegistry(loadRules(new Map(side.files), facts).versions, facts);
}

const fromRegistry = registryOf(from);
const toRegistry = registryOf(to);

type Side = ChangedCase['from'];

async function answer(registry: Registry, side: RuleSide, line: { protocol: string; decision: string; facts: Record<string, unknown>; date?: string }): Promise<Side> {
  try {
    const pinned = side.pin && line.protocol === side.protocol;
    const r: EvaluateResponse = await evaluate(registry, { protocol: line.protocol, version: pinned ? side.version : undefined, decision: line.decision, facts: line.facts, date: line.date });
    return { outcome: r.outcome, rules: r.events.map((e) => e.rule).sort(), codes: r.events.map((e) => e.code).filter((c): c is string => !!c).sort() };
  } catch (e) {
    if (e instanceof EvaluateError) return { outcome: `fout:${e.code}`, rules: [], codes: [] };
    throw e;
  }
}

parentPort!.on('message', async (lines: string[]) => {
  const out: BatchResult = { evaluated: 0, changed: [] };
  for (const text of lines) {
    const line = JSON.parse(text) as { protocol: string; decision: string; facts: Record<string, unknown>; date?: string; meta?: { id?: string; gemeente?: string } };
    if (!from.protocols.includes(line.protocol)) continue;
    out.evaluated++;
    const a = await answer(fromRegistry, from, line);
    const b = await answer(toRegistry, to, line);
    if (a.outcome === b.outcome && a.rules.join() === b.rules.join()) continue;
    const amount = (line.facts.prestatie as { ingediendBedrag?: unknown } | undefined)?.ingediendBedrag;
    out.changed.push({ id: line.meta?.id ?? '', gemeente: line.meta?.gemeente, decision: line.decision, from: a, to: b, amount: typeof amount === 'number' ? amount : null });
  }
  parentPort!.postMessage(out);
});
