/** Builders for JW323/JW301 test messages: one approved line by default, every field overridable. */
import request from 'supertest';
import type { Toewijzing } from '../../src/ijw/jw301.js';
import type { Prestatie } from '../../src/ijw/jw323.js';
import { writeJw301, writeJw315, writeJw323, type Jw315Input, type Jw323Input } from '../../src/ijw/write-messages.js';
import { createApp } from '../../src/server/app.js';
import { createLogger, type Logger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';
import { loadProject, SHIPPED_RULES_DIR } from '../../src/evaluate/project.js';
import { readRuleFiles } from '../../src/load/rule-source.js';
import type { IjwLimits } from '../../src/ijw/limits.js';

/** Valid BSNs (eleven-test); 123456789 is not. */
export const BSN = '123456782';
export const BSN2 = '111222333';
export const BAD_BSN = '123456789';

export const registry = loadProject(readRuleFiles(SHIPPED_RULES_DIR)).registry;

export const LIMITS: IjwLimits = { maxBytes: '20mb', maxDepth: 32, maxElements: 500_000, maxLines: 20_000 };

/** The whole service app on the shipped rules; the iJw limits come from the environment (IJW_*). */
export function app(o: { logger?: Logger } = {}) {
  return createApp({ holder: createRegistryHolder(registry), logger: o.logger ?? createLogger('silent'), today: () => '2025-03-10' });
}

export type Line = Omit<Prestatie, 'path'>;

export const line = (over: Partial<Line> = {}): Line => ({
  referentieNummer: 'R1', toewijzingNummer: 1201, productCategorie: '45', productCode: '45A03',
  begindatum: '2025-02-01', einddatum: '2025-02-28', geleverdVolume: 90, eenheid: '01', productTarief: 132,
  ingediend: { bedrag: 11856, debetCredit: 'D' }, ...over,
});

export const allocation = (over: Partial<Toewijzing> = {}): Toewijzing => ({
  toewijzingNummer: 1201, productCategorie: '45', productCode: null, ingangsdatum: '2024-09-01', einddatum: '2025-08-31',
  budget: 750000, omvang: null, redenWijziging: null, ...over,
});

const signedSum = (lines: Line[]) => lines.reduce((s, l) => s + (l.ingediend.debetCredit === 'C' ? -1 : 1) * l.ingediend.bedrag, 0);

export function jw323(clients: { bsn: string; lines: Line[] }[] = [{ bsn: BSN, lines: [line()] }], over: Partial<Jw323Input> = {}): string {
  const total = signedSum(clients.flatMap((c) => c.lines));
  return writeJw323({
    header: { afzender: '12345678', ontvanger: '0193', identificatie: 'DEC-2025-02', dagtekening: '2025-03-05' },
    declaratieNummer: 'D2025021', periode: { begindatum: '2025-02-01', einddatum: '2025-02-28' }, dagtekening: '2025-03-05',
    totaalIngediend: { bedrag: Math.abs(total), debetCredit: total < 0 ? 'C' : 'D' },
    clienten: clients.map((c) => ({ bsn: c.bsn, prestaties: c.lines })),
    ...over,
  });
}

export function jw301(toewijzingen: Toewijzing[] = [allocation()], bsn = BSN): string {
  return writeJw301({ header: { afzender: '0193', ontvanger: '12345678', identificatie: 'TW-1', dagtekening: '2024-08-20' }, bsn, toewijzingen });
}

export type Aangevraagd = Jw315Input['producten'][number];
export const aangevraagd = (over: Partial<Aangevraagd> = {}): Aangevraagd => ({
  referentie: 'A1', productCategorie: '45', productCode: null, ingangsdatum: '2025-02-01', einddatum: '2025-12-31', budget: 250000, omvang: null, verwijzer: { type: '02' }, ...over,
});

export function jw315(producten: Aangevraagd[] = [aangevraagd()], bsn = BSN): string {
  return writeJw315({ header: { afzender: '12345678', ontvanger: '0193', identificatie: 'VOT-1', dagtekening: '2025-01-20' }, bsn, producten });
}

export function postJson(a: ReturnType<typeof app>, path: string, body: unknown) {
  return request(a).post(path).set('Accept', 'application/json').send(body as object);
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Reads the RetourCodes of a JW325 XML answer: header, antwoord and per ReferentieNummer. */
export function codesOf(xml: string) {
  const all = (s: string, re: RegExp) => [...s.matchAll(re)].map((m) => m[1]);
  const block = (name: string) => xml.match(new RegExp(`<${name}>[\\s\\S]*?</${name}>`))?.[0] ?? '';
  const header = all(block('Header'), /<RetourCode>(\w+)<\/RetourCode>/g);
  // DeclaratieAntwoord: its own RetourCodes are its last child, after Clienten.
  const antwoordBlock = (xml.split('<DeclaratieAntwoord>')[1] ?? '').split('</Clienten>').pop() ?? '';
  const antwoord = all(antwoordBlock, /<RetourCode>(\w+)<\/RetourCode>/g);
  const lines: Record<string, string[]> = {};
  for (const p of xml.match(/<Prestatie>[\s\S]*?<\/Prestatie>/g) ?? []) {
    lines[unescape(p.match(/<ijw:ReferentieNummer>([^<]+)</)![1])] = all(p, /<RetourCode>(\w+)<\/RetourCode>/g);
  }
  const bedrag = (name: string) => Number(block(name).match(/<ijw:TotaalBedrag>(\d+)</)?.[1]);
  return { header, antwoord, lines, ingediend: bedrag('TotaalIngediendBedrag'), toegekend: bedrag('TotaalToegekendBedrag') };
}
