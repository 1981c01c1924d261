/**
 * SIGTERM under load: a real `serve` process (the procedure on a temporary DATA_DIR)
 * with 16 keep-alive connections sending evaluate requests back to back, some of
 * them batches. Every request sent before the signal gets its 200 and the process
 * exits 0; a request that never completes is cut off at SHUTDOWN_TIMEOUT_MS.
 */
import { mkdtempSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServe, type ServeProcess } from '../helpers/serve-process.js';

const declaratie = {
  protocol: 'RAP', decision: 'declaratie',
  facts: {
    toewijzing: { toewijzingNummer: 1201, productCategorie: '45', productCode: null, ingangsdatum: '2024-09-01', einddatum: '2025-08-31', budget: 750000, omvang: null, redenWijziging: null },
    prestatie: { toewijzingNummer: 1201, productCategorie: '45', productCode: '45A03', productPeriode: { begindatum: '2025-02-01', einddatum: '2025-02-28' }, geleverdVolume: 90, eenheid: '01', productTarief: 132, ingediendBedrag: 11856 },
    eerderGedeclareerd: 120000,
    professional: { functie: 'kinder- en jeugdtherapeut', caoSchaal: 9 },
  },
};
const SINGLE = JSON.stringify(declaratie);
const BATCH = JSON.stringify({ requests: Array.from({ length: 300 }, () => declaratie) });

interface Outcome { beforeSignal: boolean; status: number | string; ok: boolean }

function post(agent: Agent, url: string, path: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const dataDir = () => join(mkdtempSync(join(tmpdir(), 'shutdown-')), 'data');
let svc: ServeProcess | undefined;
afterAll(() => svc?.kill());

describe('graceful shutdown', () => {
  it('SIGTERM under load: every request sent before the signal is answered 200, then the process exits 0', async () => {
    svc = await startServe([], { DATA_DIR: dataDir(), BATCH_WORKERS: '1' });
    const url = svc.url;
    const CONNECTIONS = 16;
    const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    let signalled = false;
    let inFlightAtSignal = 0;
    let inFlight = 0;
    const outcomes: Outcome[] = [];
    const loop = async (n: number) => {
      for (let i = 0; !signalled; i++) {
        const batch = (n + i) % 8 === 0;
        const beforeSignal = !signalled;
        inFlight++;
        try {
          const r = await post(agent, url, batch ? '/api/v1/evaluate/batch' : '/api/v1/evaluate', batch ? BATCH : SINGLE);
          const body = JSON.parse(r.text) as { outcome?: string; results?: { outcome?: string }[] };
          const ok = r.status === 200 && (batch ? body.results?.length === 300 && body.results.every((x) => x.outcome === 'goedgekeurd') : body.outcome === 'goedgekeurd');
          outcomes.push({ beforeSignal, status: r.status, ok });
        } catch (e) {
          outcomes.push({ beforeSignal, status: (e as NodeJS.ErrnoException).code ?? String(e), ok: false });
        } finally {
          inFlight--;
        }
      }
    };
    const loops = Array.from({ length: CONNECTIONS }, (_, n) => loop(n));
    // Load until every connection has been used a few times, then the signal.
    await expect.poll(() => outcomes.length, { timeout: 30_000, interval: 50 }).toBeGreaterThan(CONNECTIONS * 4);
    inFlightAtSignal = inFlight;
    signalled = true;
    svc.child.kill('SIGTERM');
    await Promise.all(loops);
    const exit = await svc.exited;
    agent.destroy();

    const before = outcomes.filter((o) => o.beforeSignal);
    expect(inFlightAtSignal).toBeGreaterThan(0);
    expect(before.filter((o) => !o.ok)).toEqual([]);
    expect(before.length).toBe(outcomes.length);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(svc.stderr()).not.toContain('SHUTDOWN_TIMEOUT_MS');
  }, 120_000);

  it('a request that never completes does not hold the shutdown beyond SHUTDOWN_TIMEOUT_MS: the process says so and exits 1', async () => {
    svc = await startServe(['--rules', 'test/fixtures/mini-rules'], { SHUTDOWN_TIMEOUT_MS: '300' });
    const { port } = new URL(svc.url);
    // Headers and half a body: the request is in progress until the body completes, which it never does.
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.on('error', () => undefined);
    // Expect: 100-continue makes the server say when it has read the headers: from then on the request is in progress.
    const continued = new Promise<void>((resolve) => {
      let seen = '';
      socket.on('data', (chunk: Buffer) => { seen += chunk.toString('latin1'); if (seen.includes('100 Continue')) resolve(); });
    });
    socket.write('POST /api/v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n');
    await continued;
    socket.write('{"protocol":');
    svc.child.kill('SIGTERM');
    const exit = await svc.exited;
    socket.destroy();
    expect(exit).toEqual({ code: 1, signal: null });
    expect(svc.stderr()).toContain('afsluiten duurde langer dan SHUTDOWN_TIMEOUT_MS (300 ms)');
  }, 60_000);
});
