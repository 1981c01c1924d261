import { Router } from 'express';
import { breakingChanges } from '../../diff/breaking-changes.js';
import { semanticDiff } from '../../diff/semantic-diff.js';
import type { CompiledVersion } from '../../compile/compile-version.js';
import type { Registry } from '../../evaluate/registry.js';
import { ApiError } from '../errors.js';
import { versionDecisions } from '../openapi/decision-contract.js';
import type { RegistryHolder } from '../registry-holder.js';
import type { VersionAdoption } from '../../amend/types.js';

export type { VersionAdoption } from '../../amend/types.js';

/** The adoption of a version, when the service runs the procedure (null: not adopted through it). */
export type AdoptionLookup = (protocol: string, version: string) => Promise<VersionAdoption | null>;

export function versionSummary(v: CompiledVersion) {
  const m = v.meta;
  return { protocol: m.protocol, version: m.version, status: m.status, validFrom: m.validFrom, validTo: m.validTo ?? null, title: m.title, contentHash: v.contentHash };
}

export function versionDetail(v: CompiledVersion) {
  const s = v.source;
  return {
    ...versionSummary(v),
    issuer: s.meta.issuer,
    basis: s.meta.basis,
    changelog: s.meta.changelog,
    decisions: s.decisions.map((d) => ({
      id: d.id, title: d.title, facts: d.facts, referenceDate: d.referenceDate, outcomes: d.outcomes, file: d.file,
      derived: d.derived.map((x) => ({ name: x.name, title: x.title ?? null, expr: x.expr })),
      rules: d.rules.map((r) => ({ id: r.id, title: r.title, source: r.source, priority: r.priority, illustrative: r.illustrative, code: r.then.code ?? null, outcome: r.then.outcome ?? null, line: r.loc.line })),
      default: { id: d.default.id, title: d.default.title, source: d.default.source, outcome: d.default.then.outcome ?? null },
    })),
    tables: s.tables.map((t) => ({
      id: t.id, title: t.title, source: t.source, illustrative: t.illustrative, illustrativeNote: t.illustrativeNote ?? null, file: t.file, keys: t.keys,
      columns: t.columns.map((c) => ({ name: c.name, type: c.type, range: c.range })),
      rows: t.rows.map((r) => ({ ...r.values, ...(r.from ? { from: r.from } : {}), ...(r.until ? { until: r.until } : {}), ...(r.illustrative !== undefined ? { illustrative: r.illustrative } : {}) })),
    })),
  };
}

/** The version a request names; the pointers say where it named them (`/path/<name>` for path parameters, `/query/<name>`, or into the body). */
export function requireVersion(registry: Registry, protocol: string, version: string, pointer = '/path/version', protocolPointer = '/path/protocol'): CompiledVersion {
  if (!registry.protocols().includes(protocol as never)) throw new ApiError('unknown_protocol', `onbekend protocol '${protocol}'`, [{ pointer: protocolPointer, message: 'onbekend protocol' }]);
  const v = registry.get(protocol, version);
  if (!v) throw new ApiError('unknown_version', `${protocol} heeft geen versie '${version}'`, [{ pointer, message: 'onbekende versie' }]);
  return v;
}

/** GET /api/v1/rulesets, .../{protocol}/{version}, .../{protocol}/{version}/decisions, .../{protocol}/{version}/files, .../{protocol}/diff. */
export function rulesetsRouter(holder: RegistryHolder, adoptionOf?: AdoptionLookup): Router {
  const r = Router();
  r.get('/', (_req, res) => {
    res.json({ rulesets: holder.current().versions.map(versionSummary) });
  });
  r.get('/:protocol/diff', (req, res) => {
    const registry = holder.current();
    const { from, to } = req.query;
    if (typeof from !== 'string' || typeof to !== 'string') {
      throw new ApiError('invalid', 'invalid_request', 'geef from en to, bijv. ?from=1.0&to=2.0', [{ pointer: typeof from !== 'string' ? '/query/from' : '/query/to', message: 'ontbreekt' }]);
    }
    const a = requireVersion(registry, req.params.protocol, from, '/query/from');
    const b = requireVersion(registry, req.params.protocol, to, '/query/to');
    // `breaking`: what callers of the evaluate API must change (src/diff/breaking-changes.ts).
    res.json({ ...semanticDiff(a.source, b.source), breaking: breakingChanges(a.source, b.source, registry.facts) });
  });
  r.get('/:protocol/:version', async (req, res) => {
    const v = requireVersion(holder.current(), req.params.protocol, req.params.version);
    res.json({ ...versionDetail(v), adoption: adoptionOf ? await adoptionOf(v.meta.protocol, v.meta.version) : null });
  });
  r.get('/:protocol/:version/decisions', (req, res) => {
    const registry = holder.current();
    res.json(versionDecisions(registry, requireVersion(registry, req.params.protocol, req.params.version)));
  });
  r.get('/:protocol/:version/files', (req, res) => {
    const v = requireVersion(holder.current(), req.params.protocol, req.params.version);
    res.json({ files: [...v.source.files.values()].map((f) => ({ path: f.file, text: f.text })).sort((a, b) => a.path.localeCompare(b.path)) });
  });
  return r;
}
