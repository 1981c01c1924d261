/**
 * A worker thread of the impact analysis: compiles both rule sets once, then
 * evaluates batches of corpus lines under both and reports only what changed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { evaluate, type EvaluateResponse } from '../evaluate/evaluate.js';
import { ApiError } from '../base/errors.js';
import { createRegistry, type Registry } from '../evaluate/registry.js';
import { loadRules } from '../load/load-rules.js';
import { projectFactSchemas } from '../evaluate/project.js';
import { answerMoney, tariffGroupsIn } from '../evaluate/answer-money.js';
import type { AnswerSide, BatchResult, RuleSide } from './types.js';

const { from, to } = workerData as { from: RuleSide; to: RuleSide };

function registryOf(side: RuleSide): Registry {
  const facts = projectFactSchemas();
  return createRegistry(loadRules(new Map(side.files), facts).versions, facts);
}

const fromRegistry = registryOf(from);
const toRegistry = registryOf(to);

async function answer(registry: Registry, side: RuleSide, line: { protocol: string; decision: string; facts: Record<string, unknown>; date?: string }): Promise<AnswerSide> {
  try {
    const pinned = side.pin && line.protocol === side.protocol;
    const r: EvaluateResponse = await evaluate(registry, { protocol: line.protocol, version: pinned ? side.version : undefined, decision: line.decision, facts: line.facts, date: line.date });
    return { outcome: r.outcome, rules: r.events.map((e) => e.rule).sort(), codes: r.events.map((e) => e.code).filter((c): c is string => !!c).sort(), ...answerMoney(line.decision, r.outcome, r.events, line.facts) };
  } catch (e) {
    if (e instanceof ApiError) return { outcome: `fout:${e.code}`, rules: [], codes: [], money: null, moneyRule: null };
    throw e;
  }
}

type Line = { protocol: string; decision: string; facts: Record<string, unknown>; date?: string; meta?: { id?: string; gemeente?: string } };

/** A corpus line as a request, or why it is none (a corpus of real cases may hold a broken line; it is skipped, not fatal). */
function parseLine(text: string): Line | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return 'geen geldige JSON';
  }
  const l = v as Partial<Line> | null;
  if (!l || typeof l !== 'object' || Array.isArray(l)) return 'geen object';
  if (typeof l.protocol !== 'string' || typeof l.decision !== 'string' || !l.facts || typeof l.facts !== 'object') return 'protocol, decision of facts ontbreekt';
  return l as Line;
}

parentPort!.on('message', async ({ lines, numbers }: { lines: string[]; numbers: number[] }) => {
  const out: BatchResult = { evaluated: 0, changed: [], skipped: [] };
  for (const [i, text] of lines.entries()) {
    const line = parseLine(text);
    if (typeof line === 'string') {
      out.skipped.push({ line: numbers[i], message: line });
      continue;
    }
    if (!from.protocols.includes(line.protocol)) continue;
    out.evaluated++;
    const a = await answer(fromRegistry, from, line);
    const b = await answer(toRegistry, to, line);
    if (a.outcome === b.outcome && a.rules.join() === b.rules.join() && a.money === b.money) continue;
    const amount = (line.facts.prestatie as { ingediendBedrag?: unknown } | undefined)?.ingediendBedrag;
    out.changed.push({ id: line.meta?.id ?? `regel ${numbers[i]}`, gemeente: line.meta?.gemeente, decision: line.decision, from: a, to: b, amount: typeof amount === 'number' ? amount : null, tariefgroepen: tariffGroupsIn(line.facts) });
  }
  parentPort!.postMessage(out);
});
