/**
 * Semantic checks on one version's model: what the JSON Schema cannot say.
 * Each stage appends diagnostics and never stops the others, so an author sees
 * every problem at once.
 */
import { ExprSyntaxError } from '../expr/ast.js';
import { checkExpr, type ExprEnv } from '../expr/check-expr.js';
import { isIsoDate } from '../expr/dates.js';
import { parseExpr } from '../expr/parse.js';
import { BUILT_IN_FACTS, type FactSchemas } from '../facts/fact-schemas.js';
import type { Diagnostic } from './diagnostics.js';
import { MISSING_MEANINGS, ONVOLDOENDE_GEGEVENS, type Condition, type Decision, type Loc, type RuleSetVersion, type Table, type ValueSpec } from './model.js';
import { createReadResolver, optionalRoots, ruleReads } from './rule-reads.js';
import type { DataPath, YamlFile } from './yaml-file.js';
import { euroText, MESSAGE_FORMATS, MESSAGE_PLACEHOLDER } from '../base/money-text.js';

type Version = Omit<RuleSetVersion, 'contentHash'>;

const DATE_OPS = new Set(['dateBefore', 'dateOnOrBefore', 'dateAfter', 'dateOnOrAfter']);
const LIST_OPS = new Set(['in', 'notIn', 'intersects']);

export function checkVersion(v: Version, facts: FactSchemas, brokenDecisions: ReadonlySet<string> = new Set(), brokenTables: ReadonlySet<string> = new Set()): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (file: string, path: DataPath, code: Diagnostic['code'], message: string, key = false) => {
    const f = v.files.get(file);
    out.push(f ? f.at(path, code, message, key) : { code, message, file, line: 0, column: 0 });
  };
  checkMeta(v, at);
  const tables = checkTables(v.tables, at);
  // A table whose file is broken was reported there; lookups into it are not reported again.
  const atDecision: At = (file, path, code, message, key) => {
    if (code === 'unknown_table' && [...brokenTables].some((t) => message.includes(`'${t}'`))) return;
    at(file, path, code, message, key);
  };
  for (const d of v.decisions) checkDecision(v, d, facts, tables, atDecision, out);
  checkUniqueIds(v, at);
  checkTests(v, facts, at, brokenDecisions);
  return out;
}

type At = (file: string, path: DataPath, code: Diagnostic['code'], message: string, key?: boolean) => void;

function checkMeta(v: Version, at: At) {
  const m = v.meta;
  const file = `${v.dir}/ruleset.yaml`;
  if (m.validTo && m.validTo < m.validFrom) at(file, ['validTo'], 'bad_dates', `validTo ${m.validTo} ligt voor validFrom ${m.validFrom}`);
  const expectedDir = `${m.protocol.toLowerCase()}/${m.version}`;
  if (!v.dir.endsWith(expectedDir)) {
    at(file, ['version'], 'bad_value', `versie ${m.protocol} ${m.version} hoort in map ${expectedDir}, staat in ${v.dir}`);
  }
}

function checkUniqueIds(v: Version, at: At) {
  const seen = new Map<string, Loc>();
  const note = (id: string, loc: Loc, path: DataPath, what: string) => {
    const first = seen.get(id);
    if (first) at(loc.file, path, 'duplicate_id', `${what} '${id}' komt al voor in ${first.file}:${first.line}:${first.column}`);
    else seen.set(id, loc);
  };
  const decisionIds = new Map<string, Loc>();
  for (const d of v.decisions) {
    const first = decisionIds.get(d.id);
    if (first) at(d.file, ['id'], 'duplicate_id', `beslissing '${d.id}' komt al voor in ${first.file}:${first.line}:${first.column}`);
    else decisionIds.set(d.id, d.loc);
    d.rules.forEach((r, i) => note(r.id, r.loc, ['rules', i, 'id'], 'regel-id'));
    note(d.default.id, d.default.loc, ['default', 'id'], 'regel-id');
  }
  const tableIds = new Map<string, Loc>();
  for (const t of v.tables) {
    const first = tableIds.get(t.id);
    if (first) at(t.file, ['id'], 'duplicate_id', `tabel '${t.id}' komt al voor in ${first.file}:${first.line}:${first.column}`);
    else tableIds.set(t.id, t.loc);
  }
}

function exprProblemsAt(
  f: YamlFile | undefined, file: string, path: DataPath, src: string, env: ExprEnv, out: At,
): string[] {
  // Columns inside an expression are offset from the scalar's start (+1 when quoted).
  const shift = (pos: number): string => {
    if (!f) return '';
    return ` (kolom ${f.locate(path).column + pos + (/^["']/.test(quotedPrefix(f, path)) ? 1 : 0)})`;
  };
  try {
    const ast = parseExpr(src);
    const { problems, refs } = checkExpr(ast, env);
    for (const p of problems) out(file, path, p.code, `${p.message}${shift(p.pos)} in '${src}'`);
    return refs;
  } catch (e) {
    if (e instanceof ExprSyntaxError) {
      out(file, path, 'bad_expression', `expressie klopt niet: ${e.message}${shift(e.pos)} in '${src}'`);
      return [];
    }
    throw e;
  }
}

function quotedPrefix(f: YamlFile, path: DataPath): string {
  const node = f.doc.getIn(path as (string | number)[], true) as { range?: [number, number, number] } | undefined;
  return node?.range ? f.text.slice(node.range[0], node.range[0] + 1) : '';
}

function checkDecision(
  v: Version, d: Decision, facts: FactSchemas, tables: Map<string, Table>, at: At, out: Diagnostic[],
) {
  const f = v.files.get(d.file);
  const schema = facts.get(d.facts);
  if (!schema) at(d.file, ['facts'], 'unknown_fact', `onbekend feitenschema '${d.facts}' (bekend: ${facts.names().join(', ')})`);
  const expectedPrefix = `${v.meta.protocol.toLowerCase()}.${d.id}.`;
  const derivedNames = new Set(d.derived.map((x) => x.name));
  const factPaths = schema?.paths ?? new Set<string>();
  const env: ExprEnv = {
    knows: (n) => !schema || factPaths.has(n) || derivedNames.has(n) || (BUILT_IN_FACTS as readonly string[]).includes(n),
    table: (n) => {
      const t = tables.get(n);
      return t && { keys: t.keys, columns: t.columns.map((c) => c.name) };
    },
  };
  if (schema && !factPaths.has(d.referenceDate)) at(d.file, ['referenceDate'], 'unknown_fact', `referenceDate '${d.referenceDate}' is geen feit van ${d.facts}`);

  // Derived facts: every reference known, no cycles.
  const deps = new Map<string, string[]>();
  for (const x of d.derived) {
    const refs = exprProblemsAt(f, d.file, ['derived', x.name, 'expr'], x.expr, env, at);
    deps.set(x.name, refs.filter((r) => derivedNames.has(r)));
  }
  const cycle = findCycle(deps);
  if (cycle) at(d.file, ['derived', cycle[0]], 'cycle', `afgeleide feiten verwijzen in een kring naar elkaar: ${cycle.join(' -> ')}`, true);

  const checkValue = (spec: ValueSpec | undefined, path: DataPath, op: string) => {
    if (!spec) return;
    if (spec.kind === 'fact') {
      if (!env.knows(spec.fact)) at(d.file, [...path, 'fact'], 'unknown_fact', `onbekend feit '${spec.fact}'`);
    } else if (spec.kind === 'expr') {
      exprProblemsAt(f, d.file, [...path, 'expr'], spec.expr, env, at);
    } else {
      if (DATE_OPS.has(op) && !isIsoDate(spec.value)) at(d.file, path, 'bad_value', `${op} vergelijkt met een datum (JJJJ-MM-DD), niet met ${JSON.stringify(spec.value)}`);
      if (LIST_OPS.has(op) && !Array.isArray(spec.value)) at(d.file, path, 'bad_value', `${op} vergelijkt met een lijst, niet met ${JSON.stringify(spec.value)}`);
    }
  };
  const walk = (c: Condition, path: DataPath) => {
    if (c.kind === 'all' || c.kind === 'any') c.items.forEach((x, i) => walk(x, [...path, c.kind, i]));
    else if (c.kind === 'not') walk(c.item, [...path, 'not']);
    else {
      if (c.left.kind === 'fact') {
        if (!env.knows(c.left.fact)) at(d.file, [...path, 'fact'], 'unknown_fact', `onbekend feit '${c.left.fact}'`);
      } else exprProblemsAt(f, d.file, [...path, 'expr'], c.left.expr, env, at);
      checkValue(c.value, [...path, 'value'], c.op);
    }
  };

  const checkThen = (then: Decision['default']['then'], path: DataPath, isDefault: boolean) => {
    if (then.outcome !== undefined && !d.outcomes.includes(then.outcome) && then.outcome !== ONVOLDOENDE_GEGEVENS) {
      at(d.file, [...path, 'outcome'], 'unknown_outcome', `uitkomst '${then.outcome}' staat niet in outcomes van '${d.id}' (${d.outcomes.join(', ')})`);
    }
    if (then.outcomeFrom !== undefined) exprProblemsAt(f, d.file, [...path, 'outcomeFrom'], then.outcomeFrom, env, at);
    if (isDefault && then.outcome === undefined && then.outcomeFrom === undefined) {
      at(d.file, path, 'unknown_outcome', 'de default moet een outcome of outcomeFrom hebben');
    }
    for (const [name, src] of Object.entries(then.params)) exprProblemsAt(f, d.file, [...path, 'params', name], src, env, at);
    for (const m of then.message.matchAll(MESSAGE_PLACEHOLDER)) {
      if (!(m[1] in then.params)) at(d.file, [...path, 'message'], 'bad_value', `bericht gebruikt {${m[1]}} maar params heeft geen '${m[1]}'`);
      if (m[2] !== undefined && !(MESSAGE_FORMATS as readonly string[]).includes(m[2])) at(d.file, [...path, 'message'], 'bad_value', `bericht gebruikt {${m[1]}:${m[2]}}; bekende opmaak: ${MESSAGE_FORMATS.join(', ')}`);
    }
  };

  d.rules.forEach((r, i) => {
    if (!r.id.startsWith(expectedPrefix)) at(d.file, ['rules', i, 'id'], 'bad_value', `regel-id '${r.id}' moet beginnen met '${expectedPrefix}'`);
    walk(r.when, ['rules', i, 'when']);
    checkThen(r.then, ['rules', i, 'then'], false);
  });
  if (!d.default.id.startsWith(expectedPrefix)) at(d.file, ['default', 'id'], 'bad_value', `regel-id '${d.default.id}' moet beginnen met '${expectedPrefix}'`);
  checkThen(d.default.then, ['default', 'then'], true);
  if (schema) checkMissingMeanings(d, schema.optional, derivedNames, at, schema.paths);
  void out;
}

/**
 * No silent defaults: every optional request fact a rule reads (directly or through derived facts)
 * has a stated meaning for its absence, in the rule or in the decision's `ontbreekt`; every stated
 * meaning names something the rule (or decision) can actually miss.
 */
function checkMissingMeanings(d: Decision, optional: ReadonlySet<string>, derivedNames: ReadonlySet<string>, at: At, paths: ReadonlySet<string>) {
  const meanings = MISSING_MEANINGS.join(' | ');
  const checkDecl = (decl: Decision['missing'][number], path: (string | number)[]) => {
    if ((decl.meaning === 'regel_vervalt' || decl.meaning === 'voorwaarde') && !decl.reason) {
      at(d.file, [...path, decl.fact], 'missing_meaning', `${decl.meaning} bij '${decl.fact}' vraagt een reden (reden: ...), zodat een lezer ziet waarom`);
    }
    if (decl.requiredIf && decl.meaning !== 'voorwaarde') {
      at(d.file, [...path, decl.fact, 'verplichtAls'], 'bad_value', `verplichtAls bij '${decl.fact}' hoort bij betekent: voorwaarde (ontbreken is een vorm, behalve waar de andere feiten zeggen dat het er moet zijn)`, true);
    }
    for (const t of decl.requiredIf ?? []) {
      if (!paths.has(t.fact) && !derivedNames.has(t.fact)) at(d.file, [...path, decl.fact, 'verplichtAls'], 'unknown_fact', `onbekend feit '${t.fact}' in verplichtAls`, true);
    }
  };
  d.missing.forEach((decl) => {
    checkDecl(decl, ['ontbreekt']);
    if (!optional.has(decl.fact) && !derivedNames.has(decl.fact)) {
      at(d.file, ['ontbreekt', decl.fact], 'bad_value', `'${decl.fact}' is geen optioneel feit van het feitenschema en geen afgeleid feit; ontbreken kan niet`, true);
    }
  });
  const decisionLevel = new Set(d.missing.map((m) => m.fact));
  const resolve = createReadResolver(d, BUILT_IN_FACTS);
  d.rules.forEach((r, i) => {
    const reads = ruleReads(r, resolve);
    const roots = optionalRoots(reads.facts, optional);
    const own = new Set(r.missing.map((m) => m.fact));
    r.missing.forEach((decl) => {
      checkDecl(decl, ['rules', i, 'ontbreekt']);
      if (!roots.has(decl.fact) && !reads.derived.has(decl.fact)) {
        at(d.file, ['rules', i, 'ontbreekt', decl.fact], 'bad_value', `regel '${r.id}' leest '${decl.fact}' niet als optioneel feit of afgeleid feit`, true);
      }
    });
    for (const root of [...roots].sort()) {
      if (own.has(root) || decisionLevel.has(root)) continue;
      at(d.file, ['rules', i, 'when'], 'missing_meaning',
        `regel '${r.id}' leest het optionele feit '${root}' maar zegt niet wat ontbreken betekent; voeg toe: ontbreekt: { ${root}: ${meanings} }`, true);
    }
  });
}

function findCycle(deps: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === 2) return undefined;
    if (state.get(n) === 1) return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 1);
    stack.push(n);
    for (const m of deps.get(n) ?? []) {
      const c = visit(m);
      if (c) return c;
    }
    stack.pop();
    state.set(n, 2);
    return undefined;
  };
  for (const n of deps.keys()) {
    const c = visit(n);
    if (c) return c;
  }
  return undefined;
}

function checkTables(list: Table[], at: At): Map<string, Table> {
  const map = new Map<string, Table>();
  for (const t of list) {
    if (!map.has(t.id)) map.set(t.id, t);
    const cols = new Map(t.columns.map((c) => [c.name, c]));
    t.keys.forEach((k, i) => {
      if (!cols.has(k)) at(t.file, ['keys', i], 'unknown_column', `sleutel '${k}' is geen kolom van tabel '${t.id}'`);
    });
    for (const c of t.columns) if (c.range && !t.keys.includes(c.name)) at(t.file, ['columns', c.name, 'range'], 'bad_value', `alleen een sleutelkolom kan een bereik zijn`, true);
    t.rows.forEach((row, i) => {
      const path = ['rows', i];
      for (const [k, cell] of Object.entries(row.values)) {
        const col = cols.get(k);
        if (!col) {
          at(t.file, [...path, k], 'unknown_column', `onbekende kolom '${k}' (kolommen: ${[...cols.keys()].join(', ')})`, true);
          continue;
        }
        const problem = cellProblem(col.type, col.range, col.nullable, cell);
        if (problem) at(t.file, [...path, k], 'bad_row', `kolom '${k}': ${problem}`);
      }
      for (const col of t.columns) {
        if (!(col.name in row.values) && !col.nullable && !col.range) at(t.file, path, 'bad_row', `rij mist kolom '${col.name}'`);
      }
      if (row.from && row.until && row.until < row.from) at(t.file, [...path, 'until'], 'bad_dates', `until ${row.until} ligt voor from ${row.from}`);
    });
  }
  return map;
}

/** A money cell: whole cents, never negative ("8736" is € 87,36). */
function moneyProblem(cell: unknown): string | undefined {
  if (!Number.isInteger(cell)) return `moet een bedrag in hele centen zijn (8736 is € 87,36), niet ${JSON.stringify(cell)}`;
  return (cell as number) < 0 ? `een bedrag kan niet negatief zijn, niet ${euroText(cell as number)}` : undefined;
}

function cellProblem(type: string, range: boolean, nullable: boolean, cell: unknown): string | undefined {
  if (cell === null) return nullable || range ? undefined : 'mag niet leeg zijn';
  if (range && typeof cell === 'object' && !Array.isArray(cell)) {
    const o = cell as Record<string, unknown>;
    const extra = Object.keys(o).filter((k) => k !== 'min' && k !== 'max');
    if (extra.length) return `een bereik heeft alleen min en max, niet ${extra.join(', ')}`;
    for (const k of ['min', 'max']) if (k in o && cellProblem(type, false, false, o[k])) return `${k}: ${cellProblem(type, false, false, o[k])}`;
    return undefined;
  }
  switch (type) {
    case 'integer': return Number.isInteger(cell) ? undefined : `moet een geheel getal zijn, niet ${JSON.stringify(cell)}`;
    case 'money': return moneyProblem(cell);
    case 'string': return typeof cell === 'string' ? undefined : `moet tekst zijn, niet ${JSON.stringify(cell)}`;
    case 'boolean': return typeof cell === 'boolean' ? undefined : `moet true of false zijn, niet ${JSON.stringify(cell)}`;
    case 'date': return isIsoDate(cell) ? undefined : `moet een datum JJJJ-MM-DD zijn, niet ${JSON.stringify(cell)}`;
  }
  return undefined;
}

function checkTests(v: Version, facts: FactSchemas, at: At, brokenDecisions: ReadonlySet<string>) {
  const decisions = new Map(v.decisions.map((d) => [d.id, d]));
  for (const suite of v.tests) {
    const d = decisions.get(suite.decision);
    if (!d && brokenDecisions.has(suite.decision)) continue; // already reported in the decision file
    if (!d) {
      at(suite.file, ['decision'], 'unknown_decision', `onbekende beslissing '${suite.decision}' (bekend: ${[...decisions.keys()].join(', ')})`);
      continue;
    }
    const ruleIds = new Set([...d.rules.map((r) => r.id), d.default.id]);
    const schema = facts.get(d.facts);
    suite.cases.forEach((c, i) => {
      const path = ['cases', i];
      if (!d.outcomes.includes(c.expect.outcome) && c.expect.outcome !== ONVOLDOENDE_GEGEVENS) at(suite.file, [...path, 'expect', 'outcome'], 'unknown_outcome', `uitkomst '${c.expect.outcome}' staat niet in outcomes van '${d.id}'`);
      for (const key of ['fires', 'notFires'] as const) {
        (c.expect[key] ?? []).forEach((id, j) => {
          if (!ruleIds.has(id)) at(suite.file, [...path, 'expect', key, j], 'unknown_rule', `onbekende regel '${id}' in beslissing '${d.id}'`);
        });
      }
      for (const id of Object.keys(c.expect.params ?? {})) {
        if (!ruleIds.has(id)) at(suite.file, [...path, 'expect', 'params', id], 'unknown_rule', `onbekende regel '${id}' in beslissing '${d.id}'`, true);
      }
      for (const p of schema?.validate(c.facts) ?? []) {
        const sub = p.pointer === '' ? [] : p.pointer.slice(1).split('/');
        at(suite.file, [...path, 'facts', ...sub], 'bad_value', `feiten kloppen niet met ${d.facts}: ${p.pointer || '/'} ${p.message}`);
      }
    });
  }
}
