/**
 * Why not, and what would change it (`explain: "waarom-niet"`): for each rule that refused, the
 * changes of one fact that would have flipped it, in plain Dutch ("met toewijzing.budget 100000 of
 * 250000 was dit toegestaan").
 *
 * Candidate values come from what the rule itself can tell apart: the fact's enum in the facts schema,
 * the key values of the tables its lookups use, literals in its conditions and derived facts (numbers
 * and dates one step either side), and the values it compared the fact with in this very answer (the
 * trace). It never guesses: every change reported was evaluated through `evaluate()` with only that
 * fact changed, and the rule did not fire there. Values the facts schema refuses are never reported.
 */
import { factPointer } from '../base/json-pointer.js';
import { schemaEnum } from '../check/fact-domain.js';
import { addDays, isIsoDate } from '../expr/dates.js';
import { ExprSyntaxError, type Expr } from '../expr/ast.js';
import { parseExpr } from '../expr/parse.js';
import { BUILT_IN_FACTS } from '../facts/fact-schemas.js';
import type { Condition, Decision, Rule, RuleSetVersion, Table } from '../load/model.js';
import { createReadResolver, ruleReads } from '../load/rule-reads.js';
import { answerRequest, type EvaluateOptions, type EvaluateRequest, type EvaluateResponse, type WhyNot, type WhyNotChange, type WhyNotRule } from './answer.js';
import type { Registry } from './registry.js';
import type { TraceCondition } from './run-decision.js';
import { createWhyNotBudget, whyNotShare, type WhyNotBudget } from './why-not-budget.js';

export type { WhyNot, WhyNotChange, WhyNotRule };

/** At most this many re-evaluations per answer; a change not tried is never reported. */
export const WHY_NOT_MAX_EVALUATIONS = 400;
/**
 * And at most this long (WHY_NOT_TIME_BUDGET_MS, default 1000 ms) for one answer: large facts make each
 * evaluation dearer. Past either bound the answer says `truncated`; what it shows is still verified.
 */
export function whyNotTimeBudgetMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.WHY_NOT_TIME_BUDGET_MS);
  return Number.isFinite(n) && n > 0 ? n : 1000;
}
let shared: WhyNotBudget | undefined;
/** The thread's budget over all answers (why-not-budget.ts), made on first use from the environment. */
function sharedBudget(): WhyNotBudget {
  shared ??= createWhyNotBudget(whyNotShare(), whyNotTimeBudgetMs());
  return shared;
}

/** Every this many evaluations the search yields to the event loop, so other requests are answered meanwhile. */
const YIELD_EVERY = 16;
/** At most this many values shown per change. */
const MAX_VALUES = 8;

type Source = 'set' | 'boundary';
type Candidates = Map<string, Map<string, { value: unknown; source: Source }>>;

const pointerOf = factPointer;
const show = (v: unknown) => (v === null || v === undefined ? 'leeg' : typeof v === 'string' ? v : JSON.stringify(v));
const key = (v: unknown) => JSON.stringify(v);

function readPath(facts: unknown, path: string): unknown {
  let cur = facts;
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

/** The facts with one path set: only the objects on that path are copied, the rest is shared (never mutated). */
function withPath(facts: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const parts = path.split('.');
  const set = (obj: unknown, i: number): Record<string, unknown> => {
    const copy = { ...(obj !== null && typeof obj === 'object' && !Array.isArray(obj) ? (obj as Record<string, unknown>) : {}) };
    copy[parts[i]] = i === parts.length - 1 ? value : set(copy[parts[i]], i + 1);
    return copy;
  };
  return set(facts, 0);
}

function parse(src: string): Expr | undefined {
  try {
    return parseExpr(src);
  } catch (e) {
    if (e instanceof ExprSyntaxError) return undefined;
    throw e;
  }
}

function walkExpr(e: Expr, visit: (e: Expr) => void) {
  visit(e);
  if (e.t === 'unary') walkExpr(e.e, visit);
  else if (e.t === 'bin') {
    walkExpr(e.l, visit);
    walkExpr(e.r, visit);
  } else if (e.t === 'call') for (const a of e.args) walkExpr(a, visit);
}

function leaves(c: Condition): Extract<Condition, { kind: 'leaf' }>[] {
  if (c.kind === 'leaf') return [c];
  if (c.kind === 'not') return leaves(c.item);
  return c.items.flatMap(leaves);
}

function traceLeaves(c: TraceCondition | undefined): TraceCondition[] {
  if (!c) return [];
  if (c.all) return c.all.flatMap(traceLeaves);
  if (c.any) return c.any.flatMap(traceLeaves);
  if (c.not) return traceLeaves(c.not);
  return [c];
}

/** Adds a value (and, for a boundary number or date, its neighbours) to a fact's candidates. */
function offer(cands: Candidates, fact: string, value: unknown, source: Source) {
  const m = cands.get(fact);
  if (!m || value === undefined) return;
  const add = (v: unknown, s: Source) => {
    const k = key(v);
    const old = m.get(k);
    if (!old || (old.source === 'boundary' && s === 'set')) m.set(k, { value: v, source: s });
  };
  add(value, source);
  if (source === 'boundary' && typeof value === 'number') {
    add(value - 1, 'boundary');
    add(value + 1, 'boundary');
  }
  if (source === 'boundary' && isIsoDate(value)) {
    add(addDays(value, -1), 'boundary');
    add(addDays(value, 1), 'boundary');
  }
}

/** Key values of a table column: exact cells as a set, range cells by their bounds. */
function offerColumn(cands: Candidates, fact: string, t: Table | undefined, column: string) {
  for (const row of t?.rows ?? []) {
    const cell = row.values[column];
    if (cell !== null && typeof cell === 'object') {
      if (cell.min !== undefined) offer(cands, fact, cell.min, 'boundary');
      if (cell.max !== undefined) offer(cands, fact, cell.max, 'boundary');
    } else if (cell !== null && cell !== undefined) offer(cands, fact, cell, 'set');
  }
}

/** Candidates from expressions: table keys of lookups on the fact, literals it is compared with. */
function offerFromExpr(cands: Candidates, e: Expr, tables: Map<string, Table>) {
  const refName = (x: Expr | undefined) => (x?.t === 'ref' ? x.name : undefined);
  const lit = (x: Expr) => (x.t === 'num' || x.t === 'str' || x.t === 'bool' ? x.v : undefined);
  walkExpr(e, (x) => {
    if (x.t === 'call') {
      const start = x.fn === 'lookup' ? 0 : x.fn === 'lookupAt' ? 1 : x.fn === 'values' ? 0 : -1;
      if (start < 0) return;
      const t = tables.get(refName(x.args[start]) ?? '');
      if (x.fn === 'values') return; // a column used as a list: offered where it is compared (below)
      x.args.slice(start + 2).forEach((a, i) => {
        const fact = refName(a);
        if (fact && t && t.keys[i]) offerColumn(cands, fact, t, t.keys[i]);
      });
    } else if (x.t === 'bin' && ['==', '!=', '<', '<=', '>', '>='].includes(x.op)) {
      for (const [a, b] of [[x.l, x.r], [x.r, x.l]] as const) {
        const fact = refName(a);
        const v = lit(b);
        if (fact && v !== undefined) offer(cands, fact, v, typeof v === 'number' && x.op !== '==' && x.op !== '!=' ? 'boundary' : 'set');
      }
    }
  });
}

function candidatesFor(
  version: RuleSetVersion, d: Decision, rule: Rule, facts: string[], schema: Record<string, unknown> | undefined, trace: TraceCondition | undefined,
): Candidates {
  const cands: Candidates = new Map(facts.map((f) => [f, new Map()]));
  const tables = new Map(version.tables.map((t) => [t.id, t]));
  // The facts schema: a code list or a boolean is tried whole.
  if (schema) for (const f of facts) for (const v of schemaEnum(schema, f) ?? []) offer(cands, f, v, 'set');
  // The rule's own comparisons with literals, and lists of table values.
  for (const leaf of leaves(rule.when)) {
    if (leaf.left.kind === 'fact' && leaf.value?.kind === 'literal') {
      const v = leaf.value.value;
      const source: Source = ['equal', 'notEqual', 'in', 'notIn'].includes(leaf.op) ? 'set' : 'boundary';
      for (const x of Array.isArray(v) ? v : [v]) offer(cands, leaf.left.fact, x, source);
    }
    if (leaf.left.kind === 'fact' && leaf.value?.kind === 'expr') {
      const e = parse(leaf.value.expr);
      if (e?.t === 'call' && e.fn === 'values' && e.args[0]?.t === 'ref' && e.args[1]?.t === 'ref') {
        offerColumn(cands, leaf.left.fact, tables.get(e.args[0].name), e.args[1].name);
      }
    }
    for (const src of [leaf.left.kind === 'expr' ? leaf.left.expr : undefined, leaf.value?.kind === 'expr' ? leaf.value.expr : undefined]) {
      const e = src ? parse(src) : undefined;
      if (e) offerFromExpr(cands, e, tables);
    }
  }
  // Derived facts the rule reads, followed through each other.
  const resolve = createReadResolver(d, BUILT_IN_FACTS);
  const reads = ruleReads(rule, resolve);
  for (const x of d.derived) {
    if (!reads.derived.has(x.name)) continue;
    const e = parse(x.expr);
    if (e) offerFromExpr(cands, e, tables);
  }
  // What this answer compared: a fact against another fact's value, and the other way round.
  for (const leaf of traceLeaves(trace)) {
    const other = leaf.value && typeof leaf.value === 'object' && !Array.isArray(leaf.value) && 'fact' in leaf.value ? (leaf.value as { fact: string; value: unknown }) : undefined;
    if (!other) continue;
    if (leaf.fact && cands.has(leaf.fact) && other.value != null) offer(cands, leaf.fact, other.value, 'boundary');
    if (cands.has(other.fact) && leaf.factValue != null) offer(cands, other.fact, leaf.factValue, 'boundary');
  }
  return cands;
}

/** The values to report: every verified value of a set; of boundary numbers the nearest on each side. */
function smallest(current: unknown, found: { value: unknown; source: Source }[]): unknown[] {
  const set = found.filter((f) => f.source === 'set').map((f) => f.value);
  const bounds = found.filter((f) => f.source === 'boundary').map((f) => f.value);
  const out = [...set];
  if (typeof current === 'number') {
    const nums = bounds.filter((v): v is number => typeof v === 'number');
    const below = nums.filter((v) => v < current).sort((a, b) => b - a)[0];
    const above = nums.filter((v) => v > current).sort((a, b) => a - b)[0];
    for (const v of [below, above]) if (v !== undefined && !out.includes(v)) out.push(v);
    out.push(...bounds.filter((v) => typeof v !== 'number' && !out.includes(v)));
  } else if (isIsoDate(current)) {
    const dates = bounds.filter((v): v is string => isIsoDate(v));
    const before = dates.filter((v) => v < current).sort().reverse()[0];
    const after = dates.filter((v) => v > current).sort()[0];
    for (const v of [before, after]) if (v !== undefined && !out.includes(v)) out.push(v);
  } else {
    for (const v of bounds) if (!out.includes(v)) out.push(v);
  }
  return out.sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))));
}

function phrase(fact: string, values: unknown[], outcome: string, refusal: string, stillBy: string[]): string {
  const list = values.length > 1 ? `${values.slice(0, -1).map(show).join(', ')} of ${show(values[values.length - 1])}` : show(values[0]);
  if (outcome === refusal) return `met ${fact} ${list} vuurde deze regel niet, maar bleef de uitkomst ${outcome} (door ${stillBy.join(', ')})`;
  return `met ${fact} ${list} was dit ${outcome}`;
}

/**
 * The why-not explanation of an answer: for each rule that decided a refusal (the answer's outcome,
 * when that is not the decision's default), the single-fact changes that flip it, each verified.
 */
export async function whyNot(registry: Registry, req: EvaluateRequest, answer: EvaluateResponse, opts: EvaluateOptions = {}, budget: WhyNotBudget = sharedBudget()): Promise<WhyNot> {
  const compiled = registry.get(answer.protocol, answer.version);
  const d = compiled?.source.decisions.find((x) => x.id === answer.decision);
  const cd = compiled?.decisions.get(answer.decision);
  if (!compiled || !d || !cd) return { rules: [], evaluations: 0 };
  const defaultOutcome = d.default.then.outcome;
  if (answer.outcome === defaultOutcome || answer.outcome === 'onvoldoende_gegevens') return { rules: [], evaluations: 0 };
  const fired = new Set(answer.events.map((e) => e.rule));
  const refusing = d.rules.filter((r) => fired.has(r.id) && r.then.outcome === answer.outcome);
  if (!refusing.length) return { rules: [], evaluations: 0 };

  const base: EvaluateRequest = { protocol: req.protocol, decision: req.decision, facts: req.facts, ...(req.date ? { date: req.date } : {}), ...(req.version ? { version: req.version } : {}) };
  const started = performance.now();
  const budgetMs = Math.min(whyNotTimeBudgetMs(), budget.available());
  if (budgetMs <= 0) {
    const message = (r: Rule) => `${r.title}: niet gezocht; de rekentijd voor waarom-niet is op dit moment op, probeer het later opnieuw.`;
    return { rules: refusing.map((r) => ({ rule: r.id, title: r.title, changes: [], message: message(r) })), evaluations: 0, truncated: true };
  }
  // Reserved up front so overlapping searches cannot all take the same time; the unused part is given back.
  budget.spend(budgetMs);
  try {
    return await search(registry, req, answer, opts, d, compiled.source, refusing, base, started, budgetMs);
  } finally {
    budget.spend(Math.min(budgetMs, performance.now() - started) - budgetMs);
  }
}

async function search(
  registry: Registry, req: EvaluateRequest, answer: EvaluateResponse, opts: EvaluateOptions,
  d: Decision, source: RuleSetVersion, refusing: Rule[], base: EvaluateRequest, started: number, budgetMs: number,
): Promise<WhyNot> {
  // The answer's own trace (evaluate() ran it with explain); it counts as the first evaluation.
  const traced = answer.trace ? answer : await answerRequest(registry, { ...base, explain: true }, opts);
  let evaluations = 1;
  let truncated = false;
  const schema = registry.facts.get(d.facts);
  const resolve = createReadResolver(d, BUILT_IN_FACTS);
  // One evaluation per (fact, value), shared by every refusing rule.
  const results = new Map<string, EvaluateResponse | null>();
  const tryChange = async (fact: string, value: unknown): Promise<EvaluateResponse | null> => {
    const k = `${fact}\0${key(value)}`;
    if (results.has(k)) return results.get(k)!;
    if (evaluations >= WHY_NOT_MAX_EVALUATIONS || performance.now() - started > budgetMs) {
      truncated = true;
      return null;
    }
    evaluations++;
    if (evaluations % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    let r: EvaluateResponse | null = null;
    try {
      r = await answerRequest(registry, { ...base, facts: withPath(req.facts, fact, value) }, opts);
    } catch {
      r = null; // a value the facts schema refuses (or that picks no version) is no answer
    }
    results.set(k, r);
    return r;
  };

  const rules: WhyNotRule[] = [];
  for (const rule of refusing) {
    const facts = [...ruleReads(rule, resolve).facts].filter((f) => schema?.paths.has(f) && !isObjectPath(schema.paths, f)).sort();
    const trace = traced.trace?.find((t) => t.rule === rule.id)?.conditions;
    const cands = candidatesFor(source, d, rule, facts, schema?.schema, trace);
    const changes: WhyNotChange[] = [];
    for (const fact of facts) {
      const current = readPath(req.facts, fact) ?? null;
      const byOutcome = new Map<string, { found: { value: unknown; source: Source }[]; still: Set<string> }>();
      for (const c of cands.get(fact)!.values()) {
        if (key(c.value) === key(current)) continue;
        const r = await tryChange(fact, c.value);
        if (!r || r.outcome === 'onvoldoende_gegevens' || r.events.some((e) => e.rule === rule.id)) continue;
        const group = byOutcome.get(r.outcome) ?? { found: [], still: new Set<string>() };
        group.found.push(c);
        const rulesNow = new Set(r.events.map((e) => e.rule));
        for (const x of d.rules) if (rulesNow.has(x.id) && x.then.outcome === r.outcome) group.still.add(x.id);
        byOutcome.set(r.outcome, group);
      }
      for (const [outcome, g] of byOutcome) {
        const values = smallest(current, g.found).slice(0, MAX_VALUES);
        const stillRefusedBy = outcome === answer.outcome ? [...g.still].sort() : [];
        changes.push({ fact, pointer: pointerOf(fact), current, values, outcome, stillRefusedBy, message: phrase(fact, values, outcome, answer.outcome, stillRefusedBy) });
      }
    }
    // Changes that flip the answer first, then those after which another rule still refuses.
    changes.sort((a, b) => Number(a.outcome === answer.outcome) - Number(b.outcome === answer.outcome) || a.fact.localeCompare(b.fact));
    const message = changes.length
      ? `${rule.title}: ${changes.map((c) => c.message).join('; ')}.`
      : `${rule.title}: geen wijziging van één feit gevonden die deze regel laat vervallen${truncated ? ' (niet alle mogelijkheden zijn binnen de rekentijd geprobeerd)' : ''}.`;
    rules.push({ rule: rule.id, title: rule.title, changes, message });
  }
  return truncated ? { rules, evaluations, truncated } : { rules, evaluations };
}

/** A path with children in the schema is an object; its leaves are varied instead. */
function isObjectPath(paths: ReadonlySet<string>, p: string): boolean {
  for (const x of paths) if (x.startsWith(p + '.')) return true;
  return false;
}
