/**
 * Allocations the same way as declarations: each product of a JW315 request, or
 * each Toewijzing of a JW301, through RTP `toewijzing` by the public evaluate()
 * (the version in force on its ToewijzingIngangsdatum), answered per product
 * with its reasons.
 *
 * Mapping (our reading; a JW315 carries no "vorm"): a ProductCode makes it
 * `specifiek`, a Budget without ProductCode `keuzebudget`, neither `offerte`.
 * `lopendeToewijzingen` are the allocations of the same client in the JW301s
 * sent along (`lopend`) that run on the ingangsdatum (a product is not counted
 * against itself). Without `lopend` the running allocations are unknown and the
 * fact is left out, so a rule that needs it says so (missing /
 * onvoldoende_gegevens); `lopend: []` says there are none.
 */
import { ApiError } from '../evaluate/errors.js';
import { evaluate, type EvaluateResponse } from '../evaluate/evaluate.js';
import type { Registry } from '../evaluate/registry.js';
import type { AangevraagdProduct, Jw301 } from './jw301.js';
import { maskDeep } from './mask.js';

export interface ToewijzingAnswer {
  referentie: string;
  pad: string;
  outcome: string;
  toegestaan: boolean;
  events: EvaluateResponse['events'];
  facts: Record<string, unknown>;
  version: string | null;
  contentHash: string | null;
  missing?: unknown;
  illustrative?: boolean;
  illustrativeBasis?: unknown;
  error?: { code: string; message: string; details: unknown[] };
}

type Product = Omit<AangevraagdProduct, 'referentie' | 'path'>;

function vorm(p: Product): string {
  if (p.productCode) return 'specifiek';
  return p.budget !== null ? 'keuzebudget' : 'offerte';
}

export function toewijzingFacts(p: Product, verwijzerType: string | undefined, lopend: Jw301[] | undefined, bsn: string, self?: number): Record<string, unknown> {
  const t: Record<string, unknown> = { vorm: vorm(p), ingangsdatum: p.ingangsdatum, einddatum: p.einddatum };
  if (p.productCategorie) t.productCategorie = p.productCategorie;
  if (p.productCode) t.productCode = p.productCode;
  if (p.budget !== null) t.budget = p.budget;
  if (p.omvang) t.omvang = p.omvang;
  if (!lopend) return { ...(verwijzerType ? { verwijzer: { type: verwijzerType } } : {}), toewijzing: t };
  const running = lopend.filter((m) => m.bsn === bsn).flatMap((m) => m.toewijzingen)
    .filter((a) => a.toewijzingNummer !== self && a.productCode && a.ingangsdatum <= p.ingangsdatum && (!a.einddatum || a.einddatum >= p.ingangsdatum))
    .map((a) => ({ productCode: a.productCode!, ...(a.productCategorie ? { productCategorie: a.productCategorie } : {}), ingangsdatum: a.ingangsdatum, einddatum: a.einddatum }));
  return { ...(verwijzerType ? { verwijzer: { type: verwijzerType } } : {}), toewijzing: t, lopendeToewijzingen: running };
}

export async function judgeToewijzing(registry: Registry, today: string, referentie: string, pad: string, facts: Record<string, unknown>): Promise<ToewijzingAnswer> {
  const base = { referentie, pad, facts };
  try {
    const res = await evaluate(registry, { protocol: 'RTP', decision: 'toewijzing', facts }, { today });
    return {
      ...base, outcome: res.outcome, toegestaan: res.outcome === 'toegestaan', events: res.events, version: res.version, contentHash: res.contentHash,
      missing: res.missing, illustrative: res.illustrative, illustrativeBasis: res.illustrativeBasis,
    };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { ...base, outcome: 'niet_beoordeeld', toegestaan: false, events: [], version: null, contentHash: null, error: maskDeep({ code: e.code, message: e.message, details: e.details }) };
  }
}
