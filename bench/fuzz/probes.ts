/**
 * The worst cases of issue 12, each sent on its own while /healthz is asked and
 * the service's event-loop delay is measured (run.ts). Sizes are those of the
 * original reproductions.
 */
import { billionLaughs, decisionWithExpr, deepBlockYaml, deepJson, draftOf, wrongTypedItems, yamlAnchors } from './attacks.js';
import type { FuzzAnswer, FuzzRequest } from './http.js';
import type { Session } from './bodies.js';

export interface Probe {
  name: string;
  /** Builds the (large) bodies first, so building them is not measured; returns the run. */
  prepare(sessions: Session[]): (send: (r: FuzzRequest) => Promise<FuzzAnswer>) => Promise<FuzzAnswer[]>;
}

const TABLE = 'rtp/2.0/tables/beroepen.yaml';
const DECISION = 'rtp/2.0/decisions/tariefgroep.yaml';
const staff = (s: Session[]): Record<string, string> => (s[0] ? { cookie: s[0].cookie, 'x-csrf-token': s[0].csrf } : {});
const post = (path: string, body: unknown, headers: Record<string, string> = {}): FuzzRequest => ({ label: 'probe', method: 'POST', path, headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
const one = (make: (s: Session[]) => FuzzRequest): Probe['prepare'] => (s) => {
  const request = make(s);
  return async (send) => [await send(request)];
};

/** A draft at the limits but valid: eight tables of 5,000 rows (each under YAML_MAX_BYTES), all checked. */
function largeValidDraft() {
  const rows = Array.from({ length: 5_000 }, (_, i) => `  - { functie: f${i}, tariefgroep: TG3 }`).join('\n');
  const table = (id: string) => `id: ${id}\ntitle: t\nsource: s\nkeys: [functie]\ncolumns: [{ name: tariefgroep, type: string }]\nrows:\n${rows}\n`;
  return draftOf(Array.from({ length: 8 }, (_, i) => ({ path: `rtp/2.0/tables/extra${i}.yaml`, text: table(`extra${i}`) })));
}

export const PROBES: Probe[] = [
  { name: 'yaml 30,000 anchors (drafts/check, ~600 KB)', prepare: one((s) => post('/api/v1/drafts/check', draftOf([{ path: TABLE, text: yamlAnchors(30_000) }]), staff(s))) },
  { name: 'yaml 5,000 anchors (drafts/check, under the size limit)', prepare: one((s) => post('/api/v1/drafts/check', draftOf([{ path: TABLE, text: yamlAnchors(5_000) }]), staff(s))) },
  { name: 'yaml billion laughs (drafts/check)', prepare: one((s) => post('/api/v1/drafts/check', draftOf([{ path: TABLE, text: billionLaughs() }]), staff(s))) },
  { name: 'yaml 100,000 nested block lists (drafts/check)', prepare: one((s) => post('/api/v1/drafts/check', draftOf([{ path: TABLE, text: deepBlockYaml(100_000) }]), staff(s))) },
  { name: 'expression with 10,000 nested brackets (drafts/check)', prepare: one((s) => post('/api/v1/drafts/check', draftOf([{ path: DECISION, text: decisionWithExpr('('.repeat(10_000) + '1' + ')'.repeat(10_000)) }]), staff(s))) },
  { name: 'large valid draft: 8 tables x 5,000 rows (drafts/check)', prepare: one((s) => post('/api/v1/drafts/check', largeValidDraft(), staff(s))) },
  { name: 'amplification: 200,000 wrong-typed items (evaluate, ~0.8 MB)', prepare: one(() => post('/api/v1/evaluate', wrongTypedItems(200_000))) },
  { name: 'amplification: batch of 20 x 200,000 wrong-typed items (~16 MB)', prepare: one(() => post('/api/v1/evaluate/batch', { requests: Array(20).fill(wrongTypedItems(200_000)) })) },
  { name: 'amplification: batch over the limit (~22 MB)', prepare: one(() => post('/api/v1/evaluate/batch', { requests: Array(28).fill(wrongTypedItems(200_000)) })) },
  { name: 'JSON nested 100,000 deep (evaluate)', prepare: one(() => post('/api/v1/evaluate', deepJson(100_000))) },
  { name: 'malformed cookie pr_session=% (proposals, evaluate)', prepare: () => async (send) => [await send({ label: 'probe', method: 'GET', path: '/api/v1/proposals', headers: { cookie: 'pr_session=%' } }), await send(post('/api/v1/evaluate', {}, { cookie: 'pr_session=%' }))] },
  {
    name: 'proposal storing 5,000 anchors: create, open, submit',
    prepare: (s) => async (send) => {
      const created = await send(post('/api/v1/proposals', { title: 'Ankers', rationale: 'r', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', files: [{ path: TABLE, text: yamlAnchors(5_000) }] }, staff(s)));
      const id = /"id":(\d+)/.exec(created.head)?.[1] ?? '0';
      return [created, await send({ label: 'probe', method: 'GET', path: `/api/v1/proposals/${id}`, headers: staff(s) }), await send(post(`/api/v1/proposals/${id}/submit`, {}, staff(s)))];
    },
  },
  { name: 'NUL byte and lone surrogate in a proposal title', prepare: one((s) => post('/api/v1/proposals', { title: 'Titel\u0000met NUL \ud800', rationale: 'r\u0000', category: 'verwerken', protocol: 'RTP', baseVersion: '2.0', files: [] }, staff(s))) },
];
