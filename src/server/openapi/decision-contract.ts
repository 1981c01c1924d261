/**
 * The part of the contract that comes from the served rules: which decisions
 * exist, the JSON Schema of their facts, their outcomes and their reference-date
 * fact. Both GET /api/v1/rulesets/{protocol}/{version}/decisions and the OpenAPI
 * document (evaluate and batch requests typed per decision, protocol, decision
 * and outcome as enums, examples from the rule sets' own test cases) are made
 * here from the registry, so they follow every adoption or reload and are never
 * copied by hand.
 */
import type { CompiledVersion } from '../../compile/compile-version.js';
import { evaluate } from '../../evaluate/evaluate.js';
import { ApiError } from '../../base/errors.js';
import { httpStatus } from '../errors.js';
import { factPointer } from '../../base/json-pointer.js';
import type { Registry } from '../../evaluate/registry.js';
import { ONVOLDOENDE_GEGEVENS, type TestCase } from '../../load/model.js';
import { API_SCHEMAS, schemaWithRefsTo } from '../../contract/api-schemas.js';

const COMPONENTS = '#/components/schemas/';
const ref = (name: string) => ({ $ref: `${COMPONENTS}${name}` });
const pascal = (s: string) => s.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');

/** The reference-date fact (a dotted path in the rule file) as a JSON Pointer into an evaluate request. */
export const referenceDatePointer = factPointer;

/** A decision's outcomes as an answer may give them: its catalogue and onvoldoende_gegevens. */
const answerOutcomes = (outcomes: readonly string[]) => [...new Set([...outcomes, ONVOLDOENDE_GEGEVENS])];

/** A facts schema as served: without $schema and $id, local references kept inside it. */
function servedFactsSchema(schema: Record<string, unknown>, at: string): Record<string, unknown> {
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (!x || typeof x !== 'object') return x;
    return Object.fromEntries(Object.entries(x).filter(([k]) => k !== '$schema' && k !== '$id')
      .map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${at}${v.slice(1)}` : walk(v)]));
  };
  return walk(schema) as Record<string, unknown>;
}

/** GET /api/v1/rulesets/{protocol}/{version}/decisions: each decision of a version, enough to build and type a request. */
export function versionDecisions(registry: Registry, v: CompiledVersion) {
  return {
    protocol: v.meta.protocol,
    version: v.meta.version,
    contentHash: v.contentHash,
    decisions: v.source.decisions.map((d) => {
      const schema = registry.facts.get(d.facts)?.schema ?? { type: 'object' };
      return {
        id: d.id,
        title: d.title,
        outcomes: answerOutcomes(d.outcomes),
        referenceDate: { fact: d.referenceDate, pointer: referenceDatePointer(d.referenceDate) },
        facts: { name: d.facts, schema: servedFactsSchema(schema, '') },
      };
    }),
  };
}

/** One decision of a protocol over all its served versions. */
interface CatalogueEntry {
  protocol: string;
  decision: string;
  title: string;
  versions: string[];
  facts: string[];
  outcomes: string[];
  referenceDates: string[];
  /** The newest version with the decision: its test cases give the examples. */
  newest: CompiledVersion;
}

function catalogue(registry: Registry): CatalogueEntry[] {
  const byKey = new Map<string, CatalogueEntry>();
  for (const v of registry.versions) {
    for (const d of v.source.decisions) {
      const key = `${v.meta.protocol} ${d.id}`;
      const e = byKey.get(key) ?? { protocol: v.meta.protocol, decision: d.id, title: d.title, versions: [], facts: [], outcomes: [], referenceDates: [], newest: v };
      e.versions.push(v.meta.version);
      for (const [list, x] of [[e.facts, d.facts], [e.referenceDates, d.referenceDate]] as const) if (!list.includes(x)) list.push(x);
      for (const o of d.outcomes) if (!e.outcomes.includes(o)) e.outcomes.push(o);
      if (v.meta.validFrom >= e.newest.meta.validFrom) {
        e.newest = v;
        e.title = d.title;
      }
      byKey.set(key, e);
    }
  }
  return [...byKey.values()].sort((a, b) => a.protocol.localeCompare(b.protocol) || a.decision.localeCompare(b.decision));
}

/** The name of a facts schema's component: rap-declaratie -> RapDeclaratieFacts. */
export const factsComponent = (factsName: string) => `${pascal(factsName)}Facts`;
/** The name of a decision's request component: RAP declaratie -> RapDeclaratieRequest. */
export const requestComponent = (protocol: string, decision: string) => `${pascal(protocol.toLowerCase())}${pascal(decision)}Request`;

/** A test case of the rule set as an evaluate request: the facts it was written with, its date when it pins one. */
function caseRequest(e: CatalogueEntry, c: TestCase) {
  return { protocol: e.protocol, decision: e.decision, facts: c.facts, ...(c.date ? { date: c.date } : {}) };
}

/**
 * The example of a decision: the first test case of the newest version with valid facts that decides (not
 * onvoldoende_gegevens), preferring one that does not set today's date (its answer is the same on any day).
 */
function exampleCase(registry: Registry, e: CatalogueEntry): TestCase | undefined {
  const suite = e.newest.source.tests.find((t) => t.decision === e.decision);
  const schema = registry.facts.get(e.newest.decisions.get(e.decision)?.facts ?? '');
  const usable = (suite?.cases ?? []).filter((c) => c.expect.outcome !== ONVOLDOENDE_GEGEVENS && (!schema || schema.validate(c.facts).length === 0));
  return usable.find((c) => c.today === undefined) ?? usable[0];
}

export interface DecisionContract {
  /** Components for the OpenAPI document: facts schemas, typed requests, EvaluateRequest, BatchRequest, EvaluateResponse. */
  schemas: Record<string, unknown>;
  /** Examples by name: evaluate requests (one per decision), a batch, and the answers to them. */
  examples: {
    evaluate: Record<string, { summary: string; value: unknown }>;
    evaluateAnswer: Record<string, { summary: string; value: unknown }>;
    batch: { summary: string; value: unknown };
    batchAnswer: { summary: string; value: unknown };
    decisions: { summary: string; value: unknown } | undefined;
    /** Error answers of evaluate by status, each the service's own answer to a spoilt example. */
    evaluateErrors: Record<string, Record<string, { summary: string; value: unknown }>>;
    /** A test case evaluated on its own version as an unchanged draft (POST /api/v1/drafts/evaluate). */
    draftEvaluate: { summary: string; value: unknown } | undefined;
  };
}

/** Everything of the OpenAPI document that the served rules decide; `today` is the service's clock (for the answers of the examples). */
export async function decisionContract(registry: Registry, today: string): Promise<DecisionContract> {
  const entries = catalogue(registry);
  const schemas: Record<string, unknown> = {};
  const base = schemaWithRefsTo(API_SCHEMAS.EvaluateRequest, COMPONENTS) as { properties: Record<string, unknown> };
  for (const e of entries) {
    for (const f of e.facts) {
      const name = factsComponent(f);
      schemas[name] = servedFactsSchema(registry.facts.get(f)?.schema ?? { type: 'object' }, `${COMPONENTS}${name}`);
    }
    const facts = e.facts.length === 1 ? ref(factsComponent(e.facts[0])) : { anyOf: e.facts.map((f) => ref(factsComponent(f))) };
    schemas[requestComponent(e.protocol, e.decision)] = {
      type: 'object',
      additionalProperties: false,
      required: ['protocol', 'decision', 'facts'],
      description: `${e.protocol} ${e.decision}: ${e.title} Reference date (without date): ${e.referenceDates.map((r) => `\`${referenceDatePointer(r)}\``).join(' or ')}. Versions: ${e.versions.join(', ')}.`,
      properties: { ...base.properties, protocol: { const: e.protocol }, decision: { const: e.decision }, facts },
    };
  }
  const protocols = [...new Set(entries.map((e) => e.protocol))];
  const decisions = [...new Set(entries.map((e) => e.decision))];
  const outcomes = [...new Set(entries.flatMap((e) => answerOutcomes(e.outcomes)))];
  schemas.Protocol = { enum: protocols, description: 'a protocol the service serves' };
  schemas.Decision = { enum: decisions, description: 'a decision of one of the protocols (GET /api/v1/rulesets/{protocol}/{version}/decisions)' };
  schemas.Outcome = { enum: outcomes, description: "a word of a decision's catalogue, or onvoldoende_gegevens (a check that decides the outcome lacked its fact)" };
  schemas.EvaluateRequest = {
    description: 'One evaluate request: protocol and decision together choose the facts schema (one branch per decision).',
    oneOf: entries.map((e) => ref(requestComponent(e.protocol, e.decision))),
  };
  const batch = schemaWithRefsTo(API_SCHEMAS.BatchRequest, COMPONENTS) as { properties: { requests: Record<string, unknown> } };
  schemas.BatchRequest = { ...batch, properties: { ...batch.properties, requests: { ...batch.properties.requests, items: ref('EvaluateRequest') } } };
  // The answer of a served decision: protocol, decision and outcome are words the rules define. A draft may define others (DraftEvaluateResponse).
  const answer = schemaWithRefsTo(API_SCHEMAS.EvaluateResponse, COMPONENTS) as { properties: Record<string, object> };
  schemas.DraftEvaluateResponse = {
    ...answer, description: 'The answer on a draft: like EvaluateResponse, with the decisions and outcomes the draft defines.',
    properties: { ...answer.properties, answeredBy: { type: 'object', required: ['draft', 'startsOn', 'message'], description: 'only with startsOn in the request: whether the draft answered (draft: true) or, for a reference date before startsOn, the version in force on that date (draft: false; version says which)',
      properties: { draft: { type: 'boolean' }, startsOn: { type: 'string', format: 'date' }, message: { type: 'string', description: 'in Dutch, for staff' } } } },
  };
  schemas.EvaluateResponse = {
    ...answer,
    properties: { ...answer.properties, protocol: ref('Protocol'), decision: ref('Decision'), outcome: ref('Outcome') },
  };

  let draftEvaluate: DecisionContract['examples']['draftEvaluate'];
  const evaluateExamples: DecisionContract['examples']['evaluate'] = {};
  const answerExamples: DecisionContract['examples']['evaluateAnswer'] = {};
  for (const e of entries) {
    const c = exampleCase(registry, e);
    if (!c) continue;
    const key = `${e.protocol.toLowerCase()}-${e.decision}`;
    const req = caseRequest(e, c);
    draftEvaluate ??= { summary: `${c.name}, on ${e.protocol} ${e.newest.meta.version} with no file changed`, value: { protocol: e.protocol, baseVersion: e.newest.meta.version, files: [], request: { decision: e.decision, facts: c.facts, ...(c.date ? { date: c.date } : {}) } } };
    evaluateExamples[key] = { summary: `${e.protocol} ${e.decision}: ${c.name} (test case in ${e.newest.dir}/tests)`, value: req };
    try {
      const answer = await evaluate(registry, req, { today });
      answerExamples[key] = { summary: `the answer to ${key}: ${answer.outcome}`, value: answer };
    } catch {
      // An example whose answer is an error is shown as a request only.
    }
  }
  const answered = Object.keys(answerExamples);
  const evaluateErrors: DecisionContract['examples']['evaluateErrors'] = {};
  const spoilt = answered.length ? evaluateExamples[answered[0]].value as { protocol: string; decision: string; facts: object } : undefined;
  if (spoilt) {
    const cases: [string, string, unknown][] = [
      ['invalid_facts', 'facts that fail the decision\'s schema', { ...spoilt, facts: {} }],
      ['unknown_decision', 'a decision the protocol does not have', { ...spoilt, decision: 'bestaat-niet' }],
      ['no_version_in_force', 'a reference date before every version', { ...spoilt, date: '1900-01-01' }],
    ];
    for (const [name, summary, req] of cases) {
      try {
        await evaluate(registry, req as never, { today });
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        (evaluateErrors[String(httpStatus(e))] ??= {})[name] = { summary, value: e.toJSON() };
      }
    }
  }
  const first = registry.versions.at(-1);
  return {
    schemas,
    examples: {
      evaluate: evaluateExamples,
      evaluateAnswer: answerExamples,
      batch: { summary: 'one request per decision, from the rule sets\' test cases', value: { requests: answered.map((k) => evaluateExamples[k].value) } },
      batchAnswer: { summary: 'the answers, in request order', value: { results: answered.map((k) => answerExamples[k].value) } },
      draftEvaluate,
      evaluateErrors,
      decisions: first ? { summary: `the decisions of ${first.meta.protocol} ${first.meta.version}`, value: versionDecisions(registry, first) } : undefined,
    },
  };
}
