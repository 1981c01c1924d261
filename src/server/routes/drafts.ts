/**
 * Drafts: the editor's unsaved rule files, overlaid on a base version and run
 * through the same loader, compiler, tests and evaluate as everything else.
 */
import { Router, json } from 'express';
import { semanticDiff } from '../../diff/semantic-diff.js';
import { evaluate } from '../../evaluate/evaluate.js';
import { createRegistry } from '../../evaluate/registry.js';
import { kindOf, loadVersion } from '../../load/load-rules.js';
import type { RuleSetVersion } from '../../load/model.js';
import type { Diagnostic } from '../../load/diagnostics.js';
import { runVersionTests } from '../../testing/run-tests.js';
import { envelopeProblems } from '../api-schemas.js';
import { asyncHandler, HttpError } from '../errors.js';
import type { RegistryHolder } from '../registry-holder.js';
import { requireVersion } from './rulesets.js';

interface DraftBody {
  protocol: string;
  baseVersion: string;
  files: { path: string; text: string }[];
}

function readDraftBody(body: unknown): DraftBody {
  const b = body as Record<string, unknown> | null;
  const details: { pointer: string; message: string }[] = [];
  if (!b || typeof b !== 'object' || Array.isArray(b)) throw new HttpError(400, 'invalid_request', 'verwacht een object', [{ pointer: '', message: 'geen object' }]);
  if (typeof b.protocol !== 'string') details.push({ pointer: '/protocol', message: 'ontbreekt' });
  if (typeof b.baseVersion !== 'string') details.push({ pointer: '/baseVersion', message: 'ontbreekt' });
  if (!Array.isArray(b.files)) details.push({ pointer: '/files', message: 'moet een lijst van {path, text} zijn' });
  else if (b.files.length > 200) details.push({ pointer: '/files', message: 'hoogstens 200 bestanden' });
  else b.files.forEach((f: unknown, i) => {
    const x = f as Record<string, unknown> | null;
    if (!x || typeof x.path !== 'string') details.push({ pointer: `/files/${i}/path`, message: 'ontbreekt' });
    if (!x || typeof x.text !== 'string') details.push({ pointer: `/files/${i}/text`, message: 'ontbreekt' });
  });
  if (details.length) throw new HttpError(400, 'invalid_request', 'het concept heeft niet de vorm { protocol, baseVersion, files }', details);
  return b as unknown as DraftBody;
}

export interface LoadedDraft {
  base: RuleSetVersion;
  version?: RuleSetVersion;
  diagnostics: Diagnostic[];
}

/** Overlays the draft's files on the base version and loads the result as that version. */
export function loadDraft(holder: RegistryHolder, body: DraftBody): LoadedDraft {
  const registry = holder.current();
  const base = requireVersion(registry, body.protocol, body.baseVersion, '/baseVersion');
  const files = new Map([...base.source.files.values()].map((f) => [f.file, f.text]));
  body.files.forEach((f, i) => {
    if (!f.path.startsWith(`${base.dir}/`) || !kindOf(f.path)) {
      throw new HttpError(400, 'invalid_request', `bestand ${f.path} hoort niet bij ${base.dir}`, [{ pointer: `/files/${i}/path`, message: `verwacht ${base.dir}/ruleset.yaml, decisions/, tables/ of tests/` }]);
    }
    files.set(f.path, f.text);
  });
  const r = loadVersion(base.dir, files, registry.facts);
  return { base: base.source, version: r.version, diagnostics: r.diagnostics };
}

export function draftsRouter(holder: RegistryHolder, today: () => string, limit: string): Router {
  const r = Router();
  r.use(json({ limit, strict: false }));
  r.post('/check', asyncHandler(async (req, res) => {
    const draft = loadDraft(holder, readDraftBody(req.body));
    let tests = { passed: 0, failed: 0, cases: [] as unknown[] };
    if (draft.version && draft.diagnostics.length === 0) {
      const results = await runVersionTests(draft.version, createRegistry([draft.version], holder.current().facts), today());
      tests = {
        passed: results.filter((c) => c.passed).length,
        failed: results.filter((c) => !c.passed).length,
        cases: results.map((c) => ({ file: c.file, line: c.line, column: c.column, name: c.name, decision: c.decision, passed: c.passed, failures: c.failures })),
      };
    }
    res.json({ diagnostics: draft.diagnostics, tests });
  }));
  r.post('/evaluate', asyncHandler(async (req, res) => {
    const body = readDraftBody(req.body);
    const request = (req.body as { request?: Record<string, unknown> }).request;
    const envelope = { ...(request ?? {}), protocol: body.protocol, version: body.baseVersion };
    const problems = envelopeProblems(envelope).map((p) => ({ ...p, pointer: '/request' + p.pointer }));
    if (!request || problems.length) throw new HttpError(400, 'invalid_request', 'request moet { decision, facts, date?, explain? } zijn', problems.length ? problems : [{ pointer: '/request', message: 'ontbreekt' }]);
    const draft = loadDraft(holder, body);
    if (!draft.version || draft.diagnostics.length) {
      throw new HttpError(422, 'draft_invalid', `het concept heeft ${draft.diagnostics.length} probleem/problemen`,
        draft.diagnostics.map((d) => ({ pointer: `/files/${d.file}`, message: `${d.file}:${d.line}:${d.column} ${d.message}` })));
    }
    const registry = createRegistry([draft.version], holder.current().facts);
    res.json(await evaluate(registry, envelope as never, { today: today() }));
  }));
  r.post('/diff', asyncHandler(async (req, res) => {
    const draft = loadDraft(holder, readDraftBody(req.body));
    if (!draft.version) {
      throw new HttpError(422, 'draft_invalid', 'het concept laadt niet', draft.diagnostics.map((d) => ({ pointer: `/files/${d.file}`, message: `${d.file}:${d.line}:${d.column} ${d.message}` })));
    }
    res.json(semanticDiff(draft.base, draft.version));
  }));
  return r;
}
