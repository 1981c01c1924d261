/**
 * Hostile and malformed XML is refused with a clear 4xx naming where (line:col
 * and element path), never a 500; no JW325 is made; and the service answers the
 * next ordinary request as before.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { app, jw301, jw323 } from './fixtures.js';

const a = app();
const NS = 'http://www.istandaarden.nl/ijw/3_2/jw323/schema';
const post = (jw: string) => request(a).post('/api/v1/ijw/declaratie').set('Accept', 'application/json').send({ jw323: jw, jw301: [jw301()] });

const expectRefused = async (jw: string, pattern: RegExp, status = 400) => {
  const r = await post(jw);
  expect(r.status).toBe(status);
  expect(r.headers['content-type']).toMatch(/application\/json/);
  expect(r.body.error.code).toBe('invalid_message');
  expect(r.body.error.details[0].pointer).toBe('/jw323');
  expect(r.body.error.details.map((d: { message: string }) => d.message).join('\n')).toMatch(pattern);
  return r;
};

describe('hostile XML', () => {
  it('refuses a DTD with an external entity (XXE) and never reads the file', async () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE Bericht [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<Bericht xmlns="${NS}"><Header><Identificatie>&x;</Identificatie></Header></Bericht>`;
    const r = await expectRefused(xxe, /^2:\d+ \/: een DOCTYPE \(DTD\) is niet toegestaan/);
    expect(r.text).not.toContain('root:');
  });

  it('refuses entity expansion (billion laughs) at once', async () => {
    const ents = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('\n');
    const bomb = `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol0 "lol">\n${ents}\n]>\n<Bericht xmlns="${NS}">&lol9;</Bericht>`;
    await expectRefused(bomb, /DOCTYPE/);
  });

  it('refuses an entity that no DTD declares', async () => {
    await expectRefused(jw323().replace('<DeclaratieNummer>D2025021', '<DeclaratieNummer>&boom;'), /geen goedgevormde XML/);
  });

  it('refuses 10,000 levels of nesting at the configured depth, naming the place', async () => {
    const deep = `<Bericht xmlns="${NS}">${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</Bericht>`;
    await expectRefused(deep, /^1:\d+ \/Bericht(\/a){31}: elementen zijn dieper genest dan 32 niveaus/);
  });

  it('refuses a body of 50 MB with 413 before parsing it', async () => {
    const r = await request(a).post('/api/v1/ijw/declaratie').set('content-type', 'application/json').send(JSON.stringify({ jw323: 'x'.repeat(50 * 1024 * 1024) }));
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('payload_too_large');
  });

  it('refuses the wrong namespace', async () => {
    await expectRefused(jw323().replace('/jw323/schema', '/jw301/schema'), /naamruimte 'http:\/\/www.istandaarden.nl\/ijw\/3_2\/jw301\/schema' is niet die van JW323/);
  });

  it('refuses the wrong BerichtCode', async () => {
    await expectRefused(jw323().replace('<BerichtCode>490</BerichtCode>', '<BerichtCode>436</BerichtCode>'), /^\d+:\d+ \/Bericht\/Header\/BerichtCode: BerichtCode is niet 490/);
  });

  it('refuses another version than 3.2', async () => {
    await expectRefused(jw323().replace('<BerichtSubversie>2<', '<BerichtSubversie>1<'), /\/Bericht\/Header\/BerichtSubversie: BerichtSubversie is niet 2 \(iJw 3\.2\)/);
  });

  it('refuses XML that is not well-formed, with its line', async () => {
    await expectRefused(jw323().replace('</Declaratie>', '</Declaratie'), /geen goedgevormde XML/);
  });

  it('names every structural problem with line:col and element path', async () => {
    const broken = jw323().replace(/<Bsn>\d+<\/Bsn>/, '').replace('<Eenheid>01</Eenheid>', '<Eenheid>1</Eenheid>').replace('<GeleverdVolume>90<', '<GeleverdVolume>9x0<');
    const r = await expectRefused(broken, /\/Bericht\/Declaratie\/Clienten\/Client: Bsn ontbreekt in Client \(voor Prestaties\)/);
    const msgs = r.body.error.details.map((d: { message: string }) => d.message);
    expect(msgs).toEqual(expect.arrayContaining([expect.stringMatching(/^\d+:\d+ \/Bericht\/Declaratie\/Clienten\/Client\/Prestaties\/Prestatie\/Eenheid: Eenheid is niet een eenheid uit WJ756/), expect.stringMatching(/GeleverdVolume is geen geheel getal/)]));
  });

  it('refuses an unknown element (as an XSD would)', async () => {
    await expectRefused(jw323().replace('<DeclaratieNummer>', '<Extra>1</Extra><DeclaratieNummer>'), /onbekend element Extra in Declaratie/);
  });

  it('refuses a JW301 that is not one, pointing at its slot', async () => {
    const r = await request(a).post('/api/v1/ijw/declaratie').set('Accept', 'application/json').send({ jw323: jw323(), jw301: [jw301(), jw323()] });
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].pointer).toBe('/jw301/1');
  });

  it('takes only a JSON envelope (415 otherwise) and checks its fields (400 with pointer)', async () => {
    const r1 = await request(a).post('/api/v1/ijw/declaratie').set('content-type', 'application/xml').send(jw323());
    expect(r1.status).toBe(415);
    expect(r1.body.error.code).toBe('unsupported_media_type');
    const r2 = await request(a).post('/api/v1/ijw/declaratie').send({ jw323: jw323(), extra: 1 });
    expect(r2.status).toBe(400);
    expect(r2.body.error.details.map((d: { pointer: string }) => d.pointer)).toContain('/extra');
  });

  it('still answers an ordinary message after all that', async () => {
    const r = await post(jw323());
    expect(r.status).toBe(200);
    expect(r.body.declaratieAntwoord.retourCodes).toEqual(['8001']);
  });
});

describe('a large message does not stall other requests', () => {
  it('gives the event loop turns while a 3,000-line JW323 is parsed and judged', async () => {
    const { allocation, BSN, line, LIMITS, registry } = await import('./fixtures.js');
    const { answerDeclaratie } = await import('../../src/ijw/service.js');
    const lines = Array.from({ length: 3000 }, (_, i) => line({ referentieNummer: `R${i}`, toewijzingNummer: 10_000 + i }));
    const allocs = lines.map((l) => ({ ...allocation({ toewijzingNummer: l.toewijzingNummer }), bsn: BSN }));
    const work = answerDeclaratie({ jw323: jw323([{ bsn: BSN, lines }]), toewijzingen: allocs }, { registry, today: '2025-03-10', limits: LIMITS });
    // Another client's work, queued as a macrotask: it must run while the message is being handled, not after.
    let turns = 0;
    let finished = false;
    const other = () => { if (!finished) { turns++; setImmediate(other); } };
    setImmediate(other);
    const r = await work;
    finished = true;
    expect(r.lines.every((l) => l.granted)).toBe(true);
    expect(turns).toBeGreaterThan(10);
  });
});

describe('limits are configurable', () => {
  it('IJW_MAX_BYTES and IJW_MAX_DEPTH and IJW_MAX_LINES bound a message', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { IJW_MAX_BYTES: '8kb', IJW_MAX_DEPTH: '4', IJW_MAX_LINES: '1' });
    try {
      const small = app();
      const big = await request(small).post('/api/v1/ijw/declaratie').send({ jw323: jw323() + ' '.repeat(10_000) });
      expect(big.status).toBe(413);
      const deep = await request(small).post('/api/v1/ijw/declaratie').send({ jw323: jw323() });
      expect(deep.status).toBe(400);
      expect(deep.body.error.details[0].message).toMatch(/dieper genest dan 4 niveaus/);
    } finally {
      for (const k of ['IJW_MAX_BYTES', 'IJW_MAX_DEPTH', 'IJW_MAX_LINES']) delete process.env[k];
      Object.assign(process.env, saved);
    }
    Object.assign(process.env, { IJW_MAX_LINES: '1' });
    try {
      const { BSN, line } = await import('./fixtures.js');
      const r = await request(app()).post('/api/v1/ijw/declaratie').send({ jw323: jw323([{ bsn: BSN, lines: [line(), line({ referentieNummer: 'R2' })] }]) });
      expect(r.status).toBe(400);
      expect(r.body.error.details[0].message).toMatch(/meer dan 1 prestaties in een bericht/);
    } finally {
      delete process.env.IJW_MAX_LINES;
    }
  });
});
