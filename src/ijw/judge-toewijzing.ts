/**
 * Allocations the same way as declarations: each product of a JW315 request, or
 * each ToegewezenProduct of a JW301, through RTP `toewijzing` by the public
 * evaluate() (the version in force on its ingangsdatum), answered per product
 * with its reasons.
 *
 * Mapping (our reading; a JW315 carries no "vorm"): a Product Code makes it
 * `specifiek`, a Budget without Code `keuzebudget`, neither `offerte`. The
 * referrer is the product's Verwijzer (JW315). A JW301 names no referrer: the
 * envelope may give it; otherwise the product is judged for every referrer
 * type of COD327, and what does not depend on the referrer is answered; where
 * the answer does depend on it, the outcome is `onvoldoende_gegevens` with
 * `/facts/verwijzer/type` named as missing.
 *
 * `lopendeToewijzingen` are the allocations of the same client in the JW301s
 * sent along (`lopend`) that run on the ingangsdatum (a product is not counted
 * against itself). Without `lopend` they are unknown and left out, so a rule
 * that needs them says so; `lopend: []` says there are none. The answer lists
 * the client's running allocations once (`lopend`), and per product only how
 * many of them counted, so it grows linearly with what was sent.
 */
import { ApiError } from '../base/errors.js';
import { evaluate, type EvaluateResponse } from '../evaluate/evaluate.js';
import type { Registry } from '../evaluate/registry.js';
import type { MissingFact } from '../evaluate/run-decision.js';
import type { AangevraagdProduct, Toewijzing } from './jw301.js';
import { maskDeep } from './mask.js';

export interface ToewijzingAnswer {
  referentie: string;
  pad: string;
  outcome: string;
  toegestaan: boolean;
  events: EvaluateResponse['events'];
  /** The facts judged; `lopendeToewijzingen` is given as its count (the list itself is once in the answer's `lopend`). */
  facts: Record<string, unknown>;
  version: string | null;
  contentHash: string | null;
  missing?: unknown;
  illustrative?: boolean;
  illustrativeBasis?: unknown;
  /** Without a referrer: the outcome per referrer type (COD327), when it depends on it. */
  perVerwijzerType?: Record<string, string>;
  error?: { code: string; message: string; details: unknown[] };
}

/** A running allocation as the facts hold it. */
export interface Lopend {
  toewijzingNummer: number;
  productCode: string;
  productCategorie?: string;
  ingangsdatum: string;
  einddatum: string | null;
}

type Product = Pick<AangevraagdProduct, 'productCategorie' | 'productCode' | 'ingangsdatum' | 'einddatum' | 'budget' | 'omvang'>;

/** COD327, the referrer types a JW301 without referrer is judged for. */
export const VERWIJZER_TYPES = ['01', '02', '03', '04', '05', '06', '08'] as const;

function vorm(p: Product): string {
  if (p.productCode) return 'specifiek';
  return p.budget !== null ? 'keuzebudget' : 'offerte';
}

/** The client's allocations (with a product code) from the JW301s sent as `lopend`. */
export function lopendOf(allocations: Toewijzing[]): Lopend[] {
  return allocations.filter((a) => a.productCode).map((a) => ({
    toewijzingNummer: a.toewijzingNummer, productCode: a.productCode!, ...(a.productCategorie ? { productCategorie: a.productCategorie } : {}),
    ingangsdatum: a.ingangsdatum, einddatum: a.einddatum,
  }));
}

export function toewijzingFacts(p: Product, verwijzerType: string | undefined, lopend: Lopend[] | undefined, self?: number): Record<string, unknown> {
  const t: Record<string, unknown> = { vorm: vorm(p), ingangsdatum: p.ingangsdatum, einddatum: p.einddatum };
  if (p.productCategorie) t.productCategorie = p.productCategorie;
  if (p.productCode) t.productCode = p.productCode;
  if (p.budget !== null) t.budget = p.budget;
  if (p.omvang) t.omvang = p.omvang;
  const facts: Record<string, unknown> = { ...(verwijzerType ? { verwijzer: { type: verwijzerType } } : {}), toewijzing: t };
  if (lopend) {
    facts.lopendeToewijzingen = lopend
      .filter((a) => a.toewijzingNummer !== self && a.ingangsdatum <= p.ingangsdatum && (!a.einddatum || a.einddatum >= p.ingangsdatum))
      .map(({ toewijzingNummer: _n, ...a }) => a);
  }
  return facts;
}

/** The facts as the answer shows them: the running allocations by count only. */
function shownFacts(facts: Record<string, unknown>): Record<string, unknown> {
  const { lopendeToewijzingen, ...rest } = facts;
  return Array.isArray(lopendeToewijzingen) ? { ...rest, lopendeToewijzingenAantal: lopendeToewijzingen.length } : rest;
}

function answer(referentie: string, pad: string, facts: Record<string, unknown>, res: EvaluateResponse): ToewijzingAnswer {
  return {
    referentie, pad, facts: shownFacts(facts), outcome: res.outcome, toegestaan: res.outcome === 'toegestaan', events: res.events, version: res.version, contentHash: res.contentHash,
    missing: res.missing, illustrative: res.illustrative, illustrativeBasis: res.illustrativeBasis,
  };
}

function notJudged(referentie: string, pad: string, facts: Record<string, unknown>, e: ApiError): ToewijzingAnswer {
  return { referentie, pad, facts: shownFacts(facts), outcome: 'niet_beoordeeld', toegestaan: false, events: [], version: null, contentHash: null, error: maskDeep({ code: e.code, message: e.message, details: e.details }) };
}

const run = (registry: Registry, today: string, facts: Record<string, unknown>) => evaluate(registry, { protocol: 'RTP', decision: 'toewijzing', facts }, { today });

export async function judgeToewijzing(registry: Registry, today: string, referentie: string, pad: string, facts: Record<string, unknown>): Promise<ToewijzingAnswer> {
  try {
    return answer(referentie, pad, facts, await run(registry, today, facts));
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return notJudged(referentie, pad, facts, e);
  }
}

const eventKey = (e: EvaluateResponse['events'][number]) => `${e.rule}|${e.type}|${e.code ?? ''}|${e.message}`;

/**
 * A product without referrer: judged for every referrer type. The same outcome for
 * all: that outcome, with the events all runs share (a reason that only some
 * referrers add is named under missing). Different outcomes: onvoldoende_gegevens,
 * with the shared events, the outcome per referrer type, and the referrer named
 * as the missing fact.
 */
export async function judgeWithoutReferrer(registry: Registry, today: string, referentie: string, pad: string, facts: Record<string, unknown>): Promise<ToewijzingAnswer> {
  const runs: [string, EvaluateResponse][] = [];
  try {
    for (const type of VERWIJZER_TYPES) runs.push([type, await run(registry, today, { ...facts, verwijzer: { type } })]);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return notJudged(referentie, pad, facts, e);
  }
  const first = runs[0][1];
  const everywhere = (e: EvaluateResponse['events'][number]) => runs.every(([, r]) => r.events.some((x) => eventKey(x) === eventKey(e)));
  const shared = first.events.filter(everywhere);
  const differing = [...new Set(runs.flatMap(([, r]) => r.events.filter((e) => !everywhere(e)).map((e) => e.rule)))];
  const sameOutcome = runs.every(([, r]) => r.outcome === first.outcome);
  if (sameOutcome && !differing.length) return answer(referentie, pad, facts, first);
  const missing: MissingFact[] = [
    ...first.missing,
    {
      pointer: '/facts/verwijzer/type',
      message: sameOutcome
        ? 'De verwijzer ontbreekt (een JW301 noemt haar niet); de uitkomst hangt er niet van af, deze redenen wel en zijn weggelaten.'
        : 'De verwijzer ontbreekt (een JW301 noemt haar niet) en de uitkomst hangt ervan af; geef verwijzer in de envelop.',
      rules: differing,
    },
  ];
  const base = { ...answer(referentie, pad, facts, first), events: shared, missing, illustrative: runs.some(([, r]) => r.illustrative) };
  if (sameOutcome) return base;
  return { ...base, outcome: 'onvoldoende_gegevens', toegestaan: false, perVerwijzerType: Object.fromEntries(runs.map(([t, r]) => [t, r.outcome])) };
}
