import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { openSqliteStore } from '../../src/amend/store/sqlite-store.js';
import { main } from '../../src/cli.js';
import { readRuleFiles } from '../../src/load/rule-source.js';
import { SHIPPED_RULES_DIR } from '../../src/evaluate/project.js';

const PATH = 'rap/2.0/tables/beroepentabel.yaml';

function therapistTg4Text(): string {
  const doc = parseDocument(readRuleFiles(SHIPPED_RULES_DIR).get(PATH)!);
  const rows = doc.get('rows') as { items: { get(k: string): unknown; set(k: string, v: unknown): void }[] };
  rows.items.find((r) => r.get('functie') === 'kinder- en jeugdtherapeut')!.set('tariefgroep', 'TG4');
  return doc.toString();
}

/** Two therapist declarations (2024 under RAP 1.0, 2025 under RAP 2.0) and one SPV'er in 2025. */
function corpusFile(dir: string): string {
  const line = (id: string, functie: string, begindatum: string, code: string, uur: number) => ({
    protocol: 'RAP', decision: 'declaratie', meta: { id, gemeente: '0193' },
    facts: {
      toewijzing: { toewijzingNummer: 7, productCategorie: '45', productCode: null, ingangsdatum: '2024-01-01', einddatum: '2025-12-31', budget: 2500000, omvang: null, redenWijziging: null },
      prestatie: { toewijzingNummer: 7, productCategorie: '45', productCode: code, productPeriode: { begindatum, einddatum: begindatum.slice(0, 8) + '28' }, geleverdVolume: 60, eenheid: '01', productTarief: Math.round(uur / 60), ingediendBedrag: uur },
      eerderGedeclareerd: 0,
      professional: { functie, caoSchaal: 9 },
    },
  });
  const file = join(dir, 'corpus.jsonl');
  writeFileSync(file, [line('t24', 'kinder- en jeugdtherapeut', '2024-11-01', '45A04', 8400), line('t25', 'kinder- en jeugdtherapeut', '2025-02-01', '45A03', 7904), line('s25', "SPV'er", '2025-02-01', '45A03', 7904)].map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const savedDataDir = process.env.DATA_DIR;
afterEach(() => {
  if (savedDataDir === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = savedDataDir;
});

describe('protocolregels impact', () => {
  it('takes a draft version folder with dir:<path> and reports the one changed declaration in Dutch', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'impact-cli-'));
    const version = join(tmp, 'rap-2.0-concept');
    for (const [p, text] of readRuleFiles(join(SHIPPED_RULES_DIR, 'rap', '2.0'))) {
      mkdirSync(join(version, p, '..'), { recursive: true });
      writeFileSync(join(version, p), p === 'tables/beroepentabel.yaml' ? therapistTg4Text() : text);
    }
    const r = await run(['impact', '--from', 'rap-2.0', '--to', `dir:${version}`, '--corpus', corpusFile(tmp)]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('op 3 RAP-casussen (3 in het corpus): 1 antwoorden veranderen');
    expect(r.out).toContain('declaratie: goedgekeurd -> afgekeurd: 1 (bijv. t25)');
    expect(r.out).toContain('€ 79,04 wordt nu afgekeurd');
  });

  it('takes a proposal of the procedure with proposal:<id>, as JSON', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'impact-cli-'));
    process.env.DATA_DIR = tmp;
    const store = await openSqliteStore(join(tmp, 'procedure.sqlite'));
    const p = await store.insertProposal({ title: 'Therapeut terug naar TG4', category: 'wijzigen', protocol: 'RAP', baseVersion: '2.0', rationale: 'test', explanation: null, rules: [], author: 'indiener' }, '2026-01-05T10:00:00Z');
    await store.setFiles(p.id, [{ path: PATH, text: therapistTg4Text() }]);
    await store.close();
    const r = await run(['impact', '--from', 'rap-2.0', '--to', `proposal:${p.id}`, '--corpus', corpusFile(tmp), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.to).toBe(`voorstel ${p.id}`);
    expect(report.changed).toBe(1);
    expect(report.money).toEqual({ nuAfgekeurd: 7904, nuGoedgekeurd: 0, netto: -7904 });
    const missing = await run(['impact', '--from', 'rap-2.0', '--to', 'proposal:999', '--corpus', corpusFile(tmp)]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('voorstel 999 bestaat niet');
  });

  it('refuses unknown specs and a missing corpus with a message, not a stack trace', async () => {
    const bad = await run(['impact', '--from', 'rap-2.0', '--to', 'rap-latest', '--corpus', 'x.jsonl']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('x.jsonl: bestand bestaat niet');
    const tmp = mkdtempSync(join(tmpdir(), 'impact-cli-'));
    const spec = await run(['impact', '--from', 'rap-2.0', '--to', 'rap-latest', '--corpus', corpusFile(tmp)]);
    expect(spec.code).toBe(1);
    expect(spec.err).toContain("'rap-latest' is geen versie");
  });
});
