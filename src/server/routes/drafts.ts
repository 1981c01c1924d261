/**
 * Drafts: the editor's unsaved rule files, overlaid on a base version and run
 * through the same loader, compiler, tests and evaluate as everything else:
 * in a worker thread of the check pool, with a time budget, so a hostile
 * draft never stalls the service (src/offload).
 */
import { Router, type Response } from 'express';
import { jsonParser } from '../json-body.js';
import { kindOf } from '../../load/load-rules.js';
import type { Diagnostic } from '../../load/diagnostics.js';
import type { CheckJob, CheckResult, VersionFiles } from '../../offload/check-jobs.js';
import { CheckRefused, sharedCheckPool, type CheckPool } from '../../offload/check-pool.js';
import { envelopeProblems } from '../api-schemas.js';
import { diagnosticDetails, type ErrorDetail } from '../../base/errors.js';
import { asyncHandler, ApiError } from '../errors.js';
import type { RegistryHolder } from '../registry-holder.js';
import { requireVersion } from './rulesets.js';
import { changesWithoutEffect } from '../../diff/without-effect.js';
import { isIsoDate } from '../../expr/dates.js';
import { evaluate } from '../../evaluate/evaluate.js';
import { readPath } from '../../evaluate/run-decision.js';
import { dateText } from '../../base/date-text.js';

interface DraftBody {
  protocol: string;
  baseVersion: string;
  files: { path: string; text: string }[];
}

function readDraftBody(body: unknown): DraftBody {
  const b = body as Record<string, unknown> | null;
  const details: { pointer: string; message: string }[] = [];
  if (!b || typeof b !== 'object' || Array.isArray(b)) throw new ApiError(400, 'invalid_request', 'verwacht een object', [{ pointer: '', message: 'geen object' }]);
  if (typeof b.protocol !== 'string') details.push({ pointer: '/protocol', message: 'ontbreekt' });
  if (typeof b.baseVersion !== 'string') details.push({ pointer: '/baseVersion', message: 'ontbreekt' });
  if (!Array.isArray(b.files)) details.push({ pointer: '/files', message: 'moet een lijst van {path, text} zijn' });
  else if (b.files.length > 200) details.push({ pointer: '/files', message: 'hoogstens 200 bestanden' });
  else b.files.forEach((f: unknown, i) => {
    const x = f as Record<string, unknown> | null;
    if (!x || typeof x.path !== 'string') details.push({ pointer: `/files/${i}/path`, message: 'ontbreekt' });
    if (!x || typeof x.text !== 'string') details.push({ pointer: `/files/${i}/text`, message: 'ontbreekt' });
  });
  if (details.length) throw new ApiError(400, 'invalid_request', 'het concept heeft niet de vorm { protocol, baseVersion, files }', details);
  return b as unknown as DraftBody;
}

/** The draft laid over its base version's files: what a check job loads. */
export function draftFiles(holder: RegistryHolder, body: DraftBody): { base: VersionFiles; version: VersionFiles } {
  const registry = holder.current();
  const base = requireVersion(registry, body.protocol, body.baseVersion, '/baseVersion', '/protocol');
  const baseFiles = [...base.source.files.values()].map((f) => [f.file, f.text] as [string, string]);
  const files = new Map(baseFiles);
  body.files.forEach((f, i) => {
    if (!f.path.startsWith(`${base.dir}/`) || !kindOf(f.path)) {
      throw new ApiError(400, 'invalid_request', `bestand ${f.path} hoort niet bij ${base.dir}`, [{ pointer: `/files/${i}/path`, message: `verwacht ${base.dir}/ruleset.yaml, decisions/, tables/ of tests/` }]);
    }
    files.set(f.path, f.text);
  });
  return { base: { dir: base.dir, files: baseFiles }, version: { dir: base.dir, files: [...files] } };
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
  if (over.length) throw new ApiError(422, 'limit_exceeded', `het concept is te groot of te complex om te controleren: ${over[0].file}:${over[0].line}:${over[0].column} ${over[0].message}`, detailsOf(body, over));
}

/** Runs a job in the check pool; a refusal (over budget, memory, busy) is a clear 4xx, never a stall or a 500. */
async function offload(pool: CheckPool, res: Response, job: CheckJob): Promise<CheckResult> {
  try {
    return await pool.run(job);
  } catch (e) {
    if (!(e instanceof CheckRefused)) throw e;
    if (e.reason === 'busy') {
      res.setHeader('Retry-After', '2');
      throw new ApiError(429, 'too_many_requests', e.message, [{ pointer: '', message: 'probeer het over 2 seconden opnieuw' }]);
    }
    const code = e.reason === 'budget' ? 'time_budget_exceeded' : e.reason === 'memory' ? 'limit_exceeded' : 'check_failed';
    throw new ApiError(422, code, e.message, [{ pointer: '/files', message: e.message }]);
  }
}

/** The optional `startsOn` of a draft request: the first day the draft would be in force (a date, else 400 at /startsOn). */
function startsOnOf(body: unknown): string | undefined {
  const v = (body as { startsOn?: unknown }).startsOn;
  if (v === undefined) return undefined;
  if (!isIsoDate(v)) throw new ApiError(400, 'invalid_request', 'startsOn is geen datum', [{ pointer: '/startsOn', message: 'een datum JJJJ-MM-DD, bijvoorbeeld 2028-01-01' }]);
  return v;
}

/**
 * Probeer before the draft would apply: the reference date of a request (its `date`, else the decision's
 * reference-date fact, as the service reads it) when it lies before `startsOn`; undefined otherwise.
 */
function dateBeforeStart(holder: RegistryHolder, protocol: string, request: Record<string, unknown>, startsOn: string): string | undefined {
  const decision = holder.current().newestWith(protocol, String(request.decision))?.decisions.get(String(request.decision));
  const date = request.date ?? (decision ? readPath((request.facts ?? {}) as Record<string, unknown>, decision.referenceDate) : undefined);
  return isIsoDate(date) && date < startsOn ? date : undefined;
}

export function draftsRouter(holder: RegistryHolder, today: () => string, limit: string, pool: () => CheckPool = sharedCheckPool): Router {
  const r = Router();
  r.use(jsonParser(limit));
  r.post('/check', asyncHandler(async (req, res) => {
    const body = readDraftBody(req.body);
    const { version } = draftFiles(holder, body);
    const result = await offload(pool(), res, { kind: 'check', version, today: today() });
    if (result.kind !== 'check') throw new Error('unexpected check result');
    refuseOverLimit(body, result.diagnostics);
    const diagnostics = result.compileError
      ? [...result.diagnostics, { code: 'bad_value', message: `compileren mislukt: ${result.compileError}`, file: `${version.dir}/ruleset.yaml`, line: 0, column: 0 } as Diagnostic]
      : result.diagnostics;
    const cases = result.cases;
    res.json({
      diagnostics,
      tests: {
        passed: cases.filter((c) => c.passed).length,
        failed: cases.filter((c) => !c.passed).length,
        cases: cases.map((c) => ({ file: c.file, line: c.line, column: c.column, name: c.name, decision: c.decision, passed: c.passed, failures: c.failures, index: c.index, fixes: c.fixes })),
      },
      findings: result.findings ?? [], // static checks: severity fout | waarschuwing, file:line:col
    });
  }));
  r.post('/evaluate', asyncHandler(async (req, res) => {
    const body = readDraftBody(req.body);
    const request = (req.body as { request?: Record<string, unknown> }).request;
    const envelope = { ...(request ?? {}), protocol: body.protocol, version: body.baseVersion };
    const problems = envelopeProblems(envelope).map((p) => ({ ...p, pointer: inDraftRequest(p.pointer) }));
    if (!request || problems.length) throw new ApiError(400, 'invalid_request', 'request moet { decision, facts, date?, explain? } zijn', problems.length ? problems : [{ pointer: '/request', message: 'ontbreekt' }]);
    const { version } = draftFiles(holder, body);
    // Probeer may fix "vandaag" as a test case does (validated as a date by the DraftEvaluate schema).
    const fixedToday = (req.body as { today?: string }).today;
    // A date before the draft would start is answered as the service will answer it: by the version in force then.
    const startsOn = startsOnOf(req.body);
    const before = startsOn ? dateBeforeStart(holder, body.protocol, request, startsOn) : undefined;
    if (startsOn && before) {
      const { version: _pinned, ...byDate } = envelope as Record<string, unknown>;
      const answer = await evaluate(holder.current(), byDate as never, { today: fixedToday ?? today() });
      res.json({ ...answer, answeredBy: { draft: false, startsOn, message: `Uw wijzigingen gelden pas vanaf ${dateText(startsOn)}. Op ${dateText(answer.date)} antwoordt ${answer.protocol} ${answer.version}, de versie die dan geldt.` } });
      return;
    }
    const result = await offload(pool(), res, { kind: 'evaluate', version, request: envelope, today: fixedToday ?? today() });
    if (result.kind !== 'evaluate') throw new Error('unexpected evaluate result');
    refuseOverLimit(body, result.diagnostics);
    if (result.diagnostics.length || (!result.answer && !result.error)) {
      throw new ApiError(422, 'draft_invalid', `het concept heeft ${result.diagnostics.length} probleem/problemen`, detailsOf(body, result.diagnostics));
    }
    if (result.error) {
      const details = (result.error.details as ErrorDetail[]).map((d) => ({ ...d, pointer: inDraftRequest(String(d.pointer)) }));
      throw new ApiError(result.error.status, result.error.code, result.error.message, details);
    }
    res.json(startsOn ? { ...(result.answer as object), answeredBy: { draft: true, startsOn, message: `Beantwoord met uw wijzigingen (die gelden vanaf ${dateText(startsOn)}).` } } : result.answer);
  }));
  r.post('/diff', asyncHandler(async (req, res) => {
    const body = readDraftBody(req.body);
    const files = draftFiles(holder, body);
    const result = await offload(pool(), res, { kind: 'diff', ...files });
    if (result.kind !== 'diff') throw new Error('unexpected diff result');
    refuseOverLimit(body, result.diagnostics);
    // Like drafts/evaluate and impact: a draft with any problem does not load, and is not shown as a diff of what did load.
    if (!result.diff || result.diagnostics.length) throw new ApiError(422, 'draft_invalid', `het concept laadt niet: ${result.diagnostics.length} probleem/problemen`, detailsOf(body, result.diagnostics));
    // The rows that could never take effect from the day the draft would start (default: today).
    const startsOn = startsOnOf(req.body) ?? today();
    res.json({ ...result.diff, startsOn, withoutEffect: changesWithoutEffect(result.diff.rows, startsOn, true) });
  }));
  return r;
}
