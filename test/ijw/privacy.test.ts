/**
 * A BSN never appears in a log line or an error message, whatever the message
 * does wrong; traces are masked. The logger's real output is captured.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { maskBsn } from '../../src/ijw/mask.js';
import { allocation, app, BAD_BSN, BSN, jw301, jw323, line } from './fixtures.js';

function capture() {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { chunks.push(String(chunk)); cb(); } });
  return { logger: pino({ level: 'trace', base: undefined }, stream), text: () => chunks.join('') };
}

const ALL_BSNS = [BSN, BAD_BSN, '1234567820'];

describe('privacy', () => {
  it('masks nine-digit runs in texts', () => {
    expect(maskBsn(`bsn ${BSN} en 1201`)).toBe('bsn ******782 en 1201');
    expect(maskBsn('1234567890')).toBe('1234567890');
  });

  it('keeps BSNs out of logs and error messages, for good, bad and refused messages', async () => {
    const log = capture();
    const a = app({ logger: log.logger });
    const bodies: object[] = [
      { jw323: jw323(), jw301: [jw301()] },
      { jw323: jw323([{ bsn: BSN, lines: [line({ toewijzingNummer: 77 })] }]), jw301: [jw301()] },
      { jw323: jw323([{ bsn: BAD_BSN, lines: [line()] }]), jw301: [jw301()] },
      // Structural problems right at a BSN: ten digits, letters, a BSN where a code belongs.
      { jw323: jw323().replace(`<Bsn>${BSN}</Bsn>`, '<Bsn>1234567820</Bsn>'), jw301: [jw301()] },
      { jw323: jw323().replace('<ProductCode>45A03</ProductCode>', `<ProductCode>${BSN}</ProductCode>`) },
      { jw323: jw323().replace('<DeclaratieNummer>D2025021</DeclaratieNummer>', `<DeclaratieNummer>${BSN}&amp;</DeclaratieNummer>`) },
      { jw323: jw323().replace(`<Bsn>${BSN}</Bsn>`, `<Bsn>${BSN}</Bsn><Bsn>${BSN}</Bsn>`) },
      { jw323: jw323(), jw301: [jw301([allocation()], BSN), jw301([allocation()], BSN)] },
      { jw323: jw323(), toewijzingen: [{ ...allocation(), bsn: 'abc' + BSN }] },
      { jw323: `<Bericht xmlns="x">${BSN}<`, jw301: [] },
    ];
    const errors: string[] = [];
    for (const body of bodies) {
      const r = await request(a).post('/api/v1/ijw/declaratie').set('Accept', 'application/json').send(body);
      expect(r.status).toBeLessThan(500);
      if (r.status >= 400) errors.push(JSON.stringify(r.body));
    }
    const tv = await request(a).post('/api/v1/ijw/toewijzing').send({ jw301: jw301([allocation()], BAD_BSN) });
    expect(tv.status).toBe(200);
    expect(errors.length).toBeGreaterThanOrEqual(6);
    const logged = log.text();
    expect(logged).toContain('jw323 answered');
    for (const bsn of ALL_BSNS) {
      expect(logged).not.toContain(bsn);
      for (const e of errors) expect(e).not.toContain(bsn);
    }
  });

  it('masks BSNs in traces (explain) too', async () => {
    const r = await request(app()).post('/api/v1/ijw/declaratie').set('Accept', 'application/json').send({ jw323: jw323(), jw301: [jw301()], explain: true });
    expect(r.status).toBe(200);
    expect(r.body.prestaties[0].trace.length).toBeGreaterThan(5);
    expect(JSON.stringify(r.body.prestaties[0].trace)).not.toContain(BSN);
  });
});
