import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaratieCases } from '../../bench/declaratie-cases.js';
import { evaluate } from '../../src/evaluate/evaluate.js';
import { loadProject } from '../../src/evaluate/project.js';
import { schemaProblems } from '../../src/contract/api-schemas.js';
import { createApp } from '../../src/server/app.js';
import { limitBytes } from '../../src/server/json-body.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';

// POST /api/v1/evaluate reads a plain JSON body itself and writes the answer directly (issue 15);
// every other body goes through express's json() as before. Both roads must answer alike.
const project = loadProject();
const today = '2025-06-01';
const app = createApp({ holder: createRegistryHolder(project.registry), logger: createLogger('silent'), today: () => today, limits: { body: '4kb' } });
const facts = declaratieCases(50);
const envelope = (i: number) => ({ protocol: 'RAP', decision: 'declaratie', facts: facts[i] });
// A real listener on loopback, so the bytes (gzip, byte order mark) arrive exactly as sent.
let url = '';
let server: ReturnType<typeof app.listen>;
beforeAll(() => new Promise<void>((resolve) => {
  server = app.listen(0, '127.0.0.1', () => {
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/evaluate`;
    resolve();
  });
}));
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
const post = async (body: string | Uint8Array, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
  const r = await fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]) });
  const text = await r.text();
  const json = r.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : undefined;
  const h: Record<string, string> = {};
  r.headers.forEach((v, k) => (h[k] = v));
  return { status: r.status, headers: h, text, body: json };
};

describe('POST /api/v1/evaluate reads and writes JSON', () => {
  it('answers exactly what evaluate() answers, valid against evaluate-response.schema.json, without an ETag', async () => {
    for (const i of [0, 7, 12, 31]) {
      const r = await post(JSON.stringify(envelope(i)));
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(Number(r.headers['content-length'])).toBe(Buffer.byteLength(r.text));
      expect(r.headers.etag).toBeUndefined();
      expect(r.text).toBe(JSON.stringify(await evaluate(project.registry, envelope(i), { today })));
      expect(schemaProblems('EvaluateResponse', JSON.parse(r.text))).toEqual([]);
    }
  });

  it('takes a UTF-8 charset in any case, a byte order mark, and gzip (through the general reader) alike', async () => {
    const text = JSON.stringify(envelope(3));
    const want = (await post(text)).text;
    expect((await post(text, { 'content-type': 'application/json; charset=UTF-8' })).text).toBe(want);
    expect((await post('\uFEFF' + text)).text).toBe(want);
    expect((await post(gzipSync(text), { 'content-type': 'application/json', 'content-encoding': 'gzip' })).text).toBe(want);
    // A +json type is JSON on every route (docs/limits.md), read by the general reader.
    expect((await post(text, { 'content-type': 'application/vnd.api+json' })).text).toBe(want);
  });

  it('refuses what it cannot read with the same JSON errors as before', async () => {
    const text = JSON.stringify(envelope(3));
    const notJson = await post('{"protocol": "RAP",');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatchObject({ code: 'invalid_request', details: [{ pointer: '', message: 'geen geldige JSON' }] });
    const empty = await post('');
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.map((d: { pointer: string }) => d.pointer)).toContain('/protocol');
    const latin = await post(text, { 'content-type': 'application/json; charset=latin1' });
    expect(latin.status).toBe(415);
    expect(latin.body.error.code).toBe('unsupported_media_type');
    const big = await post(JSON.stringify({ ...envelope(3), facts: { ...facts[3], x: 'y'.repeat(5000) } }));
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
    const wrong = await post(JSON.stringify({ ...envelope(3), facts: { ...facts[3], prestatie: { ...facts[3].prestatie, eenheid: 7 } } }));
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('invalid_facts');
    expect(wrong.body.error.details.map((d: { pointer: string }) => d.pointer)).toContain('/facts/prestatie/eenheid');
  });

  it('reads limits in body-parser units', () => {
    expect(limitBytes('1mb')).toBe(1_048_576);
    expect(limitBytes('4kb')).toBe(4096);
    expect(limitBytes('1.5kb')).toBe(1536);
    expect(limitBytes('100')).toBe(100);
    expect(() => limitBytes('veel')).toThrow();
  });
});
