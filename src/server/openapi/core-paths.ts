/**
 * OpenAPI paths of the evaluate contract, the read endpoints and the editor's
 * draft endpoints. Request bodies and errors are schemas/api components;
 * operationId, security and the common 4xx answers are added by document.ts.
 */
import { errorResponse } from './responses.js';

const json = (schema: object, example?: unknown) => ({ content: { 'application/json': { schema, ...(example === undefined ? {} : { example }) } } });
/** A draft with no file changed: the base version as it is (a valid Draft; examples are checked by test/server/contract.test.ts). */
const UNCHANGED_DRAFT = { protocol: 'RTP', baseVersion: '2.0', files: [] };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const err = errorResponse;
const pathParam = (name: string, description: string, example: string) => ({ name, in: 'path', required: true, schema: { type: 'string' }, description, example });

export const coreSchemas: Record<string, object> = {
  ChangeWithoutEffect: { type: 'object', required: ['change', 'table', 'file', 'line', 'key', 'until', 'startsOn', 'message'], properties: {
    change: { enum: ['added', 'removed', 'changed'] }, table: { type: 'string' }, file: { type: 'string' }, line: { type: 'integer' }, key: { type: 'object' },
    from: { type: 'string', format: 'date' }, until: { type: 'string', format: 'date', description: 'the last day the row covers (a changed row: the later of its old and new end)' },
    startsOn: { type: 'string', format: 'date', description: 'the first day of the version that would carry the change' }, message: { type: 'string', description: 'in Dutch, naming table, row, file and line and both dates' } } },
  BatchResponse: {
    type: 'object', required: ['results'],
    properties: { results: { type: 'array', items: { anyOf: [ref('EvaluateResponse'), ref('BatchItemError')] } } },
  },
  BatchItemError: {
    type: 'object', additionalProperties: false, required: ['error', 'status'],
    description: 'the error of one item, with the status it would have had alone; pointers are prefixed with /requests/<i>',
    properties: { error: { $ref: '#/components/schemas/Error/properties/error' }, status: { type: 'integer' } },
  },
  RulesetSummary: {
    type: 'object', required: ['protocol', 'version', 'status', 'validFrom', 'validTo', 'title', 'contentHash'],
    properties: {
      protocol: { enum: ['RTP', 'RAP'] }, version: { type: 'string' }, status: { enum: ['concept', 'werkdocument', 'vastgesteld', 'vervallen'] },
      validFrom: { type: 'string', format: 'date' }, validTo: { type: ['string', 'null'], format: 'date' }, title: { type: 'string' }, contentHash: { type: 'string' },
    },
  },
  RulesetList: { type: 'object', required: ['rulesets'], properties: { rulesets: { type: 'array', items: ref('RulesetSummary') } } },
  RulesetDetail: {
    allOf: [ref('RulesetSummary')],
    type: 'object', required: ['decisions', 'tables', 'adoption'],
    properties: {
      issuer: { type: 'string' }, basis: { type: 'array', items: { type: 'string' } }, changelog: { type: 'array' }, decisions: { type: 'array', items: { type: 'object' } }, tables: { type: 'array', items: { type: 'object' } },
      adoption: {
        description: 'how the version was adopted in the amendment procedure: its tag, who adopted it and when, and the proposals it holds; null for a version not adopted through the procedure (shipped in rules/, or a service without the procedure)',
        oneOf: [{ type: 'null' }, { type: 'object', required: ['tag', 'validFrom', 'adoptedBy', 'adoptedAt', 'proposals'], properties: {
          tag: { type: 'string', examples: ['rtp-2.1'] }, validFrom: { type: 'string', format: 'date' }, adoptedBy: { type: 'string' }, adoptedAt: { type: 'string', description: 'ISO 8601 time of the adoption' },
          proposals: { type: 'array', items: { type: 'object', required: ['id', 'title'], properties: { id: { type: 'integer' }, title: { type: 'string' }, category: { type: ['string', 'null'] }, author: { type: ['string', 'null'] } } } },
        } }],
      },
    },
  },
  RuleFiles: { type: 'object', required: ['files'], properties: { files: { type: 'array', items: { type: 'object', required: ['path', 'text'], properties: { path: { type: 'string' }, text: { type: 'string' } } } } } },
  SemanticDiff: {
    type: 'object', required: ['protocol', 'from', 'to', 'metadata', 'rules', 'rows'],
    properties: {
      protocol: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, metadata: { type: 'array' },
      rules: { type: 'object', required: ['added', 'removed', 'changed'], properties: { added: { type: 'array' }, removed: { type: 'array' }, changed: { type: 'array' } } },
      derived: { type: 'object' }, tables: { type: 'object' },
      rows: { type: 'object', required: ['added', 'removed', 'changed'], properties: { added: { type: 'array' }, removed: { type: 'array' }, changed: { type: 'array' } } },
      startsOn: { type: 'string', format: 'date', description: 'drafts/diff only: the day the changed version would start (the request\'s startsOn, default today)' },
      withoutEffect: { type: 'array', description: 'drafts/diff only: rows changed, added or removed whose period ends before startsOn, so no answer of the changed version would read them (adoption refuses them: change_without_effect)', items: ref('ChangeWithoutEffect') },
      amountWarnings: { type: 'array', description: 'Money values (cents) that change by more than 20%, for a changed row against its old value and for an added row against the row it follows (same key, latest earlier from): a warning for the author and the reviewer, not a refusal', items: { type: 'object', required: ['table', 'key', 'column', 'before', 'after', 'percent', 'message'], properties: { table: { type: 'string' }, key: { type: 'object' }, from: { type: 'string', format: 'date' }, column: { type: 'string' }, before: { type: 'integer' }, after: { type: 'integer' }, percent: { type: ['number', 'null'] }, message: { type: 'string' } } } },
      breaking: { type: 'array', description: 'Breaking changes for callers: decision_removed, fact_removed, fact_renamed, fact_required, fact_needed, enum_narrowed, outcome_added, outcome_removed, reference_date_changed', items: { type: 'object', required: ['kind', 'decision', 'message'], properties: { kind: { type: 'string' }, decision: { type: 'string' }, fact: { type: 'string' }, to: { type: 'string' }, values: { type: 'array' }, rules: { type: 'array', items: { type: 'string' } }, message: { type: 'string' } } } },
    },
  },
  DraftCheck: {
    type: 'object', required: ['diagnostics', 'tests'],
    properties: {
      diagnostics: { type: 'array', items: { type: 'object', required: ['code', 'message', 'file', 'line', 'column'], properties: { code: { type: 'string' }, message: { type: 'string' }, file: { type: 'string' }, line: { type: 'integer' }, column: { type: 'integer' }, pointer: { type: 'string' } } } },
      tests: {
        type: 'object', required: ['passed', 'failed', 'cases'],
        properties: {
          passed: { type: 'integer' }, failed: { type: 'integer' },
          cases: {
            type: 'array',
            items: {
              type: 'object', required: ['file', 'line', 'column', 'name', 'decision', 'passed', 'failures', 'index', 'fixes'],
              properties: {
                file: { type: 'string' }, line: { type: 'integer' }, column: { type: 'integer' }, name: { type: 'string' }, decision: { type: 'string' }, passed: { type: 'boolean' },
                failures: { type: 'array', items: { type: 'string' }, description: 'what differs, in Dutch' },
                index: { type: 'integer', description: "the case's position in its file's cases" },
                fixes: {
                  type: 'array',
                  description: "failing expectations that can be set to the version's answer (outcome, codes, params): path below cases[index], expected and actual value; money is integer cents shown as euros",
                  items: { type: 'object', required: ['path', 'label', 'expected', 'actual', 'money'], properties: { path: { type: 'array', items: { type: ['string', 'integer'] } }, label: { type: 'string', description: 'what the expectation is about, in Dutch, with the rule title' }, expected: {}, actual: {}, money: { type: 'boolean' } } },
                },
              },
            },
          },
        },
      },
      findings: { type: 'array', description: 'Static checks (docs/static-checks.md): severity fout or waarschuwing at file:line:col', items: { type: 'object', required: ['severity', 'code', 'message', 'file', 'line', 'column'], properties: { severity: { enum: ['fout', 'waarschuwing'] }, code: { type: 'string' }, message: { type: 'string' }, file: { type: 'string' }, line: { type: 'integer' }, column: { type: 'integer' } } } },
    },
  },
  VersionDecisions: {
    type: 'object', required: ['protocol', 'version', 'contentHash', 'decisions'],
    properties: {
      protocol: { type: 'string' }, version: { type: 'string' }, contentHash: { type: 'string' },
      decisions: {
        type: 'array',
        items: {
          type: 'object', additionalProperties: false, required: ['id', 'title', 'outcomes', 'referenceDate', 'facts'],
          properties: {
            id: { type: 'string', description: 'the decision of an evaluate request' },
            title: { type: 'string' },
            outcomes: { type: 'array', items: { type: 'string' }, description: "the decision's catalogue and onvoldoende_gegevens, which every decision may answer" },
            referenceDate: {
              type: 'object', additionalProperties: false, required: ['fact', 'pointer'], description: 'the fact that gives the reference date when a request has no date',
              properties: { fact: { type: 'string', examples: ['prestatie.productPeriode.begindatum'] }, pointer: { type: 'string', examples: ['/facts/prestatie/productPeriode/begindatum'] } },
            },
            facts: {
              type: 'object', additionalProperties: false, required: ['name', 'schema'],
              properties: { name: { type: 'string', examples: ['rap-declaratie'] }, schema: { type: 'object', description: 'the JSON Schema (2020-12) the facts are validated against' } },
            },
          },
        },
      },
    },
  },
  Health: { type: 'object', required: ['status', 'versions', 'generation'], properties: { status: { const: 'ok' }, versions: { type: 'integer' }, generation: { type: 'integer' } } },
};

export const corePaths: Record<string, object> = {
  '/api/v1/evaluate': {
    post: {
      summary: 'Evaluate one decision on facts, with the version in force on the reference date',
      requestBody: { required: true, ...json(ref('EvaluateRequest')) },
      responses: {
        200: { description: 'the decision', ...json(ref('EvaluateResponse')) },
        400: err(['invalid_request', 'invalid_facts'], 'the envelope is wrong, or the facts fail the decision\'s schema (every failure with its pointer)'),
        404: err(['unknown_protocol', 'unknown_decision', 'unknown_version']), 422: err(['no_version_in_force'], 'no version of the protocol is in force on the reference date'),
      },
    },
  },
  '/api/v1/evaluate/batch': {
    post: {
      summary: 'Evaluate up to 10,000 requests; a bad item gives an error in its own slot',
      requestBody: { required: true, ...json(ref('BatchRequest')) },
      responses: { 200: { description: 'results in request order', ...json(ref('BatchResponse')) }, 400: err(['invalid_request'], 'not JSON, no requests list, more requests than BATCH_MAX_ITEMS, or more requests with explain (true or "waarom-niet") than BATCH_EXPLAIN_MAX_ITEMS (default 100; pointer /requests/<i>/explain at the first one over it)') },
    },
  },
  '/api/v1/rulesets': { get: { summary: 'Every version of every protocol', responses: { 200: { description: 'versions', ...json(ref('RulesetList')) } } } },
  '/api/v1/rulesets/{protocol}/{version}': {
    get: {
      summary: 'Metadata, decisions and tables of a version',
      parameters: [pathParam('protocol', 'RTP or RAP', 'RTP'), pathParam('version', 'e.g. 2.0', '2.0')],
      responses: { 200: { description: 'the version', ...json(ref('RulesetDetail')) }, 404: err(['unknown_protocol', 'unknown_version']) },
    },
  },
  '/api/v1/rulesets/{protocol}/{version}/decisions': {
    get: {
      summary: 'Each decision of a version with its facts JSON Schema (inline), its outcomes and its reference-date fact',
      description: 'Enough to build and type an evaluate request from the API alone. The OpenAPI document types evaluate and batch requests per decision from the same schemas (components <Protocol><Decision>Request).',
      parameters: [pathParam('protocol', 'RTP or RAP', 'RTP'), pathParam('version', 'e.g. 2.0', '2.0')],
      responses: { 200: { description: 'the decisions', ...json(ref('VersionDecisions')) }, 404: err(['unknown_protocol', 'unknown_version']) },
    },
  },
  '/api/v1/rulesets/{protocol}/{version}/files': {
    get: {
      summary: 'The YAML files of a version (for the editor)',
      parameters: [pathParam('protocol', 'RTP or RAP', 'RTP'), pathParam('version', 'e.g. 2.0', '2.0')],
      responses: { 200: { description: 'files', ...json(ref('RuleFiles')) }, 404: err(['unknown_protocol', 'unknown_version']) },
    },
  },
  '/api/v1/rulesets/{protocol}/diff': {
    get: {
      summary: 'Semantic diff of two versions: rules and table rows added, removed, changed',
      parameters: [pathParam('protocol', 'RTP or RAP', 'RTP'), { name: 'from', in: 'query', required: true, schema: { type: 'string' }, example: '1.0' }, { name: 'to', in: 'query', required: true, schema: { type: 'string' }, example: '2.0' }],
      responses: { 200: { description: 'the diff', ...json(ref('SemanticDiff')) }, 400: err(['invalid_request'], 'from or to missing (pointer /query/from, /query/to)'), 404: err(['unknown_protocol', 'unknown_version']) },
    },
  },
  '/api/v1/drafts/check': {
    post: {
      summary: 'Load, check and test a draft (changed files over a base version)',
      requestBody: { required: true, ...json(ref('Draft'), UNCHANGED_DRAFT) },
      responses: {
        200: { description: 'problems and test results', ...json(ref('DraftCheck')) }, 400: err(['invalid_request']), 404: err(['unknown_protocol', 'unknown_version']),
        422: err(['limit_exceeded', 'time_budget_exceeded', 'check_failed'], 'the draft is too large or complex to check, or its check did not finish'),
        429: err(['too_many_requests'], 'every checker is busy (Retry-After)'),
      },
    },
  },
  '/api/v1/drafts/evaluate': {
    post: {
      summary: 'Evaluate a request on a draft',
      requestBody: { required: true, ...json(ref('DraftEvaluate')) },
      responses: {
        200: { description: 'the decision on the draft', ...json(ref('DraftEvaluateResponse')) }, 400: err(['invalid_request', 'invalid_facts']), 404: err(['unknown_protocol', 'unknown_version', 'unknown_decision']),
        422: err(['draft_invalid', 'no_version_in_force', 'limit_exceeded', 'time_budget_exceeded', 'check_failed'], 'the draft does not load (every problem at /files/<i>/text or /baseVersion, with file:line:col), or no version in force'),
        429: err(['too_many_requests'], 'every checker is busy (Retry-After)'),
      },
    },
  },
  '/api/v1/drafts/diff': {
    post: {
      summary: 'Semantic diff of the base version and a draft',
      requestBody: { required: true, ...json(ref('Draft'), UNCHANGED_DRAFT) },
      responses: {
        200: { description: 'the diff', ...json(ref('SemanticDiff')) }, 400: err(['invalid_request']), 404: err(['unknown_protocol', 'unknown_version']),
        422: err(['draft_invalid', 'limit_exceeded', 'time_budget_exceeded', 'check_failed'], 'the draft does not load (as drafts/evaluate and impact answer it)'),
        429: err(['too_many_requests'], 'every checker is busy (Retry-After)'),
      },
    },
  },
  '/api/v1/drafts/mutate': {
    post: {
      summary: "Rule mutation of what a draft changed: each mutant of its changed rules, derived facts and tables that none of its cases notices ('deze wijziging merkt geen test op'), with file:line:col",
      requestBody: { required: true, ...json(ref('Draft'), UNCHANGED_DRAFT) },
      responses: {
        200: {
          description: 'the changed targets, the counts and the surviving mutants (baselineFails when the draft\'s own cases fail: nothing mutated)',
          ...json({
            type: 'object', required: ['changed', 'mutants', 'killed', 'explained', 'survivors'],
            properties: {
              changed: { type: 'array', items: { type: 'string' } }, mutants: { type: 'integer' }, killed: { type: 'integer' }, explained: { type: 'integer' },
              survivors: { type: 'array', items: { type: 'object', required: ['file', 'line', 'column', 'target', 'change', 'key'], properties: { file: { type: 'string' }, line: { type: 'integer' }, column: { type: 'integer' }, target: { type: 'string' }, change: { type: 'string' }, key: { type: 'string' } } } },
              baselineFails: { type: 'string' },
            },
          }),
        },
        400: err(['invalid_request']), 404: err(['unknown_protocol', 'unknown_version']),
        422: err(['draft_invalid', 'limit_exceeded', 'time_budget_exceeded', 'check_failed'], 'the draft does not load (as drafts/diff answers it)'),
        429: err(['too_many_requests'], 'every checker is busy (Retry-After)'),
      },
    },
  },
  '/api/v1/schemas/rule-files': { get: { summary: 'The JSON Schema of the rule files (used by the editor for completion and hover)', responses: { 200: { description: 'JSON Schema 2020-12', ...json({ type: 'object' }) } } } },
  '/api/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1', ...json({ type: 'object' }) } } } },
  '/healthz': { get: { summary: 'Liveness', responses: { 200: { description: 'ok', ...json(ref('Health')) } } } },
};
