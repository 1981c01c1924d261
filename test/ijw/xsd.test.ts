/**
 * The XSD path (IJW_XSD_DIR), tested with a small schema pair this test writes
 * itself (the official iJw XSDs are not shipped): a message schema that imports
 * `basisschema.xsd` while the file on disk is `Basisschema.xsd`, as the official
 * files come. An XSD-valid message passes both the XSD and our own reader; a
 * message our reader accepts but the XSD refuses is a 400 naming the XSD.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/base/errors.js';
import { httpStatus } from '../../src/server/errors.js';
import { answerDeclaratie } from '../../src/ijw/service.js';
import { jw301, jw323, LIMITS, registry } from './fixtures.js';

const BS = 'http://www.istandaarden.nl/ijw/3_2/basisschema/schema';
const NS = 'http://www.istandaarden.nl/ijw/3_2/jw323/schema';
const skip = (ns: string) => `<xs:complexType><xs:sequence><xs:any processContents="skip" minOccurs="0" maxOccurs="unbounded" namespace="${ns}"/></xs:sequence></xs:complexType>`;
// Our own basisschema: the identification type (1 to 12 characters) and a declaration number of one capital and digits.
const BASIS = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="${BS}" elementFormDefault="qualified">
  <xs:simpleType name="Nummer"><xs:restriction base="xs:string"><xs:pattern value="[A-Z][0-9]{1,11}"/></xs:restriction></xs:simpleType>
</xs:schema>
`;
const JW323 = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:ijw="${BS}" targetNamespace="${NS}" elementFormDefault="qualified">
  <xs:import namespace="${BS}" schemaLocation="basisschema.xsd"/>
  <xs:element name="Bericht">
    <xs:complexType><xs:sequence>
      <xs:element name="Header">${skip('##any')}</xs:element>
      <xs:element name="Declaratie"><xs:complexType><xs:sequence>
        <xs:element name="DeclaratieNummer" type="ijw:Nummer"/>
        <xs:any processContents="skip" minOccurs="0" maxOccurs="unbounded" namespace="##any"/>
      </xs:sequence></xs:complexType></xs:element>
    </xs:sequence></xs:complexType>
  </xs:element>
</xs:schema>
`;

const dir = mkdtempSync(join(tmpdir(), 'ijw-xsd-'));
writeFileSync(join(dir, 'Basisschema.xsd'), BASIS);
writeFileSync(join(dir, 'JW323.xsd'), JW323);
writeFileSync(join(dir, 'jw301.xsd'), `<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.istandaarden.nl/ijw/3_2/jw301/schema" elementFormDefault="qualified"><xs:element name="Bericht">${skip('##any')}</xs:element></xs:schema>`);
const opts = { registry, today: '2025-03-10', limits: { ...LIMITS, xsdDir: dir } };

describe('validation against XSDs in IJW_XSD_DIR', () => {
  it('accepts a message valid against a schema that imports basisschema.xsd from Basisschema.xsd, and judges it', async () => {
    const r = await answerDeclaratie({ jw323: jw323(), jw301: [jw301()] }, opts);
    expect(r.inMessage).toEqual([]);
    expect(r.lines[0].granted).toBe(true);
  });

  it('refuses with 400 invalid_message and the XSD message when our own checks pass but the XSD does not', async () => {
    const msg = jw323(undefined, { declaratieNummer: 'd2025' });
    const err = await answerDeclaratie({ jw323: msg, jw301: [jw301()] }, opts).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(httpStatus(e)).toBe(400);
    expect(e.code).toBe('invalid_message');
    expect(e.message).toMatch(/volgens de XSD/);
    expect(e.details[0].pointer).toBe('/jw323');
    expect(e.details.map((d) => d.message).join('\n')).toMatch(/DeclaratieNummer/);
    // Without the XSD folder the same message passes our own structural checks.
    const plain = await answerDeclaratie({ jw323: msg, jw301: [jw301()] }, { ...opts, limits: LIMITS });
    expect(plain.lines).toHaveLength(1);
  });

  it('masks a BSN-like value that an XSD message quotes', async () => {
    const msg = jw323(undefined, { declaratieNummer: '123456782' });
    const e = (await answerDeclaratie({ jw323: msg, jw301: [jw301()] }, opts).then(() => null, (x: unknown) => x)) as ApiError;
    const text = e.details.map((d) => d.message).join('\n');
    expect(text).toMatch(/DeclaratieNummer/);
    expect(text).not.toContain('123456782');
    expect(text).toContain('******782');
  });
});
