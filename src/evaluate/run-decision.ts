/**
 * Runs one compiled decision on one set of facts and shapes the answer.
 *
 * json-rules-engine's Engine keeps mutable run state (its status), so two
 * overlapping run() calls on one engine can skip each other's rules. Each run
 * therefore borrows an engine of its own from a pool per decision; the rules in
 * it are the immutable compiled ones.
 */
import { Almanac, Engine, Fact, type RuleProperties, type RuleResult } from 'json-rules-engine';
import type { CompiledDecision, CompiledRule, MissingCheck } from '../compile/compile-decision.js';
import type { CompiledVersion } from '../compile/compile-version.js';
import type { IllustrativeBasis } from '../load/table-index.js';
import { ONVOLDOENDE_GEGEVENS } from '../load/model.js';
import { addRuleOperators } from '../compile/operators.js';
import type { ExprScope } from '../expr/compile-expr.js';
import { absent, absentPointers, engineValue, readPath, type KnownFacts } from './known-facts.js';
import { kleene } from './kleene.js';
import { choosePartition } from './partition.js';
import { rangeVerdict, type RangeContext, type RangeVerdict } from './value-range.js';
import { MESSAGE_PLACEHOLDER, placeholderText } from '../base/money-text.js';
import type { EvaluateResponse } from '../../schemas/api/api-types.js';

export { readPath } from './known-facts.js';

/** An event of an answer, as the contract has it (EvaluateResponse), with its params readable. */
export type RuleEvent = Omit<EvaluateResponse['events'][number], 'params'> & { params: Record<string, unknown> };

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
  /** Set when a fact the rule needed was missing: `niet_gecontroleerd` (not performed) or `vervalt` (not applicable). */
  status?: 'niet_gecontroleerd' | 'vervalt';
  /** The pointers of the missing facts behind that status. */
  missing?: string[];
}

/** A fact a rule needed and the request left out (docs/contract.md, `missing`). */
export interface MissingFact {
  pointer: string;
  message: string;
  rules: string[];
}

export interface DecisionResult {
  outcome: string;
  events: RuleEvent[];
  missing: MissingFact[];
  /** The illustrative table rows and rules the answer rests on. */
  illustrativeBasis: IllustrativeBasis[];
  trace?: TraceEntry[];
}

/** What a missing fact did to one rule in one run. */
interface Guarded {
  /** `bereik`: decided all the same, since every value the missing facts can still take gives one verdict (value-range.ts). */
  status: 'vervalt' | 'onvoldoende' | 'signaal' | 'bereik';
  /** The missing facts the answer names for this rule (for `bereik`: only those stated `signaal`). */
  absent: MissingCheck[];
  /** `bereik`: the verdict in every world. */
  range?: RangeVerdict;
}

/** Whether engine fact `name` depends on one of the absent `keys`; those it depends on are added to `used`. */
function readsAbsent(r: CompiledRule, keys: ReadonlySet<string>, used: Set<string>, name: unknown): boolean {
  const deps = typeof name === 'string' ? r.unknownIf.get(name) : undefined;
  let hit = false;
  if (deps) for (const k of deps) if (keys.has(k)) { used.add(k); hit = true; }
  return hit;
}

/** Decides what the missing facts of a guarded rule mean, given the engine's condition results. */
function guardRule(r: CompiledRule, absent: MissingCheck[], conditions: Record<string, unknown>, ctx: RangeContext): Guarded | undefined {
  if (absent.some((m) => m.meaning === 'regel_vervalt')) return { status: 'vervalt', absent: absent.filter((m) => m.meaning === 'regel_vervalt') };
  const uncertain = absent.filter((m) => m.meaning === 'onvoldoende_gegevens' || m.meaning === 'signaal');
  if (!uncertain.length) return undefined; // `voorwaarde`: the conditions test for the absence themselves
  const keys = new Set(uncertain.map((m) => m.key));
  const used = new Set<string>();
  const verdict = kleene(conditions, (leaf) => {
    const value = leaf.value as { fact?: unknown } | undefined;
    const a = readsAbsent(r, keys, used, leaf.fact);
    const b = value && typeof value === 'object' ? readsAbsent(r, keys, used, value.fact) : false;
    return a || b;
  });
  if (verdict !== undefined) return undefined; // decided whatever the missing value: the check was performed
  const behind = uncertain.filter((m) => used.has(m.key));
  // Unknown, unless every value the missing facts can still take gives the same verdict.
  const range = rangeVerdict(ctx, r, behind);
  if (range) return { status: 'bereik', absent: behind.filter((m) => m.meaning === 'signaal'), range };
  return { status: behind.some((m) => m.meaning === 'onvoldoende_gegevens') ? 'onvoldoende' : 'signaal', absent: behind };
}

/** `a` would win over `b` as the deciding rule: higher priority, or equal and earlier in the file. */
const outranks = (a: CompiledRule, b: CompiledRule) => a.priority > b.priority || (a.priority === b.priority && a.index < b.index);

export class RuleError extends Error {}

const pools = new WeakMap<CompiledDecision, Engine[]>();

/** An engine holding `rules`, from `pool` or new. */
function borrow(pool: Engine[], rules: RuleProperties[]): Engine {
  const engine = pool.pop();
  if (engine) return engine;
  return addRuleOperators(new Engine(rules, { allowUndefinedFacts: true, replaceFactsInEventParams: false }));
}

function giveBack(pool: Engine[], e: Engine) {
  if (pool.length < 256) pool.push(e);
}

/** The engines with the decision's whole rule set (explain, or no partition kept). */
function wholePool(d: CompiledDecision): Engine[] {
  let pool = pools.get(d);
  if (!pool) pools.set(d, (pool = []));
  return pool;
}

/** Conditions of a rule left out by a false gate: decided false, whatever is missing. */
const GATED_OUT: Record<string, unknown> = { all: [{ result: false }] };

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

const FACT_OPTIONS = { cache: false };
/** As the engine makes its almanac (borrow() sets no pathResolver: the default one). */
const ALMANAC_OPTIONS = { allowUndefinedFacts: true };
const NO_RUNTIME_FACTS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

export interface RunOptions {
  referenceDate: string;
  today: string;
  explain: boolean;
  /** false: json-rules-engine decides every condition (no partition); the answers are the same (see partition.ts). */
  fastPath?: boolean;
}

/**
 * What expressions read during one run: derived and built-in facts, then the request's facts. Its
 * methods live on the prototype, so a run makes no closures for them.
 */
class RunScope implements ExprScope {
  readonly values = new Map<string, unknown>();
  /** Illustrative rows seen by lookups: per derived fact while computing it, then for the answer itself. */
  sink: IllustrativeBasis[] | undefined;
  private readonly onRow: (b: IllustrativeBasis) => void;

  constructor(private readonly v: CompiledVersion, readonly facts: Record<string, unknown>, readonly referenceDate: string) {
    this.onRow = (b) => {
      (this.sink ??= []).push(b);
    };
  }

  get(name: string): unknown {
    const v = this.values.get(name);
    return v !== undefined ? v : readPath(this.facts, name);
  }

  lookup(table: string, column: string, keys: unknown[], date: string): unknown {
    return this.v.tables.get(table)?.lookup(column, keys, date, this.onRow) ?? null;
  }

  column(table: string, column: string, date: string): unknown[] {
    return this.v.tables.get(table)?.column(column, date, this.onRow) ?? [];
  }
}

/** Computes derived facts, runs the engine and turns its results into outcome, events, missing facts and trace. */
export async function runDecision(v: CompiledVersion, d: CompiledDecision, facts: Record<string, unknown>, o: RunOptions): Promise<DecisionResult> {
  const scope = new RunScope(v, facts, o.referenceDate);
  const values = scope.values;
  values.set('peildatum', o.referenceDate);
  values.set('vandaag', o.today);
  const rowsOf = new Map<string, IllustrativeBasis[]>();
  for (const x of d.derived) {
    scope.sink = undefined;
    values.set(x.name, x.fn(scope) ?? null); // never undefined: see KnownFacts.values
    if (scope.sink) rowsOf.set(x.name, scope.sink);
  }
  scope.sink = undefined;

  const known: KnownFacts = { values, facts };
  // Without a trace, the engine gets only the rules that can fire (see partition.ts).
  const part = o.explain || o.fastPath === false ? undefined : choosePartition(d, known);

  // Flat facts: the engine gets only the names it reads, each as a plain constant
  // (no path resolution; cache off, so the engine does not hash every value), put
  // straight into the run's almanac (engine.run's runtime-facts object would be a
  // dictionary-mode object of up to 35 keys, walked with for-in on every run).
  const almanac = new Almanac(ALMANAC_OPTIONS);
  const names = part?.facts ?? d.engineFacts;
  for (let i = 0; i < names.length; i++) almanac.addFact(new Fact(names[i], engineValue(known, names[i]), FACT_OPTIONS));

  let results: RuleResult[];
  let failures: RuleResult[];
  await enter();
  try {
    const pool = part?.pool ?? wholePool(d);
    const engine = borrow(pool, part?.rules ?? d.engineRules);
    try {
      const r = await engine.run(NO_RUNTIME_FACTS, { almanac });
      results = r.results;
      failures = r.failureResults;
    } finally {
      giveBack(pool, engine);
    }
  } finally {
    leave();
  }

  // Rules that read a missing fact: not applicable, or not performed when their verdict hangs on it.
  const guarded = new Map<string, Guarded>();
  if (d.guarded.length) {
    let conditionsOf: Map<string, Record<string, unknown>> | undefined; // built when a guarded rule lacks a fact
    const rangeCtx: RangeContext = { version: v, decision: d, known, referenceDate: o.referenceDate };
    for (const r of d.guarded) {
      let lacking: MissingCheck[] | undefined; // made only when a fact is absent
      for (let i = 0; i < r.missing.length; i++) if (absent(known, r.missing[i])) (lacking ??= []).push(r.missing[i]);
      if (!lacking) continue;
      if (!conditionsOf) {
        conditionsOf = new Map();
        for (const x of results) conditionsOf.set(x.name as string, x.conditions as unknown as Record<string, unknown>);
        for (const x of failures) conditionsOf.set(x.name as string, x.conditions as unknown as Record<string, unknown>);
      }
      const g = guardRule(r, lacking, part && !part.included.has(r.id) ? GATED_OUT : conditionsOf.get(r.id) ?? {}, rangeCtx);
      if (g) guarded.set(r.id, g);
    }
  }

  // A rule fires when the engine fired it and no missing fact held it up, or when it fires in every world of its range reading.
  const firedIds = new Set<string>();
  for (const x of results) if (!guarded.has(x.name as string)) firedIds.add(x.name as string);
  for (const [id, g] of guarded) if (g.range?.verdict === true) firedIds.add(id);
  const fired = [...firedIds].map((id) => d.rules.get(id)!).sort((a, b) => a.index - b.index);
  let winner: CompiledRule | undefined;
  for (const r of fired) {
    if (r.then.outcome === undefined && !r.then.outcomeFrom) continue;
    if (!winner || r.priority > winner.priority) winner = r;
  }
  const events = fired.map((r) => toEvent(r, scope, guarded.get(r.id)?.range?.worlds));
  const decisive = winner ?? d.defaultRule;
  let outcome = decisive.then.outcome ?? decisive.then.outcomeFrom!(scope);
  // A deciding check that was not performed and could have given another outcome: say so instead of guessing.
  let open = false;
  for (const [id, g] of guarded) {
    const r = d.rules.get(id)!;
    if (g.status === 'onvoldoende' && (r.then.outcome !== undefined || r.then.outcomeFrom) && outranks(r, decisive) && r.then.outcome !== outcome) {
      open = true;
      break;
    }
  }
  if (open) outcome = ONVOLDOENDE_GEGEVENS;
  else if (!winner) events.push(toEvent(d.defaultRule, scope));
  if (outcome !== ONVOLDOENDE_GEGEVENS && (typeof outcome !== 'string' || !d.outcomes.includes(outcome))) {
    throw new RuleError(`regel ${decisive.id} gaf uitkomst ${JSON.stringify(outcome)}, niet een van ${d.outcomes.join(', ')}`);
  }

  const result: DecisionResult = {
    outcome: outcome as string,
    events,
    missing: missingFacts(d, guarded, winner?.then.outcome === ONVOLDOENDE_GEGEVENS ? winner.missing.filter((m) => absent(known, m)).map((m) => [m, winner]) : [], known),
    illustrativeBasis: illustrativeBasis(d, fired, guarded, rowsOf, scope.sink),
  };
  if (o.explain) result.trace = trace(d, [...results, ...failures], guarded, known);
  return result;
}

function addMissing(byPointer: Map<string, MissingFact>, m: MissingCheck, rule: CompiledRule, known: KnownFacts, message = m.message): void {
  for (const pointer of absentPointers(known, m)) {
    let entry = byPointer.get(pointer);
    if (!entry) {
      entry = { pointer, message: message ?? '', rules: [] };
      byPointer.set(pointer, entry);
    }
    if (!entry.message && message) entry.message = message;
    if (!entry.rules.includes(rule.id)) entry.rules.push(rule.id);
  }
}

/**
 * `missing`: every fact behind a check that was not performed, one entry per pointer with the rules
 * it held up; plus, when a rule itself answered onvoldoende_gegevens, the absent facts it names.
 */
function missingFacts(d: CompiledDecision, guarded: Map<string, Guarded>, named: [MissingCheck, CompiledRule][], known: KnownFacts): MissingFact[] {
  const byPointer = new Map<string, MissingFact>();
  for (const [id, g] of guarded) if (g.status === 'onvoldoende' || g.status === 'signaal') for (const m of g.absent) addMissing(byPointer, m, d.rules.get(id)!, known);
  // Signalled facts of checks decided by their range reading: named, with what was done without them.
  for (const [id, g] of guarded) {
    if (g.status !== 'bereik') continue;
    const rule = d.rules.get(id)!;
    const text = `ontbreekt; toch gecontroleerd, want elke waarde die nog mogelijk is geeft dezelfde uitkomst: ${rule.title}`;
    for (const m of g.absent) addMissing(byPointer, m, rule, known, text);
  }
  for (const [m, rule] of named) addMissing(byPointer, m, rule, known);
  // A missing object covers what lies under it: /facts/aanbod, not also /facts/aanbod/intensiteiten.
  for (const entry of [...byPointer.values()]) {
    const parent = [...byPointer.values()].find((p) => p !== entry && entry.pointer.startsWith(p.pointer + '/'));
    if (!parent) continue;
    for (const id of entry.rules) if (!parent.rules.includes(id)) parent.rules.push(id);
    byPointer.delete(entry.pointer);
  }
  for (const entry of byPointer.values()) {
    if (!entry.message) entry.message = `ontbreekt; daardoor niet gecontroleerd: ${entry.rules.map((id) => d.rules.get(id)!.title).join('; ')}`;
  }
  return [...byPointer.values()];
}

/** The placeholders behind the answer: rows read by every check that was performed, rows behind the events, illustrative rules performed. */
function illustrativeBasis(
  d: CompiledDecision, fired: CompiledRule[], guarded: Map<string, Guarded>, rowsOf: Map<string, IllustrativeBasis[]>, eventRows: IllustrativeBasis[] | undefined,
): IllustrativeBasis[] {
  const out = new Map<string, IllustrativeBasis>();
  for (const r of d.rules.values()) {
    const g = guarded.get(r.id);
    if (g?.range) addRows(out, g.range.basis);
    if (g && !g.range) continue;
    if (r.illustrative && !out.has(r.id)) out.set(r.id, { kind: 'rule', ref: r.id, rule: r.id, ...(r.note ? { note: r.note } : {}) });
    if (rowsOf.size) for (const name of r.reads) addRows(out, rowsOf.get(name));
  }
  if (rowsOf.size) for (const r of fired) for (const name of r.reads) addRows(out, rowsOf.get(name));
  addRows(out, eventRows);
  return [...out.values()];
}

function addRows(out: Map<string, IllustrativeBasis>, list: IllustrativeBasis[] | undefined): void {
  if (list) for (const b of list) if (!out.has(b.ref)) out.set(b.ref, b);
}

/**
 * The event of a fired rule. A rule decided by its range reading has `worlds`: a parameter that differs
 * between them is the list of its possible values ("TG3 of TG4" in the message).
 */
function toEvent(r: CompiledRule, scope: ExprScope, worlds?: ExprScope[]): RuleEvent {
  const params: Record<string, unknown> = {};
  const texts: Record<string, (format?: string) => string> = {};
  for (const [k, fn] of r.then.params) {
    params[k] = fn(scope);
    if (!worlds || params[k] != null) continue;
    const values = [...new Set(worlds.map((w) => fn(w) ?? null))];
    if (values.length === 1) params[k] = values[0];
    else if (!values.includes(null)) {
      params[k] = values;
      texts[k] = (format) => values.map((x) => placeholderText(x, format)).join(' of ');
    }
  }
  const message = r.then.message.replace(MESSAGE_PLACEHOLDER, (whole, k: string, format?: string) => (!(k in params) ? whole : texts[k] ? texts[k](format) : placeholderText(params[k], format)));
  const event: RuleEvent = { type: r.then.type, rule: r.id, title: r.title, message, source: r.source, params };
  if (r.then.code) event.code = r.then.code;
  return event;
}

function trace(d: CompiledDecision, all: RuleResult[], guarded: Map<string, Guarded>, known: KnownFacts): TraceEntry[] {
  const pointers = (g: Guarded) => [...new Set(g.absent.flatMap((m) => absentPointers(known, m)))];
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
      const g = guarded.get(rule.id);
      const entry: TraceEntry & { index: number } = {
        rule: rule.id, title: rule.title, fired: g?.range ? g.range.verdict : r.result === true && !g, priority: rule.priority, index: rule.index, conditions: convert(r.conditions as unknown as Record<string, unknown>),
      };
      if (g?.range) {
        if (g.absent.length) entry.missing = pointers(g);
      } else if (g) {
        entry.status = g.status === 'vervalt' ? 'vervalt' : 'niet_gecontroleerd';
        entry.missing = pointers(g);
      }
      return entry;
    })
    .sort((a, b) => a.index - b.index)
    .map(({ index: _i, ...rest }) => rest);
}
