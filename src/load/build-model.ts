/**
 * Turns schema-valid YAML data into the typed model, attaching positions.
 * Runs only on files that passed the schema stage, so shapes are trusted here;
 * what the schema cannot express (condition shape) is reported, not assumed.
 */
import type { Diagnostic } from './diagnostics.js';
import type {
  Cell, Column, Condition, Decision, DefaultResult, DerivedFact, Loc, MissingDecl, MissingMeaning, Operator, RequiredIf, Rule, RuleSetMeta, Table, TableRow,
  TestCase, TestSuite, Then, ValueSpec,
} from './model.js';
import type { DataPath, YamlFile } from './yaml-file.js';

type Obj = Record<string, unknown>;

export function locOf(f: YamlFile, path: DataPath): Loc {
  return { file: f.file, path: [...path], ...f.locate(path) };
}

export function buildMeta(data: Obj): RuleSetMeta {
  return data as unknown as RuleSetMeta;
}

const LEAF_KEYS = ['fact', 'expr', 'op', 'value'];

function buildCondition(f: YamlFile, raw: Obj, path: DataPath, out: Diagnostic[]): Condition {
  const loc = locOf(f, path);
  const groups = ['all', 'any', 'not'].filter((k) => k in raw);
  const leaf = LEAF_KEYS.filter((k) => k in raw);
  if (groups.length + (leaf.length ? 1 : 0) !== 1) {
    out.push(f.at(path, 'schema', 'een voorwaarde heeft precies een van: all, any, not, of fact/expr met op'));
    return { kind: 'all', items: [], loc };
  }
  if (raw.all) return { kind: 'all', items: (raw.all as Obj[]).map((c, i) => buildCondition(f, c, [...path, 'all', i], out)), loc };
  if (raw.any) return { kind: 'any', items: (raw.any as Obj[]).map((c, i) => buildCondition(f, c, [...path, 'any', i], out)), loc };
  if (raw.not) return { kind: 'not', item: buildCondition(f, raw.not as Obj, [...path, 'not'], out), loc };
  if (('fact' in raw) === ('expr' in raw)) {
    out.push(f.at(path, 'schema', 'een vergelijking heeft fact of expr (precies een van beide)'));
    return { kind: 'all', items: [], loc };
  }
  if (!('op' in raw)) {
    out.push(f.at(path, 'schema', "verplicht veld 'op' ontbreekt"));
    return { kind: 'all', items: [], loc };
  }
  const op = raw.op as Operator;
  const left = 'fact' in raw ? { kind: 'fact' as const, fact: raw.fact as string } : { kind: 'expr' as const, expr: raw.expr as string };
  const unary = op === 'isSet' || op === 'isNotSet';
  if (unary && 'value' in raw) out.push(f.at([...path, 'value'], 'schema', `${op} heeft geen value`, true));
  if (!unary && !('value' in raw)) out.push(f.at(path, 'schema', `verplicht veld 'value' ontbreekt bij ${op}`));
  return { kind: 'leaf', left, op, value: unary ? undefined : valueSpec(raw.value), loc };
}

function valueSpec(v: unknown): ValueSpec {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Obj;
    const keys = Object.keys(o);
    if (keys.length === 1 && typeof o.fact === 'string') return { kind: 'fact', fact: o.fact };
    if (keys.length === 1 && typeof o.expr === 'string') return { kind: 'expr', expr: o.expr };
  }
  return { kind: 'literal', value: v };
}

function buildThen(raw: Obj): Then {
  return {
    outcome: raw.outcome as string | undefined,
    outcomeFrom: raw.outcomeFrom as string | undefined,
    type: raw.type as string,
    code: raw.code as string | undefined,
    message: raw.message as string,
    params: (raw.params as Record<string, string>) ?? {},
  };
}

/** Reads an `ontbreekt` map: `fact: meaning` or `fact: { betekent, reden?, melding? }`. */
function buildMissing(f: YamlFile, raw: unknown, path: DataPath): MissingDecl[] {
  if (!raw || typeof raw !== 'object') return [];
  return Object.entries(raw as Obj).map(([fact, v]) => {
    const o = typeof v === 'string' ? { betekent: v } : (v as Obj);
    return {
      fact,
      meaning: o.betekent as MissingMeaning,
      reason: o.reden as string | undefined,
      message: o.melding as string | undefined,
      ...(o.verplichtAls ? { requiredIf: (Array.isArray(o.verplichtAls) ? o.verplichtAls : [o.verplichtAls]) as RequiredIf[] } : {}),
      loc: locOf(f, [...path, fact]),
    };
  });
}

export function buildDecision(f: YamlFile, data: Obj, out: Diagnostic[]): Decision {
  const rules: Rule[] = (data.rules as Obj[]).map((r, i) => {
    const path = ['rules', i];
    if (r.then && (r.then as Obj).outcome !== undefined && (r.then as Obj).outcomeFrom !== undefined) {
      out.push(f.at([...path, 'then', 'outcomeFrom'], 'schema', 'outcome en outcomeFrom sluiten elkaar uit', true));
    }
    return {
      id: r.id as string,
      title: r.title as string,
      source: r.source as string,
      illustrative: r.illustrative === true,
      note: r.note as string | undefined,
      priority: (r.priority as number | undefined) ?? 50,
      missing: buildMissing(f, r.ontbreekt, [...path, 'ontbreekt']),
      when: buildCondition(f, r.when as Obj, [...path, 'when'], out),
      then: buildThen(r.then as Obj),
      index: i,
      loc: locOf(f, path),
    };
  });
  const derived: DerivedFact[] = Object.entries((data.derived as Record<string, Obj>) ?? {}).map(([name, d]) => ({
    name,
    title: d.title as string | undefined,
    expr: d.expr as string,
    source: d.source as string | undefined,
    loc: locOf(f, ['derived', name, 'expr']),
  }));
  const def = data.default as Obj;
  const defaultResult: DefaultResult = {
    id: def.id as string,
    title: def.title as string,
    source: def.source as string,
    then: buildThen(def.then as Obj),
    loc: locOf(f, ['default']),
  };
  return {
    id: data.id as string,
    title: data.title as string,
    note: data.note as string | undefined,
    facts: data.facts as string,
    referenceDate: data.referenceDate as string,
    outcomes: data.outcomes as string[],
    derived,
    missing: buildMissing(f, data.ontbreekt, ['ontbreekt']),
    rules,
    default: defaultResult,
    file: f.file,
    loc: locOf(f, []),
  };
}

const ROW_META = new Set(['from', 'until', 'illustrative', 'source']);

export function buildTable(f: YamlFile, data: Obj): Table {
  const columns: Column[] = Object.entries(data.columns as Record<string, Obj>).map(([name, c]) => ({
    name,
    type: c.type as Column['type'],
    range: c.range === true,
    nullable: c.nullable === true,
    title: c.title as string | undefined,
  }));
  const rows: TableRow[] = (data.rows as Obj[]).map((r, i) => {
    const values: Record<string, Cell> = {};
    for (const [k, v] of Object.entries(r)) if (!ROW_META.has(k)) values[k] = v as Cell;
    return {
      values,
      from: r.from as string | undefined,
      until: r.until as string | undefined,
      illustrative: r.illustrative as boolean | undefined,
      source: r.source as string | undefined,
      loc: locOf(f, ['rows', i]),
    };
  });
  return {
    id: data.id as string,
    title: data.title as string,
    source: data.source as string,
    illustrative: data.illustrative === true,
    illustrativeNote: data.illustrativeNote as string | undefined,
    perCalendarYear: data.perKalenderjaar === true,
    keys: data.keys as string[],
    columns,
    rows,
    file: f.file,
    loc: locOf(f, []),
  };
}

export function buildTestSuite(f: YamlFile, data: Obj): TestSuite {
  const cases: TestCase[] = (data.cases as Obj[]).map((c, i) => ({
    name: c.name as string,
    date: c.date as string | undefined,
    today: c.today as string | undefined,
    facts: c.facts as Record<string, unknown>,
    expect: c.expect as TestCase['expect'],
    loc: locOf(f, ['cases', i]),
  }));
  return { decision: data.decision as string, cases, file: f.file, loc: locOf(f, []) };
}
