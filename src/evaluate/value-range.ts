/**
 * Unknown within a known range. A rule that reads a missing fact (stated `onvoldoende_gegevens` or
 * `signaal`) and whose three-valued reading is unknown may still be decided: when every value the
 * missing fact can still take gives the rule the same verdict, that is its verdict. The values:
 *
 *  - a missing request fact with an enum (or boolean) in the facts schema: each of those values;
 *  - a derived fact that is a lookup (`lookup`, `lookupAt`) with one missing key: the column values of
 *    the rows that match the keys that are known, provided those rows cover every value the missing key
 *    can take (its schema enum, or its schema bounds for a range key such as the cao-schaal); otherwise
 *    "no row" stays possible and the fact stays unknown. A SPV'er without a schaal is TG3 or TG4;
 *  - another derived fact: the values of the missing request facts it is computed from, as above.
 *
 * Each combination of values (a world; at most MAX_WORLDS) recomputes the derived facts and reads the
 * rule's conditions with the engine's own operators, three-valued as before: a fact still missing is
 * unknown. One verdict in every world decides the rule; anything else leaves it unknown. Nothing here
 * guesses: a fact whose values cannot be listed is simply not read as a range.
 */
import type { NestedCondition } from 'json-rules-engine';
import { lookupCall, schemaBounds, schemaEnum } from '../check/fact-domain.js';
import type { CompiledDecision, CompiledRule, MissingCheck } from '../compile/compile-decision.js';
import type { CompiledVersion } from '../compile/compile-version.js';
import type { IllustrativeBasis, TableIndex } from '../load/table-index.js';
import { compileExpr, type CompiledExpr, type ExprScope } from '../expr/compile-expr.js';
import type { Cell } from '../load/model.js';
import { kleene, type Tri } from './kleene.js';
import { readPath, type KnownFacts } from './known-facts.js';
import { operators } from './partition.js';

/** At most this many combinations of values are read per rule; past it the rule stays unknown. */
export const MAX_WORLDS = 256;

/** What a run knows, for reading a rule in other worlds. */
export interface RangeContext {
  version: CompiledVersion;
  decision: CompiledDecision;
  known: KnownFacts;
  referenceDate: string;
}

/** The verdict every possible value gives, with the worlds it was read in (for the event's params) and the rows it rests on. */
export interface RangeVerdict {
  verdict: boolean;
  worlds: ExprScope[];
  basis: IllustrativeBasis[];
}

/** A fact read as a range: its name (request path or derived fact) and the values it can still take. */
interface Variable {
  name: string;
  values: unknown[];
}

interface LookupShape {
  table: string;
  column: string;
  date?: CompiledExpr;
  keys: { name?: string; fn: CompiledExpr }[];
}

const shapes = new WeakMap<CompiledDecision, Map<string, LookupShape | null>>();
const conditionsByRule = new WeakMap<CompiledDecision, Map<string, NestedCondition>>();

/** The lookup a derived fact is, when its expression is exactly one `lookup` or `lookupAt` call. */
function lookupShape(d: CompiledDecision, name: string): LookupShape | null {
  let byName = shapes.get(d);
  if (!byName) shapes.set(d, (byName = new Map()));
  if (byName.has(name)) return byName.get(name)!;
  const ast = d.derived.find((x) => x.name === name)?.ast;
  const call = ast && lookupCall(ast);
  const shape: LookupShape | null = call ? {
    table: call.table, column: call.column, date: call.date && compileExpr(call.date),
    keys: call.keys.map((a) => ({ name: a.t === 'ref' ? a.name : undefined, fn: compileExpr(a) })),
  } : null;
  byName.set(name, shape);
  return shape;
}

/** The engine conditions of a rule (the whole set, as compiled). */
function conditionsOf(d: CompiledDecision, id: string): NestedCondition | undefined {
  let byId = conditionsByRule.get(d);
  if (!byId) {
    byId = new Map(d.engineRules.map((r) => [r.name as string, r.conditions as NestedCondition]));
    conditionsByRule.set(d, byId);
  }
  return byId.get(id);
}

const enums = new WeakMap<CompiledDecision, Map<string, unknown[] | undefined>>();

/** The values a request fact can take by its facts schema (enum or boolean), or undefined; read once per decision and path. */
function requestValues(d: CompiledDecision, path: string): unknown[] | undefined {
  let byPath = enums.get(d);
  if (!byPath) enums.set(d, (byPath = new Map()));
  if (!byPath.has(path)) byPath.set(path, d.factSchema ? schemaEnum(d.factSchema, path) : undefined);
  return byPath.get(path);
}

/** Whether integer ranges `{min, max}` (an empty cell: everything) cover every whole number from lo to hi. */
function rangesCover(cells: Cell[], lo: number, hi: number): boolean {
  if (cells.some((c) => c === null)) return true;
  const spans = cells
    .filter((c) => c !== null && typeof c === 'object')
    .map((c) => [Number((c as { min?: unknown }).min ?? -Infinity), Number((c as { max?: unknown }).max ?? Infinity)] as const)
    .sort((a, b) => a[0] - b[0]);
  let next = lo;
  for (const [min, max] of spans) {
    if (min > next) break;
    next = Math.max(next, max + 1);
    if (next > hi) return true;
  }
  return next > hi;
}

/**
 * A derived lookup with exactly one missing key (a request fact): the column values of the rows that
 * match the known keys, when they cover every value of the missing key; else undefined.
 */
function lookupRange(ctx: RangeContext, name: string, scope: ExprScope, basis: IllustrativeBasis[]): Variable | undefined {
  const shape = lookupShape(ctx.decision, name);
  const table: TableIndex | undefined = shape ? ctx.version.tables.get(shape.table) : undefined;
  if (!shape || !table) return undefined;
  const keys = shape.keys.map((k) => k.fn(scope) ?? undefined);
  const open = keys.flatMap((k, i) => (k === undefined ? [i] : []));
  if (open.length !== 1) return undefined;
  const at = open[0];
  const path = shape.keys[at].name;
  if (!path || ctx.decision.derived.some((x) => x.name === path) || !ctx.decision.factSchema) return undefined;
  const date = shape.date ? shape.date(scope) : ctx.referenceDate;
  if (typeof date !== 'string') return undefined;
  const rows = table.matching(keys, date);
  const cells = rows.map((r) => r.keys[at]);
  const values = requestValues(ctx.decision, path);
  const bounds = table.rangeKeys[at] ? schemaBounds(ctx.decision.factSchema, path) : undefined;
  const covered = values
    ? values.every((v) => cells.some((c) => c === v || (table.rangeKeys[at] && (c === null || (typeof c === 'object' && typeof v === 'number' && Number(c.min ?? -Infinity) <= v && v <= Number(c.max ?? Infinity))))))
    : bounds ? rangesCover(cells, bounds.min, bounds.max) : false;
  if (!covered || !rows.length) return undefined;
  const out = [...new Set(rows.map((r) => r.values[shape.column] ?? null))];
  if (out.includes(null)) return undefined;
  for (const r of rows) if (r.basis) basis.push(r.basis);
  return { name, values: out };
}

/** The request facts a check reads that are absent from this request. */
function absentInputs(known: KnownFacts, m: MissingCheck): string[] {
  return (m.inputs ?? [m.key]).filter((p) => readPath(known.facts, p) == null);
}

/** One world: the run's values with some facts set to one of their possible values and the derived facts recomputed. */
class World implements ExprScope {
  readonly set = new Map<string, unknown>();
  constructor(private readonly ctx: RangeContext) {}
  get referenceDate(): string {
    return this.ctx.referenceDate;
  }
  get(name: string): unknown {
    if (this.set.has(name)) return this.set.get(name);
    const v = this.ctx.known.values.get(name);
    return v !== undefined ? v : readPath(this.ctx.known.facts, name);
  }
  lookup(table: string, column: string, keys: unknown[], date: string): unknown {
    return this.ctx.version.tables.get(table)?.lookup(column, keys, date) ?? null;
  }
  column(table: string, column: string, date: string): unknown[] {
    return this.ctx.version.tables.get(table)?.column(column, date) ?? [];
  }
}

/** The rule's conditions read in one world, three-valued: a comparison on a fact that is still missing is unknown. */
function readIn(world: World, conditions: NestedCondition, stillUnknown: (fact: unknown) => boolean): Tri {
  const withResults = (c: Record<string, unknown>): Record<string, unknown> => {
    if (Array.isArray(c.all)) return { all: c.all.map(withResults) };
    if (Array.isArray(c.any)) return { any: c.any.map(withResults) };
    if (c.not) return { not: withResults(c.not as Record<string, unknown>) };
    const v = c.value as { fact?: unknown } | null;
    const other = v !== null && typeof v === 'object' && !Array.isArray(v) && typeof v.fact === 'string' ? v.fact : undefined;
    const op = operators.get(c.operator as string);
    if (!op || stillUnknown(c.fact) || (other !== undefined && stillUnknown(other))) return { unknown: true };
    const right = other !== undefined ? world.get(other) ?? null : c.value;
    return { result: op.evaluate(world.get(c.fact as string) ?? null, right) };
  };
  return kleene(withResults(conditions as Record<string, unknown>), (leaf) => leaf.unknown === true);
}

/**
 * The verdict of rule `r` whatever values its missing facts `lacking` (stated onvoldoende_gegevens or
 * signaal, absent in this request) still can take, when that is one verdict; else undefined.
 */
export function rangeVerdict(ctx: RangeContext, r: CompiledRule, lacking: MissingCheck[]): RangeVerdict | undefined {
  const conditions = conditionsOf(ctx.decision, r.id);
  if (!conditions || !lacking.length) return undefined;
  const base = new World(ctx);
  const basis: IllustrativeBasis[] = [];
  const vars = new Map<string, Variable>();
  const resolved = new Set<string>();
  for (const m of lacking) {
    const ranged = m.derived ? lookupRange(ctx, m.key, base, basis) : undefined;
    if (ranged) {
      vars.set(ranged.name, ranged);
      resolved.add(m.key);
      continue;
    }
    const inputs = absentInputs(ctx.known, m);
    const each = inputs.map((p) => ({ name: p, values: requestValues(ctx.decision, p) }));
    if (!each.length || each.some((x) => !x.values)) continue;
    for (const x of each) vars.set(x.name, x as Variable);
    resolved.add(m.key);
  }
  if (!vars.size) return undefined;
  let count = 1;
  for (const x of vars.values()) count *= x.values.length;
  if (count === 0 || count > MAX_WORLDS) return undefined;

  const open = lacking.filter((m) => !resolved.has(m.key)).map((m) => m.key);
  const stillUnknown = (fact: unknown) => typeof fact === 'string' && (r.unknownIf.get(fact) ?? []).some((k) => open.includes(k));
  const list = [...vars.values()];
  const worlds: World[] = [];
  let verdict: Tri;
  for (let i = 0; i < count; i++) {
    const world = new World(ctx);
    let rest = i;
    for (const x of list) {
      world.set.set(x.name, x.values[rest % x.values.length]);
      rest = Math.floor(rest / x.values.length);
    }
    for (const x of ctx.decision.derived) if (!vars.has(x.name)) world.set.set(x.name, x.fn(world) ?? null);
    const v = readIn(world, conditions, stillUnknown);
    if (v === undefined || (i > 0 && v !== verdict)) return undefined;
    verdict = v;
    worlds.push(world);
  }
  return { verdict: verdict!, worlds, basis };
}
