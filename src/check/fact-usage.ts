/**
 * Facts read but absent from the facts schema, and facts in the schema that nothing in the decision
 * reads (conditions, outcomeFrom, derived facts, message parameters, the reference date).
 */
import { BUILT_IN_FACTS, type FactSchema } from '../facts/fact-schemas.js';
import type { Decision, Loc, RuleSetVersion } from '../load/model.js';
import { conditionRefs, exprRefs } from '../load/rule-reads.js';
import type { Finding } from './finding.js';
import { findingAt } from './rule-checks.js';

interface Read {
  name: string;
  loc: Pick<Loc, 'file' | 'line' | 'column'>;
  what: string;
}

type Locate = (path: (string | number)[]) => Pick<Loc, 'file' | 'line' | 'column'>;

function decisionReads(d: Decision, locate: Locate): Read[] {
  const out: Read[] = [];
  d.rules.forEach((r, i) => {
    for (const name of conditionRefs(r.when)) out.push({ name, loc: r.when.loc, what: `regel '${r.id}'` });
    const exprs: [string | undefined, (string | number)[]][] = [
      [r.then.outcomeFrom, ['rules', i, 'then', 'outcomeFrom']],
      ...Object.entries(r.then.params).map(([k, e]): [string, (string | number)[]] => [e, ['rules', i, 'then', 'params', k]]),
    ];
    for (const [e, path] of exprs) if (e) for (const name of exprRefs(e)) out.push({ name, loc: locate(path), what: `regel '${r.id}'` });
  });
  for (const e of [d.default.then.outcomeFrom, ...Object.values(d.default.then.params)].filter((x): x is string => !!x)) {
    for (const name of exprRefs(e)) out.push({ name, loc: d.default.loc, what: `de default '${d.default.id}'` });
  }
  for (const x of d.derived) for (const name of exprRefs(x.expr)) out.push({ name, loc: x.loc, what: `afgeleid feit '${x.name}'` });
  out.push({ name: d.referenceDate, loc: d.loc, what: 'referenceDate' });
  return out;
}

export function checkFactUsage(v: Pick<RuleSetVersion, 'files'>, d: Decision, schema: FactSchema | undefined): Finding[] {
  if (!schema) return [];
  const out: Finding[] = [];
  const derived = new Set(d.derived.map((x) => x.name));
  const f = v.files.get(d.file);
  const reads = decisionReads(d, (path) => (f ? { file: d.file, ...f.locate(path) } : d.loc));
  const requestReads = new Set<string>();
  const reported = new Set<string>();
  for (const r of reads) {
    if (derived.has(r.name) || (BUILT_IN_FACTS as readonly string[]).includes(r.name)) continue;
    requestReads.add(r.name);
    if (schema.paths.has(r.name) || reported.has(`${r.what}\0${r.name}`)) continue;
    reported.add(`${r.what}\0${r.name}`);
    out.push(findingAt('fout', 'unknown_fact', `${r.what} leest '${r.name}', dat niet in het feitenschema ${d.facts} staat en geen afgeleid feit is`, r.loc));
  }
  const covered = (p: string) => [...requestReads].some((r) => r === p || p.startsWith(r + '.') || r.startsWith(p + '.'));
  const pos = f ? { file: d.file, ...f.locate(['facts']) } : d.loc;
  for (const p of [...schema.paths].sort()) {
    if (covered(p)) continue;
    const parent = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : undefined;
    if (parent !== undefined && !covered(parent)) continue; // the parent is reported
    out.push(findingAt('waarschuwing', 'unread_fact', `feit '${p}' van het feitenschema ${d.facts} wordt door geen regel van beslissing '${d.id}' gelezen`, pos));
  }
  return out;
}
