/**
 * The iJw answers without HTTP: JW323 (+ JW301s) -> the judged declaration,
 * JW315 or JW301 -> RTP toewijzing per product. Used by the route, the bench
 * and the tests. Refusals are ApiErrors (400 invalid_message, invalid_request).
 */
import type { IjwDecision } from '../decision-log/hooks.js';
import { ApiError } from '../evaluate/errors.js';
import type { Registry } from '../evaluate/registry.js';
import type { DeclaratieEnvelope, ToewijzingEnvelope } from './envelope.js';
import { messageError } from './errors.js';
import type { BerichtType } from './header.js';
import { parseJw301, parseJw315, type Jw301 } from './jw301.js';
import { parseJw323, type Parsed } from './jw323.js';
import { judgeDeclaratie, type Allocation, type DeclaratieResult } from './judge-declaratie.js';
import { judgeToewijzing, toewijzingFacts, type ToewijzingAnswer } from './judge-toewijzing.js';
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
      throw new ApiError(400, 'invalid_request', `toewijzing ${a.toewijzingNummer} is meer dan eens meegegeven`, [{ pointer: '/jw301', message: `ToewijzingNummer ${a.toewijzingNummer} dubbel` }]);
    }
    seen.add(a.toewijzingNummer);
  }
  const result = await judgeDeclaratie(jw323, { registry: o.registry, today: o.today, allocations, eerderGedeclareerd: env.eerderGedeclareerd, explain: env.explain });
  for (const l of o.onDecision ? result.lines : []) {
    o.onDecision!({ protocol: 'RAP', decision: 'declaratie', facts: l.facts, outcome: l.outcome, events: l.events, version: l.version, contentHash: l.contentHash, bsn: jw323.clienten[l.client]?.bsn });
  }
  return result;
}

export async function answerToewijzing(env: ToewijzingEnvelope, o: ServiceOptions): Promise<{ bericht: 'JW315' | 'JW301'; producten: ToewijzingAnswer[] }> {
  const lopend = env.lopend ? await readJw301s(env.lopend, '/lopend', o) : undefined;
  const producten: ToewijzingAnswer[] = [];
  if (env.jw315 !== undefined) {
    const m = await accept(env.jw315, 'jw315', parseJw315(env.jw315, o.limits), '/jw315', o.limits);
    for (const p of m.producten) {
      producten.push(await judgeToewijzing(o.registry, o.today, p.referentie, p.path, toewijzingFacts(p, m.verwijzerType, lopend, m.bsn)));
    }
    reportToewijzingen(o, producten, m.bsn);
    return { bericht: 'JW315', producten };
  }
  const m = await accept(env.jw301!, 'jw301', parseJw301(env.jw301!, o.limits), '/jw301', o.limits);
  for (const t of m.toewijzingen) {
    producten.push(await judgeToewijzing(o.registry, o.today, String(t.toewijzingNummer), t.path, toewijzingFacts(t, m.verwijzerType, lopend && [...lopend, m], m.bsn, t.toewijzingNummer)));
  }
  reportToewijzingen(o, producten, m.bsn);
  return { bericht: 'JW301', producten };
}

function reportToewijzingen(o: ServiceOptions, producten: ToewijzingAnswer[], bsn: string): void {
  for (const p of o.onDecision ? producten : []) {
    o.onDecision!({ protocol: 'RTP', decision: 'toewijzing', facts: p.facts, outcome: p.outcome, events: p.events, version: p.version, contentHash: p.contentHash, bsn });
  }
}
