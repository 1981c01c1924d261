/**
 * Judges a JW323: the in-message checks first; when they pass, each Prestatie
 * through RAP `declaratie` by the public evaluate() (the version in force on
 * its delivery date), in document order so that earlier approved lines count
 * towards the budget of later ones. Yields to the event loop every few lines so
 * a large message never stalls other requests.
 */
import { ApiError } from '../base/errors.js';
import { evaluate, type EvaluateResponse } from '../evaluate/evaluate.js';
import type { Registry } from '../evaluate/registry.js';
import { declaratieFacts } from './declaratie-facts.js';
import { inMessageChecks, signed, type InMessageFinding } from './in-message-checks.js';
import type { Toewijzing } from './jw301.js';
import type { Bedrag, Jw323, Prestatie } from './jw323.js';
import { maskDeep } from './mask.js';
import { RETOURCODES } from './structure.js';

/**
 * The standard's code for a line that was not judged (WJ001 0233, "berichtklasse
 * is niet beoordeeld"): a line with onvoldoende_gegevens or without a rule
 * version, and a rejected line whose rules name no code of the standard's list
 * (the rule files map every regional rule to one; see docs/ijw.md).
 */
export const NIET_BEOORDEELD = '0233';

export interface Allocation extends Toewijzing {
  /** The client's BSN when the allocation came from a JW301; absent for allocations given as facts. */
  bsn?: string;
}

export interface LineResult {
  client: number;
  referentieNummer: string;
  vorigReferentieNummer?: string;
  path: string;
  ingediend: Bedrag;
  /** The declared line, repeated in the JW325 when it is not granted. */
  line: Prestatie;
  /** goedgekeurd | afgekeurd | onvoldoende_gegevens | niet_beoordeeld */
  outcome: string;
  granted: boolean;
  /** The return codes this line gets in the JW325 (empty when granted). */
  codes: string[];
  /** Why the line got 0233 (not judged, or a rule without a national code). */
  codeToelichting?: string;
  events: EvaluateResponse['events'];
  facts: Record<string, unknown>;
  version?: string;
  contentHash?: string;
  missing?: unknown;
  illustrative?: boolean;
  illustrativeBasis?: unknown;
  trace?: unknown;
  error?: { code: string; message: string; details: unknown[] };
}

export interface DeclaratieResult {
  message: Jw323;
  inMessage: InMessageFinding[];
  lines: LineResult[];
  totaalIngediend: number;
  totaalToegekend: number;
  /** With explain: how many lines carry their trace (at most explainMaxLines) and how many do not. */
  explain?: { metTrace: number; zonderTrace: number; maxRegels: number };
}

export interface JudgeOptions {
  registry: Registry;
  today: string;
  allocations: Allocation[];
  /** Approved earlier on an allocation, by ToewijzingNummer, in cents (from the caller's books). */
  eerderGedeclareerd?: Record<string, number>;
  explain?: boolean;
  /** With explain, only the first this many lines carry their trace, so the answer stays linear and bounded. */
  explainMaxLines?: number;
}

const YIELD_EVERY = 100;
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The national codes of the rules that rejected; rules without one are named, for 0233. */
function codesOf(res: EvaluateResponse): { codes: string[]; without: string[] } {
  const afkeur = res.events.filter((e) => e.type === 'afkeur');
  const codes = [...new Set(afkeur.flatMap((e) => (e.code && RETOURCODES.includes(e.code) ? [e.code] : [])))];
  const without = afkeur.filter((e) => !e.code || !RETOURCODES.includes(e.code)).map((e) => e.rule);
  return { codes, without };
}

export async function judgeDeclaratie(m: Jw323, o: JudgeOptions): Promise<DeclaratieResult> {
  const inMessage = inMessageChecks(m);
  const totaalIngediend = signed(m.totaalIngediend);
  if (inMessage.length) return { message: m, inMessage, lines: [], totaalIngediend, totaalToegekend: 0 };
  const explainMax = o.explainMaxLines ?? Number.POSITIVE_INFINITY;

  const byNummer = new Map(o.allocations.map((a) => [a.toewijzingNummer, a]));
  const running = new Map<number, number>();
  const lines: LineResult[] = [];
  let n = 0;
  for (const [ci, c] of m.clienten.entries()) {
    for (const p of c.prestaties) {
      if (++n % YIELD_EVERY === 0) await pause();
      const a = byNummer.get(p.toewijzingNummer);
      const toewijzing = a && (a.bsn === undefined || a.bsn === c.bsn) ? a : null;
      const earlier = (o.eerderGedeclareerd?.[String(p.toewijzingNummer)] ?? 0) + (running.get(p.toewijzingNummer) ?? 0);
      const facts = declaratieFacts(p, toewijzing, Math.max(0, earlier), m.header.dagtekening);
      const line = await judgeLine(o, ci, p, facts, o.explain === true && n <= explainMax);
      if (line.granted) running.set(p.toewijzingNummer, (running.get(p.toewijzingNummer) ?? 0) + signed(p.ingediend));
      lines.push(line);
    }
  }
  const rejected = lines.filter((l) => !l.granted).reduce((s, l) => s + signed(l.ingediend), 0);
  const explain = o.explain ? { metTrace: Math.min(n, explainMax), zonderTrace: Math.max(0, n - explainMax), maxRegels: explainMax } : undefined;
  return { message: m, inMessage, lines, totaalIngediend, totaalToegekend: totaalIngediend - rejected, ...(explain ? { explain } : {}) };
}

function notGrantedCodes(res: EvaluateResponse): Pick<LineResult, 'codes' | 'codeToelichting'> {
  if (res.outcome !== 'afgekeurd') return { codes: [NIET_BEOORDEELD], codeToelichting: `niet beoordeeld (${res.outcome})` };
  const { codes, without } = codesOf(res);
  if (codes.length) return { codes };
  return { codes: [NIET_BEOORDEELD], codeToelichting: `afgekeurd door een regel zonder landelijke retourcode (${without.join(', ')})` };
}

async function judgeLine(o: JudgeOptions, client: number, p: Prestatie, facts: Record<string, unknown>, explain: boolean): Promise<LineResult> {
  const base = {
    client, referentieNummer: p.referentieNummer, ...(p.vorigReferentieNummer ? { vorigReferentieNummer: p.vorigReferentieNummer } : {}),
    path: p.path, ingediend: p.ingediend, line: p, facts,
  };
  try {
    const res = await evaluate(o.registry, { protocol: 'RAP', decision: 'declaratie', facts, explain }, { today: o.today });
    const granted = res.outcome === 'goedgekeurd';
    return {
      ...base, outcome: res.outcome, granted, ...(granted ? { codes: [] } : notGrantedCodes(res)), events: res.events,
      version: res.version, contentHash: res.contentHash,
      missing: res.missing, illustrative: res.illustrative, illustrativeBasis: res.illustrativeBasis,
      ...(res.trace ? { trace: maskDeep(res.trace) } : {}),
    };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    // e.g. no RAP version in force on the delivery date, or an allocation the facts schema cannot hold: not judged, so not granted.
    return { ...base, outcome: 'niet_beoordeeld', granted: false, codes: [NIET_BEOORDEELD], codeToelichting: 'niet beoordeeld (geen regelversie of ongeldige feiten)', events: [], error: maskDeep({ code: e.code, message: e.message, details: e.details }) };
  }
}
