/**
 * The largest request the documented limits allow, for every operation of the
 * served OpenAPI document (issue 22, "close the class"). The list of
 * operations comes from the document, so a new route is covered without a new
 * probe: an operation with a JSON body gets a body filled from its schema
 * (every property, strings at maxLength, lists at maxItems, booleans such as
 * `explain` on), shrunk to the route's body limit; one without a body is sent
 * with its path and query parameters filled. Where the cost lies in the
 * meaning of the body (valid rule files at the YAML size limit, batches of
 * real requests, iJw messages at IJW_MAX_LINES), a builder below makes that
 * body instead. An operation neither can build is reported as uncovered.
 */
import { DEFAULT_LIMITS } from '../../src/base/limits.js';
import { limitsFromEnv as ijwLimitsFromEnv } from '../../src/ijw/limits.js';
import { parseLimits } from '../../src/base/parse-limits.js';
import { writeJw301, writeJw323 } from '../../src/ijw/write-messages.js';
import type { FuzzRequest } from './http.js';
import type { Session } from './bodies.js';

type Schema = Record<string, unknown>;
export interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema?: Schema; required?: boolean }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

/** One operation's worst case: what it fills, and the request. */
export interface WorstCase {
  /** "POST /api/v1/proposals/{id}". */
  op: string;
  /** How the body was made: a builder that knows its meaning, filled from the schema, or no body. */
  how: 'builder' | 'schema' | 'no body';
  fills: string;
  request: FuzzRequest;
}

/** What the requests refer to: staff sessions and a stored proposal at the limits. */
export interface WorstContext {
  sessions: { indiener: Session; beoordelaar: Session; beheerder: Session; spare: Session };
  /** A concept of `indiener` with files at the limits. */
  proposalId: number;
  /** 0..1: shrinks every size (the fast slice of the default test run); 1 is the documented limits. */
  scale?: number;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const bytesOf = (size: string) => {
  const m = /^(\d+(?:\.\d+)?)(b|kb|mb|gb)?$/.exec(size.toLowerCase())!;
  return Math.floor(Number(m[1]) * { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(m[2] ?? 'b') as 'b']);
};

/** The body limit of a route (docs/limits.md; src/base/limits.ts and src/ijw/limits.ts). */
export function bodyLimit(path: string): number {
  if (path === '/api/v1/auth/login') return 16 * 1024;
  if (path === '/api/v1/evaluate/batch') return bytesOf(DEFAULT_LIMITS.batchBody);
  if (path === '/api/v1/evaluate') return bytesOf(DEFAULT_LIMITS.body);
  if (path.startsWith('/api/v1/drafts/')) return bytesOf(DEFAULT_LIMITS.draftBody);
  if (path === '/api/v1/impact') return bytesOf(DEFAULT_LIMITS.impactBody);
  if (path.startsWith('/api/v1/ijw/')) return bytesOf(ijwLimitsFromEnv().maxBytes);
  // A stored proposal is also bounded by the per-user quota PROPOSAL_MAX_SIZE (its texts; the JSON around them is a little more).
  if (path === '/api/v1/proposals' || path === '/api/v1/proposals/{id}') return Math.min(bytesOf(DEFAULT_LIMITS.amendBody), DEFAULT_LIMITS.quotas.proposalBytes);
  return bytesOf(DEFAULT_LIMITS.amendBody);
}

/** Leaves room for the JSON around the files and the other fields. */
const SLACK = 64 * 1024;
const json = (v: unknown) => JSON.stringify(v);

/** A valid test file of RTP 2.0's tariefgroep decision just under YAML_MAX_BYTES; `tag` makes it (and its blob) unique. */
export function largeTestFile(tag: string, maxBytes = parseLimits().yamlMaxBytes - 8 * 1024): string {
  let text = 'decision: tariefgroep\ncases:\n';
  for (let i = 0; ; i++) {
    const c = `  - name: geval ${tag}-${i}\n    facts: { functie: kinder- en jeugdtherapeut, caoSchaal: 9, datum: 2025-05-01 }\n    expect: { outcome: TG3 }\n`;
    if (text.length + c.length > maxBytes) return text;
    text += c;
  }
}

/** As many valid test files at the YAML limit as fit in `budget` bytes of JSON (at most `maxFiles`); `scale` shrinks the budget. */
export function largeFiles(budget: number, tag: string, scale = 1, maxFiles = 200): { path: string; text: string }[] {
  const room = Math.max(4_000, Math.floor(budget * scale) - SLACK);
  // Every file's cases get the file's number, of one width, so all files are as long as the first.
  const nr = (i: number) => String(i).padStart(3, '0');
  const one = largeTestFile(`${tag}${nr(0)}`, Math.min(parseLimits().yamlMaxBytes - 8 * 1024, Math.floor(room / 1.05)));
  const per = json({ path: `rtp/2.0/tests/${tag}${nr(0)}.yaml`, text: one }).length + 1;
  const n = Math.max(1, Math.min(maxFiles, Math.floor(room / per)));
  return Array.from({ length: n }, (_, i) => ({ path: `rtp/2.0/tests/${tag}${nr(i)}.yaml`, text: one.replaceAll(`geval ${tag}${nr(0)}-`, `geval ${tag}${nr(i)}-`) }));
}

const DECLARATIE_FACTS = {
  toewijzing: { toewijzingNummer: 1201, productCategorie: '45', productCode: null, ingangsdatum: '2024-09-01', einddatum: '2025-08-31', budget: 750000, omvang: null, redenWijziging: null },
  prestatie: { toewijzingNummer: 1201, productCategorie: '45', productCode: '45A03', productPeriode: { begindatum: '2025-02-01', einddatum: '2025-02-28' }, geleverdVolume: 90, eenheid: '01', productTarief: 132, ingediendBedrag: 11856 },
  eerderGedeclareerd: 120000,
  professional: { functie: 'kinder- en jeugdtherapeut', caoSchaal: 9 },
};
const DECLARATIE = { protocol: 'RAP', decision: 'declaratie', facts: DECLARATIE_FACTS, explain: true };
/** A refused declaration with why-not search on: the costliest single answer. */
const WHY_NOT = { protocol: 'RAP', decision: 'declaratie', facts: { ...DECLARATIE_FACTS, professional: { functie: 'kok', caoSchaal: 3 } }, explain: 'waarom-niet' };

const BSN = '123456782';
const header = (berichtCode: string, afzender: string, ontvanger: string, identificatie: string) => ({ berichtCode, afzender, ontvanger, identificatie, dagtekening: '2025-03-05' });
const allocation = (n: number) => ({ toewijzingNummer: n, productCategorie: '45', productCode: null, ingangsdatum: '2024-09-01', einddatum: '2025-08-31', budget: 750000, omvang: null, redenWijziging: null });

/** A JW323 with `lines` declaration lines (IJW_MAX_LINES) for one client, and its JW301. */
function largeJw323(lines: number) {
  const prestaties = Array.from({ length: lines }, (_, i) => ({
    referentieNummer: `R${i}`, toewijzingNummer: 1201, productCategorie: '45', productCode: '45A03', begindatum: '2025-02-01', einddatum: '2025-02-28',
    geleverdVolume: 90, eenheid: '01', productTarief: 132, ingediend: { bedrag: 100, debetCredit: 'D' as const },
  }));
  const jw323 = writeJw323({
    header: header('490', '12345678', '0193', 'DEC-FUZZ'), declaratieNummer: 'DFUZZ', periode: { begindatum: '2025-02-01', einddatum: '2025-02-28' }, dagtekening: '2025-03-05',
    totaalIngediend: { bedrag: 100 * lines, debetCredit: 'D' }, clienten: [{ bsn: BSN, prestaties }],
  });
  return { jw323, jw301: [writeJw301({ header: header('436', '0193', '12345678', 'TW-1'), bsn: BSN, toewijzingen: [allocation(1201)] })], explain: true };
}

/** How many running allocations RTP toewijzing's facts take (its schema's maxItems of lopendeToewijzingen), less a margin for the same-day siblings. */
const COUNTED_RUNNING = 96;

/**
 * A JW301 of `n` specific allocations without a referrer (so each is judged for every COD327 type),
 * against `running` JW301s (the schema's maxItems): the first COUNTED_RUNNING run through 2025 and
 * count for every product, the rest ended in 2024 (read and compared, not counted). The products
 * are one day each, spread over 2025, so they hardly count for each other: every product is judged
 * with close to the largest list of running allocations its facts allow, the costliest judgement.
 */
function largeToewijzing(n: number, running: number) {
  const day = (i: number) => new Date(Date.UTC(2025, 0, 1 + (i % 365))).toISOString().slice(0, 10);
  const specific = (nummer: number, code: string, from: string, to: string) => ({ ...allocation(nummer), productCode: code, budget: null, omvang: { volume: 10, eenheid: '04', frequentie: '4' }, ingangsdatum: from, einddatum: to });
  const msg = (id: string, toewijzingen: ReturnType<typeof specific>[]) => writeJw301({ header: header('436', '0193', '12345678', id), bsn: BSN, toewijzingen });
  return {
    jw301: msg('TW-NIEUW', Array.from({ length: n }, (_, i) => specific(1 + i, '45A03', day(i), day(i)))),
    lopend: Array.from({ length: running }, (_, i) => msg(`TW-L${i}`, [i < COUNTED_RUNNING ? specific(100_000 + i, '45A04', '2025-01-01', '2025-12-31') : specific(100_000 + i, '45A04', '2024-01-01', '2024-12-31')])),
  };
}

type Builder = (ctx: WorstContext, limit: number, scale: number) => { fills: string; body: unknown };

/** Bodies whose cost lies in their meaning, by operation. */
const BUILDERS: Record<string, Builder> = {
  'POST /api/v1/proposals': (_c, limit, s) => {
    const files = largeFiles(limit, 'nieuw', s);
    return { fills: `${files.length} valid test files at the YAML limit (AMEND_BODY_LIMIT)`, body: { title: 'T'.repeat(200), rationale: 'r'.repeat(20_000), category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', files } };
  },
  'PATCH /api/v1/proposals/{id}': (_c, limit, s) => {
    const files = largeFiles(limit, 'gewijzigd', s);
    return { fills: `${files.length} new valid test files at the YAML limit`, body: { title: 'T'.repeat(200), rationale: 'r'.repeat(20_000), files } };
  },
  'POST /api/v1/proposals/overlaps': (c, limit, s) => {
    const files = largeFiles(limit, 'overlap', s);
    return { fills: `${files.length} valid test files at the YAML limit against the stored proposals`, body: { protocol: 'RTP', baseVersion: '2.0', files, proposalId: c.proposalId + 1_000 } };
  },
  'POST /api/v1/proposals/{id}/impact': (_c, _l, s) => ({ fills: 'size 20,000 (the maximum)', body: { size: Math.max(10, Math.round(20_000 * s)), seed: 7 } }),
  'POST /api/v1/impact': (_c, limit, s) => {
    const files = largeFiles(limit, 'impact', s);
    return { fills: `${files.length} draft files at the YAML limit, size 20,000`, body: { protocol: 'RTP', from: '2.0', to: { files }, size: Math.max(10, Math.round(20_000 * s)), seed: 7 } };
  },
  'POST /api/v1/drafts/check': (_c, limit, s) => {
    const files = largeFiles(limit, 'check', s);
    return { fills: `${files.length} valid files at the YAML limit (DRAFT_BODY_LIMIT, 200 files)`, body: { protocol: 'RTP', baseVersion: '2.0', files } };
  },
  'POST /api/v1/drafts/diff': (_c, limit, s) => {
    const files = largeFiles(limit, 'diff', s);
    return { fills: `${files.length} valid files at the YAML limit`, body: { protocol: 'RTP', baseVersion: '2.0', files } };
  },
  'POST /api/v1/drafts/evaluate': (_c, limit, s) => {
    const files = largeFiles(limit, 'evaluate', s);
    return { fills: `${files.length} valid files at the YAML limit, explain on`, body: { protocol: 'RTP', baseVersion: '2.0', files, request: { decision: 'tariefgroep', facts: { functie: 'kok', caoSchaal: 3, datum: '2025-05-01' }, explain: 'waarom-niet' } } };
  },
  'POST /api/v1/evaluate': () => ({ fills: 'a refused declaration with the why-not search', body: WHY_NOT }),
  'POST /api/v1/evaluate/batch': (_c, limit, s) => {
    const per = json(WHY_NOT).length + 1;
    const n = Math.max(1, Math.min(Math.round(DEFAULT_LIMITS.batchItems * s), Math.floor((limit - SLACK) / per)));
    // Explain on as many as BATCH_EXPLAIN_MAX_ITEMS allows (the first ones); the rest the same requests without it.
    const explained = Math.min(n, DEFAULT_LIMITS.batchExplainItems);
    const plain = (r: typeof WHY_NOT | typeof DECLARATIE) => { const { explain: _e, ...rest } = r; return rest; };
    return {
      fills: `${n} requests (BATCH_MAX_ITEMS), refused declarations; the first ${explained} with explain (BATCH_EXPLAIN_MAX_ITEMS), half of them the why-not search`,
      body: { requests: Array.from({ length: n }, (_, i) => (i < explained ? (i % 2 ? WHY_NOT : DECLARATIE) : plain(i % 2 ? WHY_NOT : DECLARATIE))) },
    };
  },
  'POST /api/v1/ijw/declaratie': (_c, _l, s) => {
    const lines = Math.max(1, Math.round(ijwLimitsFromEnv().maxLines * s));
    return { fills: `a JW323 of ${lines} lines (IJW_MAX_LINES), explain on`, body: largeJw323(lines) };
  },
  'POST /api/v1/ijw/toewijzing': (_c, _l, s) => {
    const n = Math.max(1, Math.round(1_000 * s));
    return { fills: `a JW301 of ${n} specific allocations, no referrer, against ${n} JW301s in lopend (its maxItems), ${Math.min(n, COUNTED_RUNNING)} of them running`, body: largeToewijzing(n, n) };
  },
  'POST /api/v1/auth/login': () => ({ fills: 'user name and password at maxLength (a wrong password)', body: { username: 'u'.repeat(64), password: 'p'.repeat(1024) } }),
};

/** Who sends an operation: the role for which it does the most work. */
function sessionFor(op: string, ctx: WorstContext): Session | undefined {
  const s = ctx.sessions;
  if (op === 'POST /api/v1/auth/login') return undefined;
  if (op === 'POST /api/v1/auth/logout') return s.spare;
  if (/\/(adoptions|providers)$/.test(op)) return s.beheerder;
  if (/\/(transition|consents)$/.test(op)) return s.beoordelaar;
  return s.indiener;
}

const resolve = (schema: Schema | undefined, doc: OpenApiDoc, seen = 0): Schema => {
  if (!schema) return {};
  const ref = schema.$ref;
  if (typeof ref === 'string' && seen < 20) return resolve(doc.components?.schemas?.[ref.replace('#/components/schemas/', '')], doc, seen + 1);
  return schema;
};

const CANDIDATES = ['2.0', 'RTP', '2025-01-01', '1', 'x'];

/** The largest instance of a schema, its counts and lengths multiplied by `scale`. */
function fill(schema: Schema | undefined, doc: OpenApiDoc, scale: number, depth = 0): unknown {
  const s = resolve(schema, doc);
  if (depth > 12) return null;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return [...s.enum].sort((a, b) => json(b).length - json(a).length)[0];
  const alt = (s.oneOf ?? s.anyOf) as Schema[] | undefined;
  if (Array.isArray(alt) && alt.length && !s.properties) {
    // The branch with the largest instance.
    return alt.map((a) => fill(a, doc, scale, depth + 1)).sort((a, b) => json(b ?? null).length - json(a ?? null).length)[0];
  }
  const type = Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== 'null') : (s.type as string | undefined);
  if (type === 'object' || s.properties) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) out[k] = fill(v, doc, scale, depth + 1);
    return out;
  }
  if (type === 'array') {
    const n = Math.max(Number(s.minItems ?? 1), Math.round(Number(s.maxItems ?? 1000) * scale));
    const item = fill(s.items as Schema, doc, scale, depth + 1);
    return Array.from({ length: n }, () => item);
  }
  if (type === 'string') {
    if (s.format === 'date') return '2026-01-01';
    if (typeof s.pattern === 'string') {
      const re = new RegExp(s.pattern);
      return (s.examples as unknown[] | undefined)?.[0] ?? CANDIDATES.find((c) => re.test(c)) ?? 'x';
    }
    return 'x'.repeat(Math.max(Number(s.minLength ?? 1), Math.round(Number(s.maxLength ?? 10_000) * scale)));
  }
  if (type === 'integer' || type === 'number') return Number(s.maximum ?? s.minimum ?? 1);
  if (type === 'boolean') return true;
  return {};
}

/** The schema's largest instance that fits `limit` bytes (the scale found by halving). */
function fillWithin(schema: Schema, doc: OpenApiDoc, limit: number, scale: number): unknown {
  let lo = 0;
  let hi = scale;
  let best = fill(schema, doc, 0);
  if (json(fill(schema, doc, hi)).length <= limit - SLACK) return fill(schema, doc, hi);
  for (let i = 0; i < 14; i++) {
    const mid = (lo + hi) / 2;
    const v = fill(schema, doc, mid);
    if (json(v).length <= limit - SLACK) { lo = mid; best = v; } else hi = mid;
  }
  return best;
}

const PARAMS: Record<string, string> = { protocol: 'RTP', version: '2.0', from: '2.0', to: '2.0', state: 'concept', rule: 'rtp.tariefgroep.uit-beroepentabel' };

/** Every operation's worst case, and the operations none could be made for. */
export function worstCases(doc: OpenApiDoc, ctx: WorstContext): { cases: WorstCase[]; uncovered: { op: string; why: string }[] } {
  const scale = ctx.scale ?? 1;
  const cases: WorstCase[] = [];
  const uncovered: { op: string; why: string }[] = [];
  for (const [template, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!METHODS.includes(method)) continue;
      const name = `${method.toUpperCase()} ${template}`;
      const params = op.parameters ?? [];
      const unknown = params.filter((p) => (p.in === 'path' || (p.in === 'query' && p.required)) && !(p.name in PARAMS) && !(p.in === 'path' && p.name === 'id'));
      if (unknown.length) { uncovered.push({ op: name, why: `no value for parameter ${unknown.map((p) => p.name).join(', ')}` }); continue; }
      const path = template.replace(/\{(\w+)\}/g, (_, p: string) => (p === 'id' ? String(ctx.proposalId) : PARAMS[p]));
      const query = params.filter((p) => p.in === 'query' && p.name in PARAMS).map((p) => `${p.name}=${encodeURIComponent(PARAMS[p.name])}`).join('&');
      const session = sessionFor(name, ctx);
      const headers: Record<string, string> = session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {};
      const request: FuzzRequest = { label: 'worst', method: method.toUpperCase(), path: query ? `${path}?${query}` : path, headers };
      const content = op.requestBody?.content;
      const limit = bodyLimit(template);
      const builder = BUILDERS[name];
      if (builder) {
        const b = builder(ctx, limit, scale);
        cases.push({ op: name, how: 'builder', fills: b.fills, request: { ...request, body: json(b.body) } });
      } else if (!content) {
        cases.push({ op: name, how: 'no body', fills: params.length ? `parameters ${params.map((p) => p.name).join(', ')}` : 'no input', request });
      } else if (content['application/json']) {
        const body = fillWithin(content['application/json'].schema ?? {}, doc, limit, scale);
        cases.push({ op: name, how: 'schema', fills: `schema filled to its maxItems/maxLength within ${Math.round(limit / 1024)} KB`, request: { ...request, body: json(body) } });
      } else {
        uncovered.push({ op: name, why: `request body ${Object.keys(content).join(', ')} has no builder` });
      }
    }
  }
  return { cases, uncovered };
}
