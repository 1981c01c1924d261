/**
 * POST /api/v1/impact: what a version or a draft (files, or a proposal) would
 * change on a synthetic corpus generated for the request, a named corpus, or
 * the decision log's requests of a period (`corpus: "decision-log"`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Router } from 'express';
import { jsonOffThread } from '../json-off-thread.js';
import type { ContractType } from '../../contract/api-schemas.js';
import { errorResponse } from '../openapi/responses.js';
import type { RuleFiles } from '../../load/rule-source.js';
import { diagnosticDetails } from '../../base/errors.js';
import { ApiError, asyncHandler } from '../errors.js';
import type { RegistryHolder } from '../registry-holder.js';
import { ImpactDraftError } from '../../impact/check-sides.js';
import { impactOffThread, IMPACT_LIMITS } from '../../offload/impact-off-thread.js';
import { REPO_ROOT } from '../../evaluate/project.js';
import { draftSides } from '../../impact/sides.js';
import type { RuleSide } from '../../impact/types.js';
import { DECISION_LOG_CORPUS } from '../../decision-log/corpus.js';
import { periodOf, PeriodError } from '../../decision-log/period.js';
import type { DecisionPeriod } from '../../decision-log/types.js';

export const MAX_IMPACT_CASES = 20_000;

export interface ImpactDeps {
  holder: RegistryHolder;
  /** The changed files of a proposal, when the amendment procedure is mounted. */
  proposalFiles?: (id: number) => Promise<{ protocol: string; baseVersion: string; files: { path: string; text: string }[] }>;
  /** Where named corpora live: `{ corpus: "<name>" }` reads `<corporaDir>/<name>.jsonl` (default corpora/ in the repository). */
  corporaDir?: string;
  /** Largest request body (IMPACT_BODY_LIMIT). */
  bodyLimit?: string;
  /** Writes the decision log's requests of a period as a corpus file (when the log is on); `corpus: "decision-log"`. */
  loggedCorpus?: (period: DecisionPeriod, file: string) => Promise<number>;
}

function servedFiles(holder: RegistryHolder): RuleFiles {
  const files: RuleFiles = new Map();
  for (const v of holder.current().versions) for (const f of v.source.files.values()) files.set(f.file, f.text);
  return files;
}

export function impactRouter(deps: ImpactDeps): Router {
  const r = Router();
  // A large body (a draft's files) is parsed and checked against ImpactRequest in a check worker.
  r.post('/', ...jsonOffThread(deps.bodyLimit ?? '5mb', { strict: true, check: () => ({ schema: 'ImpactRequest' }) }), asyncHandler(async (req, res) => {
    const b = req.body as ContractType<'ImpactRequest'>;
    const size = b.size ?? 5000;
    const seed = b.seed ?? 1;
    const { protocol, from } = b;
    const base = servedFiles(deps.holder);
    if (!deps.holder.current().get(protocol, from)) throw new ApiError('not_found', 'unknown_version', `${protocol} heeft geen versie ${from}`, [{ pointer: '/from', message: 'onbekende versie' }]);
    let sides: { from: RuleSide; to: RuleSide };
    const label = `${protocol.toLowerCase()}-${from}`;
    if ('version' in b.to) {
      const to = b.to.version;
      if (!deps.holder.current().get(protocol, to)) throw new ApiError('not_found', 'unknown_version', `${protocol} heeft geen versie ${to}`, [{ pointer: '/to/version', message: 'onbekende versie' }]);
      const pick = (v: string): RuleSide => ({ label: `${protocol.toLowerCase()}-${v}`, files: [...base].filter(([p]) => p.startsWith(`${protocol.toLowerCase()}/`)), protocol, version: v, pin: true, protocols: [protocol] });
      sides = to === from ? draftSides(label, base, label, new Map(), protocol, from) : { from: pick(from), to: pick(to) };
    } else if ('files' in b.to) {
      sides = draftSides(label, base, `${label} (concept)`, new Map(b.to.files.map((f) => [f.path, f.text])), protocol, from);
    } else {
      const id = b.to.proposalId;
      // Only staff see proposals: a system (API key) or an unknown id gets the same 404, so no id is revealed.
      const hidden = () => new ApiError('not_found', 'not_found', `voorstel ${id} bestaat niet`, [{ pointer: '/to/proposalId', message: 'onbekend voorstel' }]);
      if (!deps.proposalFiles || res.locals.system === true) throw hidden();
      const p = await deps.proposalFiles(id).catch((e: unknown) => {
        if (e instanceof ApiError && e.kind === 'not_found') throw hidden();
        throw e;
      });
      sides = draftSides(`${p.protocol.toLowerCase()}-${p.baseVersion}`, base, `voorstel ${id}`, new Map(p.files.map((f) => [f.path, f.text])), p.protocol, p.baseVersion);
    }
    // Where a problem of the draft is pointed at: a file the request carried, else the proposal or base version it named.
    const sent = 'files' in b.to ? b.to.files : [];
    const elsewhere = 'proposalId' in b.to ? '/to/proposalId' : '/from';
    if (b.corpus !== DECISION_LOG_CORPUS && (b.since !== undefined || b.until !== undefined)) {
      throw new ApiError('invalid', 'invalid_request', 'since en until gelden alleen voor corpus "decision-log"', [{ pointer: b.since !== undefined ? '/since' : '/until', message: 'alleen met corpus "decision-log"' }]);
    }
    let corpusFile: string | undefined;
    let logDir: string | undefined;
    if (b.corpus === DECISION_LOG_CORPUS) {
      // The logged requests: only staff read what was decided, never a system with an API key.
      if (res.locals.system === true) throw new ApiError('forbidden', 'forbidden', 'het beslissingslog is alleen voor medewerkers (inloggen), niet voor een API-sleutel', [{ pointer: '/corpus', message: 'niet met een API-sleutel' }]);
      if (!deps.loggedCorpus) throw new ApiError('not_found', 'unknown_corpus', 'het beslissingslog staat in deze omgeving uit', [{ pointer: '/corpus', message: 'geen beslissingslog' }]);
      let period: DecisionPeriod;
      try {
        period = periodOf(b.since, b.until);
      } catch (e) {
        if (!(e instanceof PeriodError)) throw e;
        throw new ApiError('invalid', 'invalid_request', e.message, [{ pointer: `/${e.field}`, message: e.message }]);
      }
      logDir = mkdtempSync(join(tmpdir(), 'impact-log-'));
      corpusFile = join(logDir, 'corpus.jsonl');
      await deps.loggedCorpus(period, corpusFile);
    } else if (typeof b.corpus === 'string') {
      // A named corpus on disk (real or prepared cases): streamed as it is; size and seed do not apply.
      corpusFile = join(deps.corporaDir ?? join(REPO_ROOT, 'corpora'), `${b.corpus}.jsonl`);
      if (!existsSync(corpusFile)) throw new ApiError('not_found', 'unknown_corpus', `er is geen corpus ${b.corpus}`, [{ pointer: '/corpus', message: 'onbekend corpus' }]);
    }
    // Loading both sides and generating the corpus run in the check pool, within the process's impact budget.
    try {
      res.json(await impactOffThread({ all: corpusFile ? [] : [...base], ...sides, seed, size, corpusFile }));
    } catch (e) {
      if (e instanceof ImpactDraftError) throw new ApiError('unprocessable', 'draft_invalid', 'het concept laadt niet', diagnosticDetails(e.diagnostics, sent, '/to/files', elsewhere));
      throw e;
    } finally {
      if (logDir) rmSync(logDir, { recursive: true, force: true });
    }
  }));
  return r;
}

export const impactOpenApi = {
  paths: {
    '/api/v1/impact': {
      post: {
        summary: 'Impact analysis: how many answers a version or draft changes on a synthetic corpus, a named corpus or the decision log (corpus "decision-log", since/until), by rule, code and money',
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ImpactRequest' }, example: { protocol: 'RTP', from: '1.0', to: { version: '2.0' }, size: 500, seed: 1 } } } },
        responses: {
          200: { description: 'the report', content: { 'application/json': { schema: { $ref: '#/components/schemas/ImpactReport' } } } },
          400: errorResponse(['invalid_request']),
          403: errorResponse(['forbidden'], 'corpus "decision-log" with an API key (the decision log is for staff only)'),
          404: errorResponse(['unknown_protocol', 'unknown_version', 'unknown_corpus', 'not_found'], 'a version, corpus or proposal that does not exist (unknown_corpus also: the decision log is off)'),
          422: errorResponse(['draft_invalid', 'time_budget_exceeded', 'limit_exceeded'], 'the draft does not load (each problem at /to/files/<i>/text, or /from for a file of the base version, with file:line:col); or the analysis was cut off (IMPACT_TIME_BUDGET_MS, CHECK_WORKER_MEMORY_MB)'),
          429: {
            ...errorResponse(['too_many_requests'], `${IMPACT_LIMITS.maxConcurrent} impact analysis at a time per process (IMPACT_MAX_CONCURRENT, shared with a proposal's impact), or the check pool's queue is full; wait Retry-After seconds`),
            headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } },
          },
        },
      },
    },
  },
  schemas: {
    ImpactReport: {
      type: 'object', required: ['protocol', 'from', 'to', 'cases', 'evaluated', 'changed', 'transitions', 'byRule', 'byCode', 'money'],
      properties: {
        protocol: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, cases: { type: 'integer' }, evaluated: { type: 'integer' }, changed: { type: 'integer' },
        skipped: { type: 'object', properties: { count: { type: 'integer' }, examples: { type: 'array', items: { type: 'object', properties: { line: { type: 'integer' }, message: { type: 'string' } } } } } },
        transitions: { type: 'array' }, byRule: { type: 'array' }, byCode: { type: 'array' },
        money: { type: 'object', properties: { nuAfgekeurd: { type: 'integer' }, nuGoedgekeurd: { type: 'integer' }, netto: { type: 'integer' } } },
        seconds: { type: 'number' }, casesPerSecond: { type: 'number' },
      },
    },
  },
};
