/**
 * The iJw answers without HTTP: JW323 (+ JW301s) -> the judged declaration,
 * JW315 or JW301 -> RTP toewijzing per product. Used by the route, the bench
 * and the tests. Refusals are ApiErrors (400 invalid_message, invalid_request).
 */
import type { IjwDecision } from '../decision-log/hooks.js';
import { ApiError } from '../base/errors.js';
import type { Registry } from '../evaluate/registry.js';
import type { DeclaratieEnvelope, ToewijzingEnvelope } from './envelope.js';
import { messageError } from './errors.js';
import type { BerichtType } from './header.js';
import { parseJw301, parseJw315, type Jw301 } from './jw301.js';
import { parseJw323, type Parsed } from './jw323.js';
import { judgeDeclaratie, type Allocation, type DeclaratieResult } from './judge-declaratie.js';
import { judgeToewijzing, judgeWithoutReferrer, lopendOf, toewijzingFacts, type Lopend, type ToewijzingAnswer } from './judge-toewijzing.js';
import type { IjwLimits } from './limits.js';
import { validateAgainstXsd } from './xsd.js';

export interface ServiceOptions {
  registry: Registry;
  today: string;
  limits: IjwLimits;
  /** Hears every line or product decided (the decision log); called after judging, with the client's BSN. */
  onDecision?: (d: IjwDecision) => void;
}

async function accept<T>(xml: string, type: BerichtType, parsing: Promise<Parsed<T>>, pointer: string, limits: IjwLimits): Promise<T> {
  const parsed = await parsing;
  if (!parsed.ok) throw messageError(pointer, type.toUpperCase(), parsed.problems);
  if (limits.xsdDir) {
    const problems = await validateAgainstXsd(xml, type, limits.xsdDir);
    if (problems.length) throw messageError(pointer, `${type.toUpperCase()} (volgens de XSD)`, problems);
  }
  return parsed.message;
}

async function readJw301s(list: string[], pointer: string, o: ServiceOptions): Promise<Jw301[]> {
  const out: Jw301[] = [];
  for (const [i, xml] of list.entries()) {
    out.push(await accept(xml, 'jw301', parseJw301(xml, o.limits), `${pointer}/${i}`, o.limits));
    // Small messages parse in one go: give other requests a turn every hundred.
    if (i % 100 === 99) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return out;
}

export async function answerDeclaratie(env: DeclaratieEnvelope, o: ServiceOptions): Promise<DeclaratieResult> {
  const jw323 = await accept(env.jw323, 'jw323', parseJw323(env.jw323, o.limits), '/jw323', o.limits);
  const allocations: Allocation[] = [];
  for (const m of await readJw301s(env.jw301 ?? [], '/jw301', o)) {
    for (const t of m.toewijzingen) { const { path: _p, ...a } = t; allocations.push({ ...a, bsn: m.bsn }); }
  }
  for (const t of env.toewijzingen ?? []) {
    allocations.push({ productCategorie: null, productCode: null, einddatum: null, budget: null, omvang: null, redenWijziging: null, ...t });
  }
  const seen = new Set<number>();
  for (const a of allocations) {
    if (seen.has(a.toewijzingNummer)) {
      throw new ApiError('invalid', 'invalid_request', `toewijzing ${a.toewijzingNummer} is meer dan eens meegegeven`, [{ pointer: '/jw301', message: `ToewijzingNummer ${a.toewijzingNummer} dubbel` }]);
    }
    seen.add(a.toewijzingNummer);
  }
  const result = await judgeDeclaratie(jw323, { registry: o.registry, today: o.today, allocations, eerderGedeclareerd: env.eerderGedeclareerd, explain: env.explain, explainMaxLines: o.limits.explainMaxLines });
  for (const l of o.onDecision ? result.lines : []) {
    o.onDecision!({ protocol: 'RAP', decision: 'declaratie', facts: l.facts, outcome: l.outcome, events: l.events, version: l.version, contentHash: l.contentHash, bsn: jw323.clienten[l.client]?.bsn });
  }
  return result;
}

export interface ToewijzingResult {
  bericht: 'JW315' | 'JW301';
  /** The client's allocations from `lopend` (with a product code), once; absent without `lopend`. */
  lopend?: Lopend[];
  producten: ToewijzingAnswer[];
}

const YIELD_EVERY = 20;
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function answerToewijzing(env: ToewijzingEnvelope, o: ServiceOptions): Promise<ToewijzingResult> {
  const lopendMessages = env.lopend ? await readJw301s(env.lopend, '/lopend', o) : undefined;
  const producten: ToewijzingAnswer[] = [];
  const clientLopend = (bsn: string, extra: Jw301[] = []) =>
    lopendMessages && lopendOf([...lopendMessages, ...extra].filter((m) => m.bsn === bsn).flatMap((m) => m.toewijzingen));
  if (env.jw315 !== undefined) {
    const m = await accept(env.jw315, 'jw315', parseJw315(env.jw315, o.limits), '/jw315', o.limits);
    const lopend = clientLopend(m.bsn);
    for (const [i, p] of m.producten.entries()) {
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await pause();
      producten.push(await judgeToewijzing(o.registry, o.today, p.referentie, p.path, toewijzingFacts(p, p.verwijzer.type, lopend)));
    }
    reportToewijzingen(o, producten, m.bsn);
    return { bericht: 'JW315', ...(lopend ? { lopend } : {}), producten };
  }
  const m = await accept(env.jw301!, 'jw301', parseJw301(env.jw301!, o.limits), '/jw301', o.limits);
  const lopend = clientLopend(m.bsn, [m]);
  for (const [i, t] of m.toewijzingen.entries()) {
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await pause();
    const ref = String(t.toewijzingNummer);
    const facts = toewijzingFacts(t, env.verwijzer?.type, lopend, t.toewijzingNummer);
    producten.push(env.verwijzer ? await judgeToewijzing(o.registry, o.today, ref, t.path, facts) : await judgeWithoutReferrer(o.registry, o.today, ref, t.path, facts));
  }
  reportToewijzingen(o, producten, m.bsn);
  return { bericht: 'JW301', ...(lopend ? { lopend } : {}), producten };
}

function reportToewijzingen(o: ServiceOptions, producten: ToewijzingAnswer[], bsn: string): void {
  for (const p of o.onDecision ? producten : []) {
    o.onDecision!({ protocol: 'RTP', decision: 'toewijzing', facts: p.facts, outcome: p.outcome, events: p.events, version: p.version, contentHash: p.contentHash, bsn });
  }
}
