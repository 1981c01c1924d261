/**
 * The OpenAPI description of the amendment procedure's and auth's paths
 * (OpenAPI 3.1), merged into the service's document by src/server/openapi.
 * Request bodies are the schemas of schemas/api (what the routes validate with).
 */
const json = (schema: object, example?: unknown) => ({ content: { 'application/json': { schema, ...(example === undefined ? {} : { example }) } } });

/** Request examples (valid against their schemas: test/server/contract.test.ts). */
const EXAMPLE = {
  login: { username: 'indiener', password: 'een-lang-wachtwoord' },
  create: { title: 'Tijdelijke inzet ook bij wonen', category: 'wijzigen', protocol: 'RTP', baseVersion: '2.0', rationale: 'Aanbieders vragen om tijdelijke een-op-een inzet bij wonen/verblijf.', files: [] },
  patch: { rationale: 'Aangevuld na overleg met het contractbeheer.' },
  transition: { to: 'in_behandeling', reason: 'Compleet; in behandeling genomen.' },
  comment: { text: 'Graag de bron van de nieuwe termijn noemen.' },
  consent: { providerId: 'aanbieder-1', agrees: true, answeredOn: '2026-02-14', proof: 'brief 2026-017 van Zorgaanbieder Zwolle' },
  impact: { size: 500, seed: 1 },
  overlaps: { protocol: 'RTP', baseVersion: '2.0', files: [] },
  providers: { providers: [{ id: 'aanbieder-1', name: 'Zorgaanbieder Zwolle', contracted: true }] },
  adoption: { protocol: 'RTP', version: '2.1', validFrom: '2027-01-01', proposalIds: [1] },
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
import { errorResponse as err } from './responses.js';

/** What every procedure operation on a proposal may answer (401 unauthenticated, 413 and 415 are added for every operation in src/server/openapi). */
const errors = {
  400: err(['invalid_request'], 'the body or a parameter is wrong (pointer /path/id, /query/<name> or into the body)'), 403: err(['forbidden', 'csrf_failed'], 'the role does not allow it, or X-CSRF-Token is missing or wrong'),
  404: err(['not_found'], 'no such proposal'),
};
/** Per-user quotas (src/amend/quotas.ts, docs/limits.md). */
const quota = err(['quota_exceeded'], 'over a per-user quota (size of a proposal or comment, open proposals, comments per proposal); details name the field and the setting');
const dailyQuota = err(['quota_exceeded'], 'the proposals a user may create in 24 hours; Retry-After says when one more is allowed');
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 }, description: 'the number of the proposal; anything else is 400 at /path/id', example: 1 }];
/** 429 with the seconds to wait: the process's impact budget or the check pool's queue is taken (docs/limits.md). */
const busy = (description: string) => ({ ...err(['too_many_requests'], description), headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } } });
const csrf = [{ name: 'X-CSRF-Token', in: 'header', required: true, schema: { type: 'string' }, description: 'the csrfToken from the login (for cookie sessions)' }];
const STATES = ['concept', 'ingediend', 'in_behandeling', 'consultatie', 'aangenomen', 'afgewezen', 'ingetrokken'];

export const amendSchemas: Record<string, object> = {
  User: { type: 'object', properties: { username: { type: 'string' }, name: { type: 'string' }, roles: { type: 'array', items: { enum: ['indiener', 'beoordelaar', 'beheerder'] } } } },
  Session: { type: 'object', properties: { user: ref('User'), csrfToken: { type: 'string' } } },
  Proposal: {
    type: 'object',
    properties: {
      id: { type: 'integer' }, title: { type: 'string' }, category: { enum: ['verhelderen', 'verwerken', 'wijzigen'] }, protocol: { enum: ['RTP', 'RAP'] },
      baseVersion: { type: 'string' }, rationale: { type: 'string' }, explanation: { type: ['string', 'null'] }, rules: { type: 'array', items: { type: 'string' } },
      author: { type: 'string' }, state: { enum: STATES }, branch: { type: 'string', examples: ['voorstel/3'] }, createdAt: { type: 'string' }, updatedAt: { type: 'string' },
      submittedAt: { type: ['string', 'null'] }, earliestValidFrom: { type: ['string', 'null'], description: 'wijzigen: 1 January after the 1 March deadline' }, adoptedIn: { type: ['string', 'null'] },
      decidedConsent: { oneOf: [{ type: 'null' }, { type: 'object', properties: { agreed: { type: 'integer' }, total: { type: 'integer' } } }], description: 'wijzigen: the consent counts as they stood when the consultation ended (the decision); null before, and on records of earlier releases' },
      submitWarnings: { type: 'array', items: { type: 'string' }, description: 'warnings found at submission (a disagreement with the other protocol: one professions table, one set of hourly tariffs), in Dutch; not refusals' },
    },
  },
  ProposalDetail: {
    allOf: [ref('Proposal'), { type: 'object', properties: {
      files: { type: 'array', items: ref('RuleFile') },
      diff: { type: ['object', 'null'], description: 'semantic diff base -> changed version, same shape as GET /api/v1/rulesets/{protocol}/diff; null while the changed version does not load' },
      changes: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, kind: { type: 'string' }, label: { type: 'string' }, change: { enum: ['added', 'removed', 'changed'] }, file: { type: 'string' } } } },
      startsOn: { type: ['string', 'null'], format: 'date', description: 'the earliest day a version carrying this proposal can start without retroactive effect: wijzigen earliestValidFrom (1 March rule), otherwise today; null once adopted or for verhelderen' },
      withoutEffect: { type: 'array', description: 'table rows this proposal changes, adds or removes whose period ends before startsOn: no answer of the new version would ever read them, and adoption from that day refuses them (422 change_without_effect)', items: ref('ChangeWithoutEffect') },
      comments: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, author: { type: 'string' }, at: { type: 'string' }, text: { type: 'string' } } } },
      consent: { oneOf: [{ type: 'null' }, ref('Consent')] },
      consents: { type: 'array', description: 'wijzigen: every contracted provider with its answer', items: { type: 'object', properties: {
        providerId: { type: 'string' }, providerName: { type: 'string' }, agrees: { type: ['boolean', 'null'] }, recordedBy: { type: ['string', 'null'] }, at: { type: ['string', 'null'] },
        answeredOn: { type: ['string', 'null'], description: 'the day the provider answered; null for answers recorded before it was asked' }, proof: { type: ['string', 'null'], description: 'the document that proves the answer' } } } },
      history: { type: 'array', items: { type: 'object', properties: { at: { type: 'string' }, actor: { type: 'string' }, action: { type: 'string' }, from: { type: ['string', 'null'] }, to: { type: ['string', 'null'] }, reason: { type: ['string', 'null'] } } } },
      commit: { type: ['string', 'null'] },
      revision: { type: 'string', description: "the concept's revision, also the ETag of GET and PATCH; send it as If-Match on PATCH so an update from an older revision (another tab) is refused with 409 edit_conflict" },
    } }],
  },
  Consent: { type: 'object', properties: { agreed: { type: 'integer' }, total: { type: 'integer' }, percent: { type: 'integer' }, required: { const: 50 }, sufficient: { type: 'boolean' }, decided: { type: 'boolean', description: 'in a proposal view: true when these are the counts frozen at the end of the consultation' } } },
  Adoption: { type: 'object', properties: { protocol: { enum: ['RTP', 'RAP'] }, version: { type: 'string' }, validFrom: { type: 'string', format: 'date' }, status: { const: 'vastgesteld' }, tag: { type: 'string', examples: ['rtp-2.1'] }, commit: { type: 'string' }, proposalIds: { type: 'array', items: { type: 'integer' } }, warnings: { type: 'array', items: { type: 'string' }, description: 'in the answer to an adoption: disagreements with the other protocol (one professions table, one set of hourly tariffs) that the new version leaves, as file:line:col message [inconsistent], and what it breaks for calling systems (decision: message); the adoption is made and the warnings kept in the audit log' }, retroactive: { type: ['object', 'null'], properties: { reason: { type: 'string' } }, description: "a version that starts before the day it was adopted: the administrator's reason (audit action terugwerkende_kracht); null otherwise" } } },
};

export const amendPaths: Record<string, object> = {
  '/api/v1/auth/login': { post: { tags: ['auth'], summary: 'Log in; sets an HttpOnly SameSite=Strict session cookie', requestBody: { required: true, ...json(ref('LoginRequest'), EXAMPLE.login) },
    responses: { 200: { description: 'logged in', ...json(ref('Session')) }, 400: err(['invalid_request']), 401: err(['unauthenticated'], 'wrong user name or password'), 429: err(['too_many_requests'], 'too many login attempts (Retry-After says when to try again)') } } },
  '/api/v1/auth/logout': { post: { tags: ['auth'], summary: 'End the session', parameters: csrf, responses: { 204: { description: 'logged out; also without a session (logging out is idempotent: the cookie is cleared either way)' }, 403: err(['csrf_failed'], 'a session without its X-CSRF-Token') } } },
  '/api/v1/auth/me': { get: { tags: ['auth'], summary: 'The logged-in user and CSRF token', responses: { 200: { description: 'session', ...json(ref('Session')) }, 401: err(['unauthenticated'], 'not logged in') } } },
  '/api/v1/proposals': {
    get: { tags: ['wijzigingsprocedure'], summary: 'List proposals', parameters: [{ name: 'state', in: 'query', schema: { enum: STATES } }],
      responses: { 200: { description: 'proposals', ...json({ type: 'object', properties: { proposals: { type: 'array', items: ref('Proposal') } } }) }, 400: err(['invalid_request'], 'an unknown state (pointer /query/state)') } },
    post: { tags: ['wijzigingsprocedure'], summary: 'Create a proposal (indiener); state concept, branch voorstel/<id>; with submit: true created and submitted at once, and nothing recorded when the submission is refused', parameters: csrf, requestBody: { required: true, ...json(ref('ProposalCreate'), EXAMPLE.create) },
      responses: { 201: { description: 'created (ingediend with submit: true)', ...json(ref('ProposalDetail')) }, ...errors, 404: err(['unknown_version'], 'the base version is not in the rules repository'), 422: err(['quota_exceeded', 'proposal_invalid', 'limit_exceeded', 'time_budget_exceeded'], 'over a per-user quota; or (submit: true) the submission is refused: diagnostics and failed tests with file:line:col in details, and nothing is recorded'), 429: dailyQuota } },
  },
  '/api/v1/proposals/{id}': {
    get: { tags: ['wijzigingsprocedure'], summary: 'A proposal with files, semantic diff, comments, consent, history and branch', parameters: idParam, responses: { 200: { description: 'proposal (ETag: its revision)', headers: { ETag: { description: 'W/"<revision>.<hash of the answer>": If-Match on PATCH compares the revision part', schema: { type: 'string' } } }, ...json(ref('ProposalDetail')) }, 400: errors[400], 404: errors[404] } },
    patch: { tags: ['wijzigingsprocedure'], summary: 'Edit (author, while concept)', parameters: [...idParam, ...csrf, { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'the ETag (revision) the edit starts from; another current revision is 409 edit_conflict' }], requestBody: { required: true, ...json(ref('ProposalPatch'), EXAMPLE.patch) },
      responses: { 200: { description: 'updated (ETag: the new revision)', headers: { ETag: { description: 'W/"<revision>.<hash of the answer>" of the updated concept', schema: { type: 'string' } } }, ...json(ref('ProposalDetail')) }, ...errors, 409: err(['not_editable', 'edit_conflict'], 'only a concept can be edited, by its author; edit_conflict: If-Match names an older revision (another tab or device saved in between)'), 422: quota } },
  },
  '/api/v1/proposals/{id}/submit': { post: { tags: ['wijzigingsprocedure'], summary: 'Submit (author): the changed version must load, compile and pass every test', parameters: [...idParam, ...csrf],
    responses: { 200: { description: 'ingediend', ...json(ref('ProposalDetail')) }, ...errors, 409: err(['invalid_transition']), 422: err(['proposal_invalid', 'limit_exceeded', 'time_budget_exceeded'], 'diagnostics and failed tests with file:line:col in details') } } },
  '/api/v1/proposals/{id}/transition': { post: { tags: ['wijzigingsprocedure'], summary: 'Move a proposal (reviewer decisions; author withdraws)', parameters: [...idParam, ...csrf],
    requestBody: { required: true, ...json(ref('ProposalTransition'), EXAMPLE.transition) },
    responses: { 200: { description: 'moved', ...json(ref('ProposalDetail')) }, ...errors, 409: err(['invalid_transition', 'stale_base', 'proposal_conflict']), 422: err(['insufficient_consent']) } } },
  '/api/v1/proposals/{id}/comments': { post: { tags: ['wijzigingsprocedure'], summary: 'Comment on a proposal', parameters: [...idParam, ...csrf], requestBody: { required: true, ...json(ref('ProposalComment'), EXAMPLE.comment) },
    responses: { 201: { description: 'comment', ...json({ type: 'object' }) }, ...errors, 422: quota } } },
  '/api/v1/proposals/{id}/consents': { post: { tags: ['wijzigingsprocedure'], summary: "Record a contracted provider's consent (wijzigen, in consultatie)", parameters: [...idParam, ...csrf],
    requestBody: { required: true, ...json(ref('ProposalConsent'), EXAMPLE.consent) },
    responses: { 200: { description: 'consent so far', ...json(ref('Consent')) }, ...errors, 404: err(['not_found', 'unknown_provider'], 'no such proposal, or a provider not in the register'), 409: err(['invalid_transition', 'provider_not_contracted']) } } },
  '/api/v1/proposals/{id}/impact': { post: { tags: ['wijzigingsprocedure'], summary: 'Run the impact analysis of a proposal on a seeded synthetic corpus, or on the decision log (corpus "decision-log": the last `days`, default 30, or since/until), and keep it with the proposal (who, when, corpus); the view lists it under impacts',
    parameters: [...idParam, ...csrf], requestBody: { required: false, ...json({ type: 'object', properties: {
      size: { type: 'integer', minimum: 1, maximum: 20000 }, seed: { type: 'integer' }, corpus: { enum: ['decision-log'] }, days: { type: 'integer', minimum: 1, maximum: 366 },
      since: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, until: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } } }, EXAMPLE.impact) },
    responses: { 201: { description: 'the stored record with its report (amounts: answers whose money changed, by rule and tariff group)', ...json({ type: 'object' }) }, ...errors, 409: err(['invalid_transition'], 'a verheldering changes no rules'), 422: err(['draft_invalid', 'limit_exceeded', 'time_budget_exceeded'], 'the changed version does not load, or is too large to analyse'),
      429: busy('an impact analysis is already running in this process (IMPACT_MAX_CONCURRENT), or the check pool is full') } } },
  '/api/v1/proposals/{id}/rebase': { post: { tags: ['wijzigingsprocedure'], summary: "Bring a proposal whose base version moved up to date: its changes re-applied on the newest version (3-way merge), loaded and tested",
    parameters: [...idParam, ...csrf], responses: { 200: { description: 'moved to the newest version', ...json(ref('ProposalDetail')) }, ...errors, 409: err(['up_to_date', 'rebase_conflict', 'invalid_transition']), 422: err(['rebase_invalid', 'limit_exceeded', 'time_budget_exceeded'], 'diagnostics and failed tests in details') } } },
  '/api/v1/proposals/overlaps': { post: { tags: ['wijzigingsprocedure'], summary: "Open proposals that change the same rule, table row or test case as a draft's files (the editor shows them while typing)",
    parameters: csrf, requestBody: { required: true, ...json({ type: 'object', required: ['protocol', 'baseVersion', 'files'], properties: { protocol: { enum: ['RTP', 'RAP'] }, baseVersion: { type: 'string' }, files: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, text: { type: 'string' } } } }, proposalId: { type: 'integer' } } }, EXAMPLE.overlaps) },
    responses: { 200: { description: 'overlapping proposals with the shared items', ...json({ type: 'object', properties: { overlaps: { type: 'array', items: { type: 'object' } } } }) }, 400: errors[400], 403: errors[403], 429: busy('the check pool that reads the files is full') } } },
  '/api/v1/providers': {
    get: { tags: ['wijzigingsprocedure'], summary: 'The register of providers', responses: { 200: { description: 'providers', ...json({ type: 'object', properties: { providers: { type: 'array', items: ref('Provider') } } }) } } },
    post: { tags: ['wijzigingsprocedure'], summary: 'Add or update providers (beheerder)', parameters: csrf, requestBody: { required: true, ...json(ref('ProvidersInput'), EXAMPLE.providers) },
      responses: { 200: { description: 'stored', ...json({ type: 'object', properties: { providers: { type: 'array', items: ref('Provider') } } }) }, 400: errors[400], 403: errors[403] } },
  },
  '/api/v1/adoptions': {
    get: { tags: ['wijzigingsprocedure'], summary: 'Adopted versions', responses: { 200: { description: 'adoptions', ...json({ type: 'object', properties: { adoptions: { type: 'array', items: ref('Adoption') } } }) } } },
    post: { tags: ['wijzigingsprocedure'], summary: 'Adopt accepted proposals into a new version (beheerder): commit on main, tag <protocol>-<version>, live at once', parameters: csrf,
      requestBody: { required: true, ...json(ref('AdoptionInput'), EXAMPLE.adoption) },
      responses: { 201: { description: 'vastgesteld', ...json(ref('Adoption')) }, ...errors, 404: err(['not_found'], 'a proposal id that does not exist (pointer /proposalIds/<i>)'),
        409: err(['adoption_conflict', 'version_exists', 'stale_base', 'repository_changed']),
        422: err(['proposal_not_adoptable', 'deadline_missed', 'retroactive_reason_missing', 'adoption_invalid', 'change_without_effect', 'limit_exceeded', 'time_budget_exceeded'], 'change_without_effect: a table row changed, added or removed whose period ends before validFrom (it could never be read by the new version); one detail per row with pointer /proposalIds/<i>, file, line, table, key, from, until and validFrom. retroactive_reason_missing: validFrom lies before today and no retroactive.reason was given (pointer /retroactive/reason)') } },
  },
  '/api/v1/explanations': { get: { tags: ['wijzigingsprocedure'], summary: 'Published explanations (accepted verhelderen proposals)', parameters: [{ name: 'protocol', in: 'query', schema: { enum: ['RTP', 'RAP'] } }, { name: 'rule', in: 'query', schema: { type: 'string' } }],
    responses: { 200: { description: 'explanations', ...json({ type: 'object' }) }, 400: err(['invalid_request'], 'an unknown protocol (pointer /query/protocol)') } } },
};
