/**
 * Runs the YAML test cases beside each version (tests/*.yaml) through the same
 * evaluate() the service uses, pinned to the version they sit beside.
 */
import { isDeepStrictEqual } from 'node:util';
import { evaluate, type EvaluateResponse } from '../evaluate/evaluate.js';
import { ApiError } from '../base/errors.js';
import { MESSAGE_PLACEHOLDER } from '../base/money-text.js';
import type { Registry } from '../evaluate/registry.js';
import type { RuleSetVersion, TestCase } from '../load/model.js';

/**
 * One failing expectation the author may adopt as the new expected value ("verwachte uitkomst
 * bijwerken"): where it sits in the case (a YAML path below `cases[index]`), what the case
 * expected and what the version answers. `money` when the value is integer cents (a rule's
 * message shows it with `{naam:euro}`), so the editor shows euros.
 */
export interface ExpectFix {
  path: (string | number)[];
  /** What the expectation is about, for staff: "uitkomst", "retourcodes", "bedrag in “Budget berekend …”". */
  label: string;
  expected: unknown;
  actual: unknown;
  money: boolean;
}

export interface CaseResult {
  version: string;
  protocol: string;
  decision: string;
  file: string;
  line: number;
  column: number;
  name: string;
  passed: boolean;
  failures: string[];
  /** The case's position in its file's `cases`, and the failing expectations that can be updated to the answer. */
  index: number;
  fixes: ExpectFix[];
  fired: string[];
  /** Rule ids this case asserts fired / did not fire (for the coverage table). */
  assertsFired: string[];
  assertsNotFired: string[];
}

function subset(expected: Record<string, unknown>, actual: Record<string, unknown>): string[] {
  return Object.entries(expected)
    .filter(([k, v]) => !isDeepStrictEqual(actual[k], v))
    .map(([k, v]) => `${k}: verwacht ${JSON.stringify(v)}, kreeg ${JSON.stringify(actual[k])}`);
}

/** The params a rule's message prints as euros (`{bedrag:euro}`): integer cents. */
const euroParams = (message: string | undefined) => new Set([...(message ?? '').matchAll(MESSAGE_PLACEHOLDER)].filter((m) => m[2] === 'euro').map((m) => m[1]));

function compare(c: TestCase, r: EvaluateResponse, messageOf: (rule: string) => string | undefined, titleOf: (rule: string) => string | undefined, fixes: ExpectFix[] = []): string[] {
  const f: string[] = [];
  const e = c.expect;
  if (r.outcome !== e.outcome) {
    f.push(`uitkomst: verwacht ${e.outcome}, kreeg ${r.outcome}`);
    fixes.push({ path: ['expect', 'outcome'], label: 'uitkomst', expected: e.outcome, actual: r.outcome, money: false });
  }
  const codes = r.events.map((ev) => ev.code).filter((x): x is string => !!x).sort();
  if (e.codes && !isDeepStrictEqual([...e.codes].sort(), codes)) {
    f.push(`codes: verwacht [${[...e.codes].sort().join(', ')}], kreeg [${codes.join(', ')}]`);
    fixes.push({ path: ['expect', 'codes'], label: 'retourcodes', expected: e.codes, actual: codes, money: false });
  }
  const fired = new Set(r.events.map((ev) => ev.rule));
  for (const id of e.fires ?? []) if (!fired.has(id)) f.push(`regel ${id} ging niet af`);
  for (const id of e.notFires ?? []) if (fired.has(id)) f.push(`regel ${id} ging af maar mocht niet`);
  for (const [id, params] of Object.entries(e.params ?? {})) {
    const ev = r.events.find((x) => x.rule === id);
    if (!ev) f.push(`params: regel ${id} ging niet af`);
    else {
      for (const m of subset(params, ev.params)) f.push(`params van ${id}: ${m}`);
      const money = euroParams(messageOf(id));
      for (const [k, v] of Object.entries(params)) {
        if (!isDeepStrictEqual(ev.params[k], v) && ev.params[k] !== undefined) fixes.push({ path: ['expect', 'params', id, k], label: `${k} in “${titleOf(id) ?? id}”`, expected: v, actual: ev.params[k], money: money.has(k) });
      }
    }
  }
  if (e.missing) {
    const got = r.missing.map((m) => m.pointer).sort();
    if (!isDeepStrictEqual([...e.missing].sort(), got)) f.push(`missing: verwacht [${[...e.missing].sort().join(', ')}], kreeg [${got.join(', ')}]`);
  }
  if (e.illustrative !== undefined && e.illustrative !== r.illustrative) f.push(`illustrative: verwacht ${e.illustrative}, kreeg ${r.illustrative}`);
  return f;
}

export async function runVersionTests(v: RuleSetVersion, registry: Registry, today?: string): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  const compiled = registry.get(v.meta.protocol, v.meta.version);
  for (const suite of v.tests) {
    const decision = compiled?.decisions.get(suite.decision);
    const codeOf = new Map<string, string | undefined>();
    const messages = new Map<string, string>();
    const titles = new Map<string, string>();
    if (decision) {
      for (const r of [...decision.rules.values(), decision.defaultRule]) {
        codeOf.set(r.id, r.then.code);
        messages.set(r.id, r.then.message);
        titles.set(r.id, r.title);
      }
    }
    for (const [index, c] of suite.cases.entries()) {
      const base = {
        version: v.meta.version, protocol: v.meta.protocol, decision: suite.decision,
        file: c.loc.file, line: c.loc.line, column: c.loc.column, name: c.name, index,
      };
      try {
        const r = await evaluate(registry, { protocol: v.meta.protocol, version: v.meta.version, decision: suite.decision, facts: c.facts, date: c.date }, { today: c.today ?? today });
        const fixes: ExpectFix[] = [];
        const failures = compare(c, r, (id) => messages.get(id), (id) => titles.get(id), fixes);
        const fired = r.events.map((e) => e.rule);
        const codes = c.expect.codes;
        const assertsFired = [...codeOf.keys()].filter((id) =>
          fired.includes(id) && ((c.expect.fires ?? []).includes(id) || (codes && codeOf.get(id) && codes.includes(codeOf.get(id)!)) || (c.expect.params && id in c.expect.params)));
        const assertsNotFired = [...codeOf.keys()].filter((id) =>
          !fired.includes(id) && ((c.expect.notFires ?? []).includes(id) || (codes && codeOf.get(id) && !codes.includes(codeOf.get(id)!))));
        out.push({ ...base, passed: failures.length === 0, failures, fixes, fired, assertsFired, assertsNotFired });
      } catch (err) {
        const msg = err instanceof ApiError ? `${err.code}: ${err.message}${err.details.map((d) => ` ${d.pointer} ${d.message}`).join(';')}` : String(err);
        out.push({ ...base, passed: false, failures: [msg], fixes: [], fired: [], assertsFired: [], assertsNotFired: [] });
      }
    }
  }
  return out;
}

export async function runAllTests(versions: RuleSetVersion[], registry: Registry, today?: string): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const v of versions) out.push(...(await runVersionTests(v, registry, today)));
  return out;
}
