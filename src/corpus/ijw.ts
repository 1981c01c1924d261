/**
 * The seeded corpus as iJw messages: its declaration cases grouped into JW323
 * messages (one per municipality and month, at most `perMessage` lines), each
 * with the JW301 allocations its lines refer to (one JW301 per client, as in
 * the standard) and the envelope for POST /api/v1/ijw/declaratie, whose
 * `eerderGedeclareerd` carries what the corpus case says was approved before.
 * A case whose product period runs past its month gets a message of its own
 * (it fails CS337/TR319, and must not take its neighbours down with it).
 * BSNs are synthetic, derived from the case number, and pass the eleven-test.
 */
import { addDays, addMonths } from '../expr/dates.js';
import type { Registry } from '../evaluate/registry.js';
import type { Toewijzing } from '../ijw/jw301.js';
import type { Jw323Input } from '../ijw/write-messages.js';
import { writeJw301, writeJw323 } from '../ijw/write-messages.js';
import { generateCorpus, type CorpusLine } from './generate.js';

export interface IjwMessage {
  name: string;
  jw323: string;
  jw301: string[];
  eerderGedeclareerd: Record<string, number>;
  /** The corpus cases in this message, by ReferentieNummer. */
  cases: Map<string, CorpusLine>;
}

const AGB = '98765432';

/** A synthetic BSN for case n: eight digits from n and the check digit of the eleven-test. */
export function syntheticBsn(n: number): string {
  for (let k = n; ; k += 1_000_003) {
    const head = String(10_000_000 + (k % 90_000_000));
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += Number(head[i]) * (9 - i);
    const check = sum % 11;
    if (check < 10) return head + check;
  }
}

const monthEnd = (d: string) => addDays(addMonths(d.slice(0, 8) + '01', 1), -1);

interface Case {
  line: CorpusLine;
  bsn: string;
  t: Toewijzing;
  p: Record<string, any>;
}

function toCase(line: CorpusLine): Case {
  const f = line.facts as Record<string, any>;
  return { line, bsn: syntheticBsn(Number(line.meta.id.slice(1))), t: f.toewijzing as Toewijzing, p: f.prestatie };
}

/**
 * One JW323 (with its JW301s) of corpus declaration cases: the declaration period is
 * the month of the latest delivery (earlier months may be declared in it, TR319).
 */
export function ijwMessage(name: string, gemeente: string, lines: CorpusLine[]): IjwMessage {
  return message(name, name.replace(/[^A-Za-z0-9]/g, '').slice(-12) || 'D1', gemeente, lines.map(toCase));
}

/** An iJw identification for a corpus message: letters and digits, at most 12 (BerichtIdentificatie and DeclaratieNummer). */
function identificatie(gemeente: string, month: string, n: number): string {
  return `D${gemeente}${month.slice(2, 4)}${month.slice(5, 7)}${n.toString(36).toUpperCase()}`.slice(0, 12);
}

function message(name: string, id: string, gemeente: string, cases: Case[]): IjwMessage {
  const month = cases.map((c) => String(c.p.productPeriode.begindatum).slice(0, 7)).reduce((a, b) => (b > a ? b : a));
  const begin = month + '-01';
  const end = monthEnd(begin);
  // Sent when the last case of the group was sent, and never before the month ended.
  const sent = cases.map((c) => String((c.line.facts as Record<string, unknown>).ingediendOp)).reduce((a, b) => (b > a ? b : a), addDays(end, 1));
  const lineEnd = cases.map((c) => String(c.p.productPeriode.einddatum)).reduce((a, b) => (b > a ? b : a), end);
  const dagtekening = lineEnd >= sent ? addDays(lineEnd, 1) : sent;
  let total = 0;
  const clienten: Jw323Input['clienten'] = cases.map((c) => {
    total += c.p.ingediendBedrag;
    return {
      bsn: c.bsn,
      prestaties: [{
        referentieNummer: c.line.meta.id, toewijzingNummer: c.p.toewijzingNummer, productCategorie: c.p.productCategorie, productCode: c.p.productCode,
        begindatum: c.p.productPeriode.begindatum, einddatum: c.p.productPeriode.einddatum, geleverdVolume: c.p.geleverdVolume, eenheid: c.p.eenheid,
        ...(c.p.eenheid === '83' ? {} : { productTarief: c.p.productTarief }), ingediend: { bedrag: c.p.ingediendBedrag, debetCredit: 'D' as const },
      }],
    };
  });
  const header = { afzender: AGB, ontvanger: gemeente, identificatie: id, dagtekening };
  const jw323 = writeJw323({ header, declaratieNummer: id, periode: { begindatum: begin, einddatum: end }, dagtekening, totaalIngediend: { bedrag: total, debetCredit: 'D' }, clienten });
  const jw301 = cases.map((c) => writeJw301({
    header: { afzender: gemeente, ontvanger: AGB, identificatie: `T${c.line.meta.id}`.slice(0, 12), dagtekening: addDays(c.t.ingangsdatum, -1) },
    bsn: c.bsn, toewijzingen: [c.t],
  }));
  const eerder: Record<string, number> = {};
  for (const c of cases) {
    const e = (c.line.facts as Record<string, unknown>).eerderGedeclareerd;
    if (typeof e === 'number' && e > 0) eerder[String(c.t.toewijzingNummer)] = e;
  }
  return { name, jw323, jw301, eerderGedeclareerd: eerder, cases: new Map(cases.map((c) => [c.line.meta.id, c.line])) };
}

/** JW323 messages (with their JW301s) from the corpus of this seed and size; other case kinds are skipped. */
export function* generateIjwMessages(registry: Registry, seed: number, size: number, perMessage = 500): Generator<IjwMessage> {
  let n = 0;
  const groups = new Map<string, Case[]>();
  let alone = 0;
  for (const line of generateCorpus(registry, seed, size)) {
    if (line.decision !== 'declaratie') continue;
    const c = toCase(line);
    const begin: string = c.p.productPeriode.begindatum;
    const month = begin.slice(0, 7);
    if (c.p.productPeriode.einddatum > monthEnd(begin)) {
      yield message(`D${line.meta.gemeente}-${month}-X${++alone}`, identificatie(line.meta.gemeente, month, ++n), line.meta.gemeente, [c]);
      continue;
    }
    const key = `${line.meta.gemeente}|${month}`;
    const list = groups.get(key) ?? [];
    list.push(c);
    groups.set(key, list);
    if (list.length >= perMessage) {
      groups.delete(key);
      yield message(`D${line.meta.gemeente}-${month}-${line.meta.id}`, identificatie(line.meta.gemeente, month, ++n), line.meta.gemeente, list);
    }
  }
  for (const [key, list] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const [gemeente, month] = key.split('|');
    yield message(`D${gemeente}-${month}-${list[0].line.meta.id}`, identificatie(gemeente, month, ++n), gemeente, list);
  }
}
