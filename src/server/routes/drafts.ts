/**
 * Drafts: the editor's unsaved rule files, overlaid on a base version and run
 * through the same loader, compiler, tests and evaluate as everything else:
 * in a worker thread of the check pool, with a time budget, so a hostile
 * draft never stalls the service (src/offload).
 *
 * The body is not parsed here: its bytes go to the worker, which parses and
 * checks it, asks this thread for the base version, checks the draft and
 * makes the answer (src/offload/draft-request.ts). A draft at the body limit
 * thus costs the event loop reading its bytes and writing the answer, no more.
 */
import { Router, raw, type Request, type Response } from 'express';
import type { CheckResult } from '../../offload/check-jobs.js';
import { CheckRefused, sharedCheckPool, type CheckPool } from '../../offload/check-pool.js';
import type { BaseAnswer, DraftRoute, ServedQuestion } from '../../offload/check-job-types.js';
import { isIsoDate } from '../../expr/dates.js';
import { evaluate } from '../../evaluate/evaluate.js';
import { readPath } from '../../evaluate/run-decision.js';
import { dateText } from '../../base/date-text.js';
import { asyncHandler, ApiError } from '../errors.js';
import { sendJson, bodyCharset } from '../json-body.js';
import type { RegistryHolder } from '../registry-holder.js';
import { requireVersion } from './rulesets.js';

/** The base version a draft names, from the versions served now: its files, or the 404 naming /protocol or /baseVersion. */
function baseOf(holder: RegistryHolder, q: { protocol: string; baseVersion: string }): BaseAnswer {
  try {
    const base = requireVersion(holder.current(), q.protocol, q.baseVersion, '/baseVersion', '/protocol');
    return { dir: base.dir, files: [...base.source.files.values()].map((f) => [f.file, f.text] as [string, string]) };
  } catch (e) {
    if (e instanceof ApiError) return { error: e.toData() };
    throw e;
  }
}

/**
 * Probeer before the draft would apply: the reference date of a request (its `date`, else the decision's
 * reference-date fact, as the service reads it) when it lies before `startsOn`; undefined otherwise.
 */
function dateBeforeStart(holder: RegistryHolder, q: ServedQuestion): string | undefined {
  const request = q.request;
  const decision = holder.current().newestWith(String(request.protocol), String(request.decision))?.decisions.get(String(request.decision));
  const date = request.date ?? (decision ? readPath((request.facts ?? {}) as Record<string, unknown>, decision.referenceDate) : undefined);
  return isIsoDate(date) && date < q.startsOn ? date : undefined;
}

/** Runs a job in the check pool; a refusal (over budget, memory, busy) is a clear 4xx, never a stall or a 500. */
async function offload(run: () => Promise<CheckResult>, res: Response): Promise<CheckResult> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof CheckRefused)) throw e;
    if (e.reason === 'busy') {
      res.setHeader('Retry-After', '2');
      throw new ApiError('too_many_requests', 'too_many_requests', e.message, [{ pointer: '', message: 'probeer het over 2 seconden opnieuw' }]);
    }
    const code = e.reason === 'budget' ? 'time_budget_exceeded' : e.reason === 'memory' ? 'limit_exceeded' : 'check_failed';
    throw new ApiError('unprocessable', code, e.message, [{ pointer: '/files', message: e.message }]);
  }
}

/** The body's bytes as the worker takes them: moved, not copied, when they own their memory (a large body always does). */
function bodyBytes(req: Request): { body: Uint8Array | null; transfer: ArrayBuffer[] } {
  if (!Buffer.isBuffer(req.body)) return { body: null, transfer: [] };
  const b = req.body;
  const owns = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer;
  const body = owns ? new Uint8Array(b.buffer, 0, b.byteLength) : new Uint8Array(b);
  return { body, transfer: [body.buffer as ArrayBuffer] };
}

export function draftsRouter(holder: RegistryHolder, today: () => string, limit: string, pool: () => CheckPool = sharedCheckPool): Router {
  const r = Router();
  // The bytes as they came in (inflated, within the limit); the type was checked before (requireJsonBody).
  r.use(raw({ type: () => true, limit }));
  for (const route of ['check', 'evaluate', 'diff', 'mutate'] as DraftRoute[]) {
    r.post(`/${route}`, asyncHandler(async (req, res) => {
      const charset = bodyCharset(req);
      const { body, transfer } = bodyBytes(req);
      const result = await offload(() => pool().run({ kind: 'draft', input: { route, body, charset, today: today() } }, { transfer, base: (q) => baseOf(holder, q) }), res);
      if (result.kind !== 'draft') throw new Error('unexpected draft result');
      if ('error' in result.outcome) throw ApiError.fromData(result.outcome.error);
      const served = result.outcome.served;
      const before = served ? dateBeforeStart(holder, served) : undefined;
      if (served && before) {
        // A date before the draft would start is answered as the service will answer it: by the version in force then.
        const { version: _pinned, ...byDate } = served.request;
        const answer = await evaluate(holder.current(), byDate as never, { today: served.today });
        return void res.json({ ...answer, answeredBy: { draft: false, startsOn: served.startsOn, message: `Uw wijzigingen gelden pas vanaf ${dateText(served.startsOn)}. Op ${dateText(answer.date)} antwoordt ${answer.protocol} ${answer.version}, de versie die dan geldt.` } });
      }
      // Written as the worker made it: no copy, no ETag hashed over a large answer on this thread.
      sendJson(res, result.outcome.json);
    }));
  }
  return r;
}
