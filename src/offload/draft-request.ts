/**
 * A draft request of the editor (POST /api/v1/drafts/check, /evaluate, /diff, /mutate) from its body's bytes to
 * its answer, in a check worker: decoding and parsing the body, its schema and text checks, laying the
 * draft over its base version (asked of the main thread, which holds the served versions), the check
 * itself, and the answer as JSON bytes. The main thread only reads the bytes and writes the answer, so
 * a body at DRAFT_BODY_LIMIT (20 MB) costs it no parse, no validation and no copy (docs/limits.md).
 *
 * Refusals come back as plain data (RefusalData) and are thrown again on the main thread as the
 * same ApiError: the same kind, code, message and JSON pointers as when all this ran there.
 */
import { diagnosticDetails, ApiError, type ErrorDetail } from '../base/errors.js';
import { parseJsonBody } from '../base/json-body-text.js';
import { compileFailure, type Diagnostic } from '../load/diagnostics.js';
import { kindOf } from '../load/load-rules.js';
import { envelopeProblems, requireCleanText, validateBody, type ContractName } from '../contract/api-schemas.js';
import type { AskBase, DraftInput, DraftOutcome, DraftRoute, RunJob, ServedQuestion, VersionFiles } from './check-job-types.js';
import { changesWithoutEffect } from '../diff/without-effect.js';
import { dateText } from '../base/date-text.js';
import { limitsFromEnv, sizeInBytes } from '../base/limits.js';

import type { Draft, DraftEvaluate } from '../../schemas/api/api-types.js';

/** A draft body, checked against the contract (Draft, DraftEvaluate) before it is read. */
type DraftBody = Draft;

/** The draft laid over its base version's files: what a check job loads. */
async function draftFiles(ask: AskBase, body: DraftBody): Promise<{ base: VersionFiles; version: VersionFiles }> {
  const base = await ask({ protocol: body.protocol, baseVersion: body.baseVersion });
  if ('error' in base) throw ApiError.fromData(base.error);
  const files = new Map(base.files);
  body.files.forEach((f, i) => {
    if (!f.path.startsWith(`${base.dir}/`) || !kindOf(f.path)) {
      throw new ApiError('invalid', 'invalid_request', `bestand ${f.path} hoort niet bij ${base.dir}`, [{ pointer: `/files/${i}/path`, message: `verwacht ${base.dir}/ruleset.yaml, decisions/, tables/ of tests/` }]);
    }
    files.set(f.path, f.text);
  });
  return { base: { dir: base.dir, files: base.files }, version: { dir: base.dir, files: [...files] } };
}

/** Diagnostics as error details: `/files/<i>/text` for a file the draft carried, `/baseVersion` for a file of the base version; file:line:col in the message. */
const detailsOf = (body: DraftBody, diagnostics: Diagnostic[]) => diagnosticDetails(diagnostics, body.files, '/files', '/baseVersion');

/**
 * The pointers of an evaluate request inside a draft, into the request as sent: protocol and version
 * come from the draft (`/protocol`, `/baseVersion`), everything else from `/request`.
 */
const inDraftRequest = (pointer: string) => (pointer === '/protocol' ? pointer : pointer === '/version' ? '/baseVersion' : `/request${pointer}`);

/** A draft over a parse limit is refused as a whole: 422 limit_exceeded naming file:line:col. */
function refuseOverLimit(body: DraftBody, diagnostics: Diagnostic[]) {
  const over = diagnostics.filter((d) => d.code === 'limit_exceeded');
  if (over.length) throw new ApiError('unprocessable', 'limit_exceeded', `het concept is te groot of te complex om te controleren: ${over[0].file}:${over[0].line}:${over[0].column} ${over[0].message}`, detailsOf(body, over));
}

/**
 * A request that the main thread may have to evaluate (a date before startsOn) is held to /evaluate's own
 * body limit (BODY_LIMIT): the main thread never evaluates more than the evaluate route would take.
 */
function refuseOverEvaluateLimit(envelope: Record<string, unknown>) {
  const limit = limitsFromEnv().body;
  if (Buffer.byteLength(JSON.stringify(envelope)) > sizeInBytes(limit)) {
    throw new ApiError('payload_too_large', `het verzoek in /request is groter dan een evaluatie toelaat (${limit})`, [{ pointer: '/request', message: `hoogstens ${limit}, zoals POST /api/v1/evaluate` }]);
  }
}

const SCHEMA: Record<DraftRoute, ContractName> = { check: 'Draft', diff: 'Draft', mutate: 'Draft', evaluate: 'DraftEvaluate' };

async function answer(input: DraftInput, ask: AskBase, run: RunJob, served: (s: ServedQuestion) => void): Promise<unknown> {
  const raw = input.body === null ? undefined : parseJsonBody(input.body, input.charset, false);
  // The editor's draft bodies against schemas/api (Draft, DraftEvaluate), then their shape.
  validateBody(SCHEMA[input.route], raw);
  requireCleanText(raw);
  const body = raw as DraftBody;
  if (input.route === 'check') {
    const { version } = await draftFiles(ask, body);
    const result = await run({ kind: 'check', version, today: input.today });
    if (result.kind !== 'check') throw new Error('unexpected check result');
    refuseOverLimit(body, result.diagnostics);
    const diagnostics = result.compileError
      ? [...result.diagnostics, compileFailure(version.dir, result.compileError)]
      : result.diagnostics;
    const cases = result.cases;
    return {
      diagnostics,
      tests: {
        passed: cases.filter((c) => c.passed).length,
        failed: cases.filter((c) => !c.passed).length,
        cases: cases.map((c) => ({ file: c.file, line: c.line, column: c.column, name: c.name, decision: c.decision, passed: c.passed, failures: c.failures, index: c.index, fixes: c.fixes })),
      },
      findings: result.findings ?? [], // static checks: severity fout | waarschuwing, file:line:col
    };
  }
  if (input.route === 'evaluate') {
    const request = (raw as DraftEvaluate).request;
    const envelope = { ...(request ?? {}), protocol: body.protocol, version: body.baseVersion };
    const problems = envelopeProblems(envelope).map((p) => ({ ...p, pointer: inDraftRequest(p.pointer) }));
    if (!request || problems.length) throw new ApiError('invalid', 'invalid_request', 'request moet { decision, facts, date?, explain? } zijn', problems.length ? problems : [{ pointer: '/request', message: 'ontbreekt' }]);
    const startsOn = (raw as DraftEvaluate).startsOn;
    // With startsOn, a date before it is answered on the main thread as /evaluate answers it: within /evaluate's body limit.
    if (startsOn) refuseOverEvaluateLimit(envelope);
    const { version } = await draftFiles(ask, body);
    // Probeer may fix "vandaag" as a test case does (validated as a date by the DraftEvaluate schema).
    const fixedToday = (raw as DraftEvaluate).today;
    const result = await run({ kind: 'evaluate', version, request: envelope, today: fixedToday ?? input.today });
    if (result.kind !== 'evaluate') throw new Error('unexpected evaluate result');
    refuseOverLimit(body, result.diagnostics);
    if (result.diagnostics.length || (!result.answer && !result.error)) {
      throw new ApiError('unprocessable', 'draft_invalid', `het concept heeft ${result.diagnostics.length} probleem/problemen`, detailsOf(body, result.diagnostics));
    }
    if (result.error) {
      const details = (result.error.details as ErrorDetail[]).map((d) => ({ ...d, pointer: inDraftRequest(String(d.pointer)) }));
      throw new ApiError(result.error.kind, result.error.code, result.error.message, details, result.error.truncated);
    }
    if (!startsOn) return result.answer;
    // The main thread answers a reference date before startsOn by the version in force then (it holds the served versions).
    served({ request: envelope, startsOn, today: fixedToday ?? input.today });
    return { ...(result.answer as object), answeredBy: { draft: true, startsOn, message: `Beantwoord met uw wijzigingen (die gelden vanaf ${dateText(startsOn)}).` } };
  }
  if (input.route === 'mutate') {
    // Rule mutation of what the draft changed: the mutants its cases do not notice (the Tests tab's hint).
    const files = await draftFiles(ask, body);
    const result = await run({ kind: 'mutate', ...files, today: input.today });
    if (result.kind !== 'mutate') throw new Error('unexpected mutate result');
    refuseOverLimit(body, result.diagnostics);
    if (!result.mutation || result.diagnostics.length) throw new ApiError('unprocessable', 'draft_invalid', `het concept laadt niet: ${result.diagnostics.length} probleem/problemen`, detailsOf(body, result.diagnostics));
    return result.mutation;
  }
  const files = await draftFiles(ask, body);
  const result = await run({ kind: 'diff', ...files });
  if (result.kind !== 'diff') throw new Error('unexpected diff result');
  refuseOverLimit(body, result.diagnostics);
  // Like drafts/evaluate and impact: a draft with any problem does not load, and is not shown as a diff of what did load.
  if (!result.diff || result.diagnostics.length) throw new ApiError('unprocessable', 'draft_invalid', `het concept laadt niet: ${result.diagnostics.length} probleem/problemen`, detailsOf(body, result.diagnostics));
  // The rows that could never take effect from the day the draft would start (default: today).
  const startsOn = body.startsOn ?? input.today;
  return { ...result.diff, startsOn, withoutEffect: changesWithoutEffect(result.diff.rows, startsOn, true) };
}

/** The draft request's answer as UTF-8 JSON bytes, or its client error as data; anything else (a bug) is thrown. */
export async function answerDraft(input: DraftInput, ask: AskBase, run: RunJob): Promise<DraftOutcome> {
  try {
    let question: ServedQuestion | undefined;
    const json = new TextEncoder().encode(JSON.stringify(await answer(input, ask, run, (q) => { question = q; })));
    return question ? { json, served: question } : { json };
  } catch (e) {
    if (e instanceof ApiError) return { error: e.toData() };
    throw e;
  }
}
