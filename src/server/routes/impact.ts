/**
 * POST /api/v1/impact: what a version or a draft (files, or a proposal) would
 * change on a synthetic corpus generated for the request.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Router, json } from 'express';
import { generateCorpus } from '../../corpus/generate.js';
import type { RuleFiles } from '../../load/rule-source.js';
import { asyncHandler, HttpError } from '../errors.js';
import type { RegistryHolder } from '../registry-holder.js';
import { ImpactDraftError } from '../../impact/check-sides.js';
import { runImpact } from '../../impact/run-impact.js';
import { REPO_ROOT } from '../../project.js';
import { draftSides } from '../../impact/sides.js';
import type { RuleSide } from '../../impact/types.js';

export const MAX_IMPACT_CASES = 20_000;

export interface ImpactDeps {
  holder: RegistryHolder;
  /** The changed files of a proposal, when the amendment procedure is mounted. */
  proposalFiles?: (id: number) => Promise<{ protocol: string; baseVersion: string; files: { path: string; text: string }[] }>;
  /** Where named corpora live: `{ corpus: "<name>" }` reads `<corporaDir>/<name>.jsonl` (default corpora/ in the repository). */
  corporaDir?: string;
}

function servedFiles(holder: RegistryHolder): RuleFiles {
  const files: RuleFiles = new Map();
  for (const v of holder.current().versions) for (const f of v.source.files.values()) files.set(f.file, f.text);
  return files;
}

async function impactOrDraftError(sides: { from: RuleSide; to: RuleSide }, corpus: string) {
  try {
    return await runImpact({ ...sides, corpus });
  } catch (e) {
    if (e instanceof ImpactDraftError) {
      throw new HttpError(422, 'draft_invalid', 'het concept laadt niet', e.diagnostics.map((d) => ({ pointer: `/files/${d.file}`, message: `${d.file}:${d.line}:${d.column} ${d.message}` })));
    }
    throw e;
  }
}

export function impactRouter(deps: ImpactDeps): Router {
  const r = Router();
  r.post('/', json({ limit: '5mb' }), asyncHandler(async (req, res) => {
    const b = (req.body ?? {}) as { protocol?: unknown; from?: unknown; to?: { version?: unknown; files?: unknown; proposalId?: unknown }; corpus?: unknown; size?: unknown; seed?: unknown };
    const size = b.size === undefined ? 5000 : b.size;
    const seed = b.seed === undefined ? 1 : b.seed;
    const details: { pointer: string; message: string }[] = [];
    if (b.protocol !== 'RTP' && b.protocol !== 'RAP') details.push({ pointer: '/protocol', message: 'RTP of RAP' });
    if (typeof b.from !== 'string' || !/^\d+\.\d+$/.test(b.from)) details.push({ pointer: '/from', message: 'een versie zoals "2.0"' });
    if (!b.to || typeof b.to !== 'object') details.push({ pointer: '/to', message: '{ version } of { files } of { proposalId }' });
    if (!Number.isInteger(size) || (size as number) < 1 || (size as number) > MAX_IMPACT_CASES) details.push({ pointer: '/size', message: `geheel getal 1..${MAX_IMPACT_CASES}` });
    if (!Number.isInteger(seed)) details.push({ pointer: '/seed', message: 'geheel getal' });
    if (b.corpus !== undefined && (typeof b.corpus !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(b.corpus))) details.push({ pointer: '/corpus', message: 'de naam van een corpus, bijv. "ijsselland-2024"' });
    if (details.length) throw new HttpError(400, 'invalid_request', 'het verzoek heeft niet de vorm { protocol, from, to, size?, seed? }', details);
    const protocol = b.protocol as string;
    const from = b.from as string;
    const base = servedFiles(deps.holder);
    if (!deps.holder.current().get(protocol, from)) throw new HttpError(404, 'unknown_version', `${protocol} heeft geen versie ${from}`, [{ pointer: '/from', message: 'onbekende versie' }]);
    let sides: { from: RuleSide; to: RuleSide };
    const label = `${protocol.toLowerCase()}-${from}`;
    if (typeof b.to!.version === 'string') {
      const to = b.to!.version;
      if (!deps.holder.current().get(protocol, to)) throw new HttpError(404, 'unknown_version', `${protocol} heeft geen versie ${to}`, [{ pointer: '/to/version', message: 'onbekende versie' }]);
      const pick = (v: string): RuleSide => ({ label: `${protocol.toLowerCase()}-${v}`, files: [...base].filter(([p]) => p.startsWith(`${protocol.toLowerCase()}/`)), protocol, version: v, pin: true, protocols: [protocol] });
      sides = to === from ? draftSides(label, base, label, new Map(), protocol, from) : { from: pick(from), to: pick(to) };
    } else if (Array.isArray(b.to!.files)) {
      const files = b.to!.files as { path?: unknown; text?: unknown }[];
      files.forEach((f, i) => {
        if (typeof f?.path !== 'string' || typeof f?.text !== 'string') details.push({ pointer: `/to/files/${i}`, message: '{ path, text }' });
      });
      if (details.length) throw new HttpError(400, 'invalid_request', 'bestanden hebben de vorm { path, text }', details);
      sides = draftSides(label, base, `${label} (concept)`, new Map(files.map((f) => [f.path as string, f.text as string])), protocol, from);
    } else if (Number.isInteger(b.to!.proposalId) && deps.proposalFiles) {
      const p = await deps.proposalFiles(b.to!.proposalId as number).catch((e: { status?: unknown; code?: unknown; message?: string; details?: { pointer: string; message: string }[] }) => {
        // The procedure's own errors (404 not_found) keep their status and code.
        if (typeof e?.status === 'number' && e.status < 500 && typeof e.code === 'string') throw new HttpError(e.status, e.code, e.message ?? e.code, e.details ?? [{ pointer: '/to/proposalId', message: e.message ?? '' }]);
        throw e;
      });
      sides = draftSides(`${p.protocol.toLowerCase()}-${p.baseVersion}`, base, `voorstel ${String(b.to!.proposalId)}`, new Map(p.files.map((f) => [f.path, f.text])), p.protocol, p.baseVersion);
    } else {
      throw new HttpError(400, 'invalid_request', 'to moet { version }, { files } of { proposalId } zijn', [{ pointer: '/to', message: 'onbekende vorm' }]);
    }
    if (typeof b.corpus === 'string') {
      // A named corpus on disk (real or prepared cases): streamed as it is; size and seed do not apply.
      const file = join(deps.corporaDir ?? join(REPO_ROOT, 'corpora'), `${b.corpus}.jsonl`);
      if (!existsSync(file)) throw new HttpError(404, 'unknown_corpus', `er is geen corpus ${b.corpus}`, [{ pointer: '/corpus', message: 'onbekend corpus' }]);
      res.json(await impactOrDraftError(sides, file));
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'impact-'));
    try {
      const corpus = join(dir, 'corpus.jsonl');
      const out = createWriteStream(corpus);
      for (const line of generateCorpus(deps.holder.current(), seed as number, size as number)) {
        if (!out.write(JSON.stringify(line) + '\n')) await once(out, 'drain');
      }
      out.end();
      await once(out, 'finish');
      res.json(await impactOrDraftError(sides, corpus));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }));
  return r;
}

export const impactOpenApi = {
  paths: {
    '/api/v1/impact': {
      post: {
        summary: 'Impact analysis: how many answers a version or draft changes on a synthetic corpus, by rule, code and money',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['protocol', 'from', 'to'], properties: {
          protocol: { enum: ['RTP', 'RAP'] }, from: { type: 'string' },
          to: { oneOf: [{ type: 'object', required: ['version'], properties: { version: { type: 'string' } } }, { type: 'object', required: ['files'], properties: { files: { type: 'array', items: { type: 'object' } } } }, { type: 'object', required: ['proposalId'], properties: { proposalId: { type: 'integer' } } }] },
          corpus: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$', description: 'a named corpus (corpora/<name>.jsonl); without it a synthetic corpus of size cases is generated from seed' },
          size: { type: 'integer', minimum: 1, maximum: MAX_IMPACT_CASES }, seed: { type: 'integer' },
        } } } } },
        responses: {
          200: { description: 'the report', content: { 'application/json': { schema: { $ref: '#/components/schemas/ImpactReport' } } } },
          400: { description: 'invalid_request', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          404: { description: 'unknown_version, unknown_corpus or not_found', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
          422: { description: 'draft_invalid: the draft does not load (diagnostics in details)', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
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
