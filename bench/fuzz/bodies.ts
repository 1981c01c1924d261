/**
 * Generated requests (fast-check): every endpoint of the served OpenAPI
 * document, with seed bodies mutated, random JSON, broken JSON, NUL bytes and
 * lone surrogates, odd paths, content types and cookies, and now and then one
 * of issue 12's attacks (attacks.ts) in a size that keeps the run fast.
 */
import fc from 'fast-check';
import { billionLaughs, decisionWithExpr, deepBlockYaml, deepJson, draftOf, EXPR_ATTACKS, wrongTypedItems, yamlAnchors } from './attacks.js';
import type { FuzzRequest } from './http.js';

export interface Endpoint { method: string; path: string }
export interface Session { cookie: string; csrf: string }

const FACTS: Record<string, unknown>[] = [
  { protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'kinder- en jeugdtherapeut', caoSchaal: 10, datum: '2025-02-03' } },
  { protocol: 'RTP', decision: 'budgetberekening', facts: { berekendOp: '2025-01-15', uren: [{ tariefgroep: 'TG3', uren: 20 }], modus: 'inzien' } },
  { protocol: 'RTP', decision: 'toewijzing', facts: { verwijzer: { type: '02' }, toewijzing: { vorm: 'keuzebudget', budget: 250000, ingangsdatum: '2025-02-01', einddatum: '2025-12-31', productCategorie: '45' } } },
  {
    protocol: 'RAP', decision: 'declaratie', explain: true, facts: {
      toewijzing: { toewijzingNummer: 1201, productCategorie: '45', productCode: null, ingangsdatum: '2024-09-01', einddatum: '2025-08-31', budget: 750000, omvang: null, redenWijziging: null },
      prestatie: { toewijzingNummer: 1201, productCategorie: '45', productCode: '45A03', productPeriode: { begindatum: '2025-02-01', einddatum: '2025-02-28' }, geleverdVolume: 90, eenheid: '01', productTarief: 132, ingediendBedrag: 11856 },
      eerderGedeclareerd: 120000, professional: { functie: 'kinder- en jeugdtherapeut', caoSchaal: 9 },
    },
  },
];

const TABLE = 'rtp/2.0/tables/beroepen.yaml';
const DECISION = 'rtp/2.0/decisions/tariefgroep.yaml';

/** Plausible bodies per path, for mutation. */
function seeds(path: string): unknown[] {
  if (/\/evaluate\/batch$/.test(path)) return [{ requests: FACTS }, { requests: [FACTS[0], { protocol: 'RTP' }, FACTS[3]] }];
  if (/\/drafts\/evaluate$/.test(path)) return [{ ...draftOf([]), request: { decision: 'tariefgroep', facts: FACTS[0].facts } }];
  if (/\/drafts\//.test(path)) return [draftOf([]), draftOf([{ path: TABLE, text: 'id: beroepen\nrows: []\n' }])];
  if (/\/evaluate$/.test(path)) return FACTS;
  if (/\/auth\/login$/.test(path)) return [{ username: 'indiener', password: 'fout' }, { username: 'onbekend', password: 'x' }];
  if (/\/proposals$/.test(path)) return [{ title: 'Fuzz voorstel', rationale: 'r', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', files: [] }, { title: 'Fuzz voorstel', rationale: 'r', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', files: [], submit: true }];
  if (/\/transition$/.test(path)) return [{ to: 'in_behandeling', reason: 'fuzz' }];
  if (/\/comments$/.test(path)) return [{ text: 'fuzz' }];
  if (/\/consent/.test(path)) return [{ providerId: 'P1', agrees: true, answeredOn: '2026-01-05', proof: 'brief 2026-001' }];
  if (/\/adoptions$/.test(path)) return [{ protocol: 'RTP', version: '2.1', validFrom: '2026-01-01', proposalIds: [1] }];
  if (/\/impact$/.test(path)) return [{ from: 'rtp-2.0', to: 'rtp-2.0', size: 10 }, { from: 'rap-1.0', to: 'rap-2.0', corpus: 'x' }];
  if (/\/ijw\//.test(path)) return [{ xml: '<Bericht/>' }, '<?xml version="1.0"?><Bericht/>'];
  return [{}];
}

/** A string with the characters that broke things before: NUL, lone surrogates, control characters. */
const nasty = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udfffy', '\u202e', '%', '%00', '../', '\\', '"', '<script>', 'ÿ', '\r\n'),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** Replaces, adds or removes one field somewhere in a JSON value. */
function mutate(value: unknown): fc.Arbitrary<unknown> {
  const replacement = fc.oneof(fc.jsonValue({ maxDepth: 3 }), nasty, fc.constant(null), fc.integer(), fc.constant(-0), fc.constant(1e308));
  return fc.tuple(fc.nat(), replacement, fc.constantFrom('replace', 'delete', 'add')).map(([pick, v, how]) => {
    const copy = JSON.parse(JSON.stringify(value ?? {}));
    const holders: [Record<string, unknown> | unknown[], string | number][] = [];
    const walk = (x: unknown) => {
      if (Array.isArray(x)) x.forEach((item, i) => { holders.push([x, i]); walk(item); });
      else if (x && typeof x === 'object') for (const k of Object.keys(x)) { holders.push([x as Record<string, unknown>, k]); walk((x as Record<string, unknown>)[k]); }
    };
    walk(copy);
    if (!holders.length) return v;
    const [holder, key] = holders[pick % holders.length];
    if (how === 'delete' && !Array.isArray(holder)) delete (holder as Record<string, unknown>)[key as string];
    else if (how === 'add' && !Array.isArray(holder)) (holder as Record<string, unknown>)[typeof v === 'string' ? v.slice(0, 20) || 'x' : '__proto__'] = v;
    else (holder as Record<string, unknown>)[key as never] = v as never;
    return copy;
  });
}

/** Rare, heavier bodies: the attacks, sized so that thousands of requests stay quick. */
const attackBody = fc.oneof(
  fc.constantFrom(
    JSON.stringify(draftOf([{ path: TABLE, text: yamlAnchors(3_000) }])),
    JSON.stringify(draftOf([{ path: TABLE, text: billionLaughs() }])),
    JSON.stringify(draftOf([{ path: TABLE, text: deepBlockYaml(20_000) }])),
    deepJson(20_000),
    JSON.stringify(wrongTypedItems(20_000)),
    JSON.stringify({ requests: Array(50).fill(wrongTypedItems(500)) }),
  ),
  fc.constantFrom(...EXPR_ATTACKS).map((e) => JSON.stringify(draftOf([{ path: DECISION, text: decisionWithExpr(e) }]))),
);

const ODD_PATHS = ['//api/v1/evaluate', '/api/v1/evaluate/', '/api//v1/evaluate', '/api/v1/evaluate%00', '/api/v1/./evaluate', '/api/v1/rulesets/..%2f..%2fetc', '/api/v1/rulesets/RTP/%ff', '/api/v1/nope', '/api', '/', '/editor/../api/openapi.json', '/healthz?x=%', '/api/v1/rulesets?' + 'a=1&'.repeat(500), '/api/v1/' + 'x'.repeat(8000), '/api/v1/proposals/1e309', '/api/v1/proposals/-1', '/api/v1/proposals/0x10'];

/** A path segment from any string; a lone surrogate cannot be URI-encoded, so it is sent as its raw %-escape. */
function encodePathPart(s: string): string {
  try {
    return encodeURIComponent(s).slice(0, 200) || 'x';
  } catch {
    return '%ED%A0%80';
  }
}

function fillPath(template: string): fc.Arbitrary<string> {
  const params = template.match(/\{[^}]+\}/g) ?? [];
  if (!params.length) return fc.constant(template);
  const value = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('RTP', 'RAP', '2.0', '1.0', '1', '2', 'declaratie', 'tariefgroep') },
    { weight: 1, arbitrary: nasty.map((s) => encodePathPart(s)) },
    { weight: 1, arbitrary: fc.constantFrom('0', '-1', '99999999999999999999', 'NaN', '%', '..', '%2e%2e') },
  );
  return fc.array(value, { minLength: params.length, maxLength: params.length }).map((vals) => params.reduce((p, name, i) => p.replace(name, vals[i]), template));
}

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/json; charset=latin1', 'application/x-www-form-urlencoded', 'application/problem+json', 'multipart/form-data; boundary=x', ''];

export function requestArbitrary(endpoints: Endpoint[], sessions: Session[]): fc.Arbitrary<FuzzRequest> {
  const endpoint = fc.constantFrom(...endpoints);
  return endpoint.chain((ep) => {
    const path = fc.oneof({ weight: 12, arbitrary: fillPath(ep.path) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_PATHS) });
    const method = fc.oneof({ weight: 10, arbitrary: fc.constant(ep.method.toUpperCase()) }, { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD') });
    const seedBodies = seeds(ep.path);
    const body: fc.Arbitrary<{ label: string; body?: string | Buffer }> = fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...seedBodies).chain(mutate).map((b) => ({ label: 'mutated', body: JSON.stringify(b) })) },
      { weight: 4, arbitrary: fc.constantFrom(...seedBodies).map((b) => ({ label: 'seed', body: typeof b === 'string' ? b : JSON.stringify(b) })) },
      { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((b) => ({ label: 'random-json', body: JSON.stringify(b) })) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((s) => ({ label: 'random-text', body: s })) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((a) => ({ label: 'random-bytes', body: Buffer.from(a) })) },
      { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', '[1,2', 'nul', '{"protocol":"RTP",}', '\u0000', '{"a":"\\ud800"}', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}').map((s) => ({ label: 'broken-json', body: s })) },
      { weight: 1, arbitrary: fc.constant({ label: 'no-body' }) },
      { weight: 1, arbitrary: attackBody.map((s) => ({ label: 'attack', body: s })) },
    );
    const auth = fc.oneof(
      { weight: 6, arbitrary: sessions.length ? fc.constantFrom(...sessions).map((s) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf })) : fc.constant({}) },
      { weight: 3, arbitrary: fc.constant({}) },
      { weight: 1, arbitrary: fc.constantFrom({ cookie: 'pr_session=%' }, { cookie: 'pr_session=' }, { cookie: 'pr_session=%E0%A4%A' }, { cookie: `pr_session=${'a'.repeat(4000)}` }, { cookie: '=;;=' }, { authorization: 'Bearer' }, { authorization: 'Bearer %' }, { 'x-api-key': '' }, { 'x-api-key': 'prk_' + 'x'.repeat(300) }) },
    );
    const contentType = fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') }, { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) });
    const encoding = fc.oneof({ weight: 15, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('gzip', 'br', 'identity', 'compress', 'x') });
    return fc.record({ path, method, body, auth, contentType, encoding }).map(({ path: p, method: m, body: b, auth: a, contentType: ct, encoding: enc }) => {
      // Logging out or changing a password with the fuzzer's own session would end it: those get no session.
      const own: Record<string, string> = /logout|password/.test(p) ? {} : (a as Record<string, string>);
      const headers: Record<string, string> = { ...own };
      if (ct) headers['content-type'] = ct;
      if (enc) headers['content-encoding'] = enc;
      return { label: b.label, method: m, path: p, headers, body: m === 'GET' || m === 'HEAD' ? undefined : b.body };
    });
  });
}
