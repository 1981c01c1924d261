/**
 * The XSD path (IJW_XSD_DIR), tested with a tiny schema this test writes itself
 * (the official iJw XSDs are not shipped): our structural checks pass a message
 * whose DeclaratieNummer the XSD forbids, and the XSD refuses it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/evaluate/errors.js';
import { answerDeclaratie } from '../../src/ijw/service.js';
import { jw301, jw323, LIMITS, registry } from './fixtures.js';

const NS = 'http://www.istandaarden.nl/ijw/3_2/jw323/schema';
const anyOf = `<xs:complexType><xs:sequence><xs:any processContents="skip" minOccurs="0" maxOccurs="unbounded" namespace="##targetNamespace"/></xs:sequence></xs:complexType>`;
const XSD = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="${NS}" xmlns="${NS}" elementFormDefault="qualified">
  <xs:simpleType name="Nummer"><xs:restriction base="xs:string"><xs:pattern value="[A-Z][0-9]{1,11}"/></xs:restriction></xs:simpleType>
  <xs:element name="Bericht">
    <xs:complexType><xs:sequence>
      <xs:element name="Header">${anyOf}</xs:element>
      <xs:element name="Declaratie"><xs:complexType><xs:sequence>
        <xs:element name="DeclaratieNummer" type="Nummer"/>
        <xs:any processContents="skip" minOccurs="0" maxOccurs="unbounded" namespace="##targetNamespace"/>
      </xs:sequence></xs:complexType></xs:element>
      <xs:element name="Clienten">${anyOf}</xs:element>
    </xs:sequence></xs:complexType>
  </xs:element>
</xs:schema>
`;

const dir = mkdtempSync(join(tmpdir(), 'ijw-xsd-'));
writeFileSync(join(dir, 'JW323.xsd'), XSD);
writeFileSync(join(dir, 'jw301.xsd'), `<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.istandaarden.nl/ijw/3_2/jw301/schema" elementFormDefault="qualified"><xs:element name="Bericht">${anyOf.replace('##targetNamespace', '##any')}</xs:element></xs:schema>`);
const opts = { registry, today: '2025-03-10', limits: { ...LIMITS, xsdDir: dir } };

describe('validation against XSDs in IJW_XSD_DIR', () => {
  it('accepts a message the XSD accepts, and judges it', async () => {
    const r = await answerDeclaratie({ jw323: jw323(), jw301: [jw301()] }, opts);
    expect(r.inMessage).toEqual([]);
    expect(r.lines[0].granted).toBe(true);
  });

  it('refuses with 400 invalid_message and the XSD message when our own checks pass but the XSD does not', async () => {
    const msg = jw323(undefined, { declaratieNummer: 'd-2025' });
    const err = await answerDeclaratie({ jw323: msg, jw301: [jw301()] }, opts).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect(e.status).toBe(400);
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
