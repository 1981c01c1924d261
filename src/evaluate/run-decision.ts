/**
 * Runs one compiled decision on one set of facts and shapes the answer.
 *
 * json-rules-engine's Engine keeps mutable run state (its status), so two
 * overlapping run() calls on one engine can skip each other's rules. Each run
 * therefore borrows an engine of its own from a pool per decision; the rules in
 * it are the immutable compiled ones.
 */
import { Engine, Fact, type RuleResult } from 'json-rules-engine';
import type { CompiledDecision, CompiledRule } from '../compile/compile-decision.js';
import type { CompiledVersion } from '../compile/compile-version.js';
import { customOperators } from '../compile/operators.js';
import type { ExprScope } from '../expr/compile-expr.js';

export interface RuleEvent {
  type: string;
  rule: string;
  code?: string;
  title: string;
  message: string;
  source: string;
  params: Record<string, unknown>;
}

export interface TraceCondition {
  all?: TraceCondition[];
  any?: TraceCondition[];
  not?: TraceCondition;
  fact?: string;
  operator?: string;
  value?: unknown;
  factValue?: unknown;
  result?: boolean;
}

export interface TraceEntry {
  rule: string;
  title: string;
  fired: boolean;
  priority: number;
  conditions: TraceCondition;
}

export interface DecisionResult {
  outcome: string;
  events: RuleEvent[];
  trace?: TraceEntry[];
}

export class RuleError extends Error {}

const pools = new WeakMap<CompiledDecision, Engine[]>();

function borrow(d: CompiledDecision): Engine {
  const pool = pools.get(d) ?? [];
  pools.set(d, pool);
  const engine = pool.pop();
  if (engine) return engine;
  const e = new Engine(d.engineRules, { allowUndefinedFacts: true, replaceFactsInEventParams: false });
  for (const op of customOperators()) e.addOperator(op);
  return e;
}

function giveBack(d: CompiledDecision, e: Engine) {
  const pool = pools.get(d)!;
  if (pool.length < 256) pool.push(e);
}

/**
 * At most this many engine runs overlap in one process. Runs are CPU-bound, so
 * queueing costs no throughput, while each open run keeps the engine's per-run
 * clones of every rule's conditions alive: 100 overlapping runs measured 3x
 * slower per run than 10 (garbage collection), e.g. a busy batch endpoint.
 */
const MAX_OVERLAP = 8;
let running = 0;
const waiting: (() => void)[] = [];

async function enter(): Promise<void> {
  if (running < MAX_OVERLAP) {
    running++;
    return;
  }
  // The slot is handed over by leave(), so `running` stays counted.
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function leave(): void {
  const next = waiting.shift();
  if (next) next();
  else running--;
}

export function readPath(facts: unknown, path: string): unknown {
  let cur: unknown = facts;
  let start = 0;
  for (;;) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const dot = path.indexOf('.', start);
    const key = dot < 0 ? path.slice(start) : path.slice(start, dot);
    cur = (cur as Record<string, unknown>)[key];
    if (dot < 0) return cur;
    start = dot + 1;
  }
}

export interface RunOptions {
  referenceDate: string;
  today: string;
  explain: boolean;
}

/** Computes derived facts, runs the engine and turns its results into outcome, events and trace. */
export async function runDecision(v: CompiledVersion, d: CompiledDecision, facts: Record<string, unknown>, o: RunOptions): Promise<DecisionResult> {
  const values = new Map<string, unknown>();
  values.set('peildatum', o.referenceDate);
  values.set('vandaag', o.today);
  const scope: ExprScope = {
    referenceDate: o.referenceDate,
    get: (name) => (values.has(name) ? values.get(name) : readPath(facts, name)),
    lookup: (table, column, keys, date) => v.tables.get(table)?.lookup(column, keys, date) ?? null,
    column: (table, column, date) => v.tables.get(table)?.column(column, date) ?? [],
  };
  for (const x of d.derived) values.set(x.name, x.fn(scope));

  // Flat facts: the engine gets only the names it reads, each as a plain constant
  // (no path resolution; cache off, so the engine does not hash every value).
  const runtime: Record<string, Fact> = {};
  for (const name of d.engineFacts) {
    const v = values.has(name) ? values.get(name) : readPath(facts, name);
    runtime[name] = new Fact(name, v ?? null, { cache: false });
  }

  let results: RuleResult[];
  let failures: RuleResult[];
  await enter();
  try {
    const engine = borrow(d);
    try {
      const r = await engine.run(runtime);
      results = r.results;
      failures = r.failureResults;
    } finally {
      giveBack(d, engine);
    }
  } finally {
    leave();
  }

  const fired = results.map((r) => d.rules.get(r.name as string)!).sort((a, b) => a.index - b.index);
  let winner: CompiledRule | undefined;
  for (const r of fired) {
    if (r.then.outcome === undefined && !r.then.outcomeFrom) continue;
    if (!winner || r.priority > winner.priority) winner = r;
  }
  const events = fired.map((r) => toEvent(r, scope));
  const decisive = winner ?? d.defaultRule;
  if (!winner) events.push(toEvent(d.defaultRule, scope));
  const outcome = decisive.then.outcome ?? decisive.then.outcomeFrom!(scope);
  if (typeof outcome !== 'string' || !d.outcomes.includes(outcome)) {
    throw new RuleError(`regel ${decisive.id} gaf uitkomst ${JSON.stringify(outcome)}, niet een van ${d.outcomes.join(', ')}`);
  }
  const result: DecisionResult = { outcome, events };
  if (o.explain) result.trace = trace(d, [...results, ...failures]);
  return result;
}

function toEvent(r: CompiledRule, scope: ExprScope): RuleEvent {
  const params: Record<string, unknown> = {};
  for (const [k, fn] of r.then.params) params[k] = fn(scope);
  const message = r.then.message.replace(/\{([A-Za-z0-9_]+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
  const event: RuleEvent = { type: r.then.type, rule: r.id, title: r.title, message, source: r.source, params };
  if (r.then.code) event.code = r.then.code;
  return event;
}

function trace(d: CompiledDecision, all: RuleResult[]): TraceEntry[] {
  const label = (fact: string) => d.labels.get(fact) ?? fact;
  const convert = (c: Record<string, unknown>): TraceCondition => {
    // The engine leaves `result` unset on a group it short-cut; derive it from the parts.
    if (Array.isArray(c.all)) {
      const all = c.all.map(convert);
      return { all, result: typeof c.result === 'boolean' ? c.result : all.every((x) => x.result === true) };
    }
    if (Array.isArray(c.any)) {
      const any = c.any.map(convert);
      return { any, result: typeof c.result === 'boolean' ? c.result : any.some((x) => x.result === true) };
    }
    if (c.not) {
      const not = convert(c.not as Record<string, unknown>);
      return { not, result: typeof c.result === 'boolean' ? c.result : not.result === false };
    }
    const value = c.value && typeof c.value === 'object' && 'fact' in (c.value as object)
      ? { fact: label((c.value as { fact: string }).fact), value: c.valueResult } : c.value;
    return { fact: label(c.fact as string), operator: c.operator as string, value, factValue: c.factResult ?? null, result: c.result === true };
  };
  return all
    .map((r) => {
      const rule = d.rules.get(r.name as string)!;
      return { rule: rule.id, title: rule.title, fired: r.result === true, priority: rule.priority, index: rule.index, conditions: convert(r.conditions as unknown as Record<string, unknown>) };
    })
    .sort((a, b) => a.index - b.index)
    .map(({ index: _i, ...rest }) => rest);
}
