/**
 * Messages in the structure of the iJw 3.2 XSDs, written by the project from
 * the standard's facts: basisschema namespace for the shared types, the
 * header's BerichtIdentificatie and XsdVersie, Clienten as the last child of
 * Declaratie, TotaalBedrag up to 999,999,999,999 cents, references of any
 * characters. Each JW323 is answered with a JW325 that the project's own
 * structural check of the JW325 accepts.
 */
import { describe, expect, it } from 'vitest';
import { checkStructure, Findings } from '../../src/ijw/check-structure.js';
import { jw325Json, jw325Xml } from '../../src/ijw/jw325.js';
import { readMessage } from '../../src/ijw/read-message.js';
import { answerDeclaratie } from '../../src/ijw/service.js';
import { JW301, JW315, JW323, JW325 } from '../../src/ijw/structure.js';
import { parseXmlTree } from '../../src/ijw/xml-tree.js';
import { allocation, BSN, codesOf, jw301, jw315, jw323, line, LIMITS, registry } from './fixtures.js';

const opts = { registry, today: '2025-03-10', limits: LIMITS };

async function jw325Problems(xml: string): Promise<string[]> {
  const tree = await parseXmlTree(xml, LIMITS);
  if (!tree.ok) return [tree.problem.message];
  const f = new Findings();
  await checkStructure(tree.root, JW325, f);
  return f.all().map((p) => `${p.path}: ${p.message}`);
}

async function answer(body: Parameters<typeof answerDeclaratie>[0]) {
  const r = await answerDeclaratie(body, opts);
  const xml = jw325Xml(r, '2025-03-10');
  expect(await jw325Problems(xml)).toEqual([]);
  return { r, xml, c: codesOf(xml) };
}

describe('the messages the project writes have the standard\'s structure', () => {
  it('JW323, JW301 and JW315 pass the structural check; shared types in the basisschema namespace', async () => {
    for (const [xml, s] of [[jw323(), JW323], [jw301(), JW301], [jw315(), JW315]] as const) {
      const r = await readMessage(xml, s, LIMITS);
      expect(r.ok ? [] : r.problems).toEqual([]);
    }
    const x = jw323();
    expect(x).toContain('xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema"');
    expect(x).toMatch(/<BerichtIdentificatie>\s*<ijw:Identificatie>DEC-2025-02<\/ijw:Identificatie>\s*<ijw:Dagtekening>/);
    expect(x).toMatch(/<XsdVersie>\s*<ijw:BasisschemaXsdVersie>/);
    // Clienten is the last child of Declaratie.
    expect(x).toMatch(/<\/TotaalIngediendBedrag>\s*<Clienten>[\s\S]*<\/Clienten>\s*<\/Declaratie>\s*<\/Bericht>/);
  });

  it('refuses the old flat layout (Identificatie in the Header, shared types in the message namespace)', async () => {
    const old = jw323().replace(/<BerichtIdentificatie>[\s\S]*?<\/BerichtIdentificatie>/, '<Identificatie>X1</Identificatie><Dagtekening>2025-03-05</Dagtekening>');
    const r = await readMessage(old, JW323, LIMITS);
    expect(r.ok).toBe(false);
    const msgs = r.ok ? [] : r.problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`);
    expect(msgs.join('\n')).toMatch(/^\d+:\d+ \/Bericht\/Header\/Identificatie: onbekend element Identificatie in Header/m);
    const wrongNs = jw323().replace(/ijw:Bedrag>/g, 'Bedrag>');
    const w = await readMessage(wrongNs, JW323, LIMITS);
    expect(w.ok ? '' : w.problems[0].message).toMatch(/Bedrag in naamruimte 'http:\/\/www.istandaarden.nl\/ijw\/3_2\/jw323\/schema', verwacht '.*basisschema\/schema'/);
  });
});

describe('JW323 in, JW325 out, structurally valid', () => {
  it('one line approved: 8001, the JW325 names the JW323 it answers and its XSD versions', async () => {
    const { xml, c } = await answer({ jw323: jw323(), jw301: [jw301()] });
    expect(c.header).toEqual(['0200']);
    expect(c.antwoord).toEqual(['8001']);
    expect(xml).toMatch(/<DeclaratieIdentificatie>\s*<ijw:Identificatie>DEC-2025-02<\/ijw:Identificatie>\s*<ijw:Dagtekening>2025-03-05</);
    expect(xml).toMatch(/<XsdVersieDeclaratie>\s*<ijw:BasisschemaXsdVersie>1\.0\.0</);
    expect(xml).not.toContain('<Clienten>');
  });

  it('a line at an uncontracted tariff: 0611, the whole declared line repeated before its RetourCodes', async () => {
    const duur = line({ productTarief: 150 });
    const { xml, c, r } = await answer({ jw323: jw323([{ bsn: BSN, lines: [duur] }]), jw301: [jw301()] });
    expect(c.lines).toEqual({ R1: ['0611'] });
    expect(c.antwoord).toEqual(['0200']);
    expect(xml).toMatch(/<Prestatie>\s*<ProductReferentie>[\s\S]*<ProductTarief>150<\/ProductTarief>\s*<IngediendBedrag>[\s\S]*<\/IngediendBedrag>\s*<RetourCodes>\s*<RetourCode>0611</);
    // Client: Bsn, Prestaties, RetourCodes (0200), in that order.
    expect(xml).toMatch(/<Client>\s*<Bsn>123456782<\/Bsn>\s*<Prestaties>[\s\S]*<\/Prestaties>\s*<RetourCodes>\s*<RetourCode>0200<\/RetourCode>\s*<\/RetourCodes>\s*<\/Client>/);
    expect(r.totaalToegekend).toBe(0);
  });

  it('a line on an unknown allocation: 9338', async () => {
    const { c } = await answer({ jw323: jw323([{ bsn: BSN, lines: [line({ toewijzingNummer: 999 })] }]), jw301: [jw301()] });
    expect(c.lines).toEqual({ R1: ['9338'] });
  });

  it('a reference containing / (and other characters the standard allows) is read and repeated escaped', async () => {
    const ref = 'A/2025<02>&x';
    const { c, xml } = await answer({ jw323: jw323([{ bsn: BSN, lines: [line({ referentieNummer: ref, toewijzingNummer: 999 })] }]), jw301: [jw301()] });
    expect(c.lines).toEqual({ [ref]: ['9338'] });
    expect(xml).toContain('<ijw:ReferentieNummer>A/2025&lt;02&gt;&amp;x</ijw:ReferentieNummer>');
  });

  it('a total over EUR 999,999.99 (TotaalBedrag beyond an iJw Bedrag) is read and answered', async () => {
    const lines = Array.from({ length: 13 }, (_, i) => line({ referentieNummer: `R${i}`, toewijzingNummer: 2000 + i, productTarief: 132, geleverdVolume: 1, ingediend: { bedrag: 99_999_999, debetCredit: 'D' } }));
    const { r, c, xml } = await answer({ jw323: jw323([{ bsn: BSN, lines }]), jw301: [jw301()] });
    expect(r.totaalIngediend).toBe(1_299_999_987);
    expect(c.ingediend).toBe(1_299_999_987);
    expect(xml).toContain('<ijw:TotaalBedrag>1299999987</ijw:TotaalBedrag>');
  });

  it('a credit line: granted, TotaalToegekendBedrag credit', async () => {
    const credit = line({ referentieNummer: 'R9', vorigReferentieNummer: 'R0', ingediend: { bedrag: 11856, debetCredit: 'C' } });
    const { c, xml } = await answer({ jw323: jw323([{ bsn: BSN, lines: [credit] }]), jw301: [jw301()] });
    expect(c.antwoord).toEqual(['8001']);
    expect(xml).toMatch(/<TotaalToegekendBedrag>\s*<ijw:TotaalBedrag>11856<\/ijw:TotaalBedrag>\s*<ijw:DebetCredit>C</);
  });

  it('an in-message failure: a JW325 of only the Header with 0001, still structurally valid', async () => {
    const { c, xml } = await answer({ jw323: jw323([{ bsn: BSN, lines: [line(), line()] }]) });
    expect(c.header).toEqual(['0001', '8021']);
    expect(xml).not.toContain('DeclaratieAntwoord');
  });

  it('never writes a code outside the standard\'s list: a line not judged gets 0233, named in the JSON twin', async () => {
    // No RAP version is in force in 2019: the line cannot be judged.
    const old = line({ begindatum: '2019-02-01', einddatum: '2019-02-28' });
    const r = await answerDeclaratie({ jw323: jw323([{ bsn: BSN, lines: [old] }], { periode: { begindatum: '2019-02-01', einddatum: '2019-02-28' } }), jw301: [jw301([allocation({ ingangsdatum: '2019-01-01' })])] }, opts);
    const xml = jw325Xml(r, '2025-03-10');
    expect(await jw325Problems(xml)).toEqual([]);
    expect(codesOf(xml).lines).toEqual({ R1: ['0233'] });
    expect(jw325Json(r, '2025-03-10').prestaties[0]).toMatchObject({ outcome: 'niet_beoordeeld', retourCodes: ['0233'], codeToelichting: expect.stringMatching(/niet beoordeeld/) });
  });
});
