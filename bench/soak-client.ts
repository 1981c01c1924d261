/**
 * The soak's load client, in a process of its own (bench/soak.ts starts it): a steady rate of
 * evaluate requests over a few keep-alive connections. Each connection first asks GET /readyz which
 * worker (pid) it reached, so every failure is put on the worker that gave it. Prints one JSON line
 * per interval and one at the end: { type: 'tick' | 'end', ok, failures: { [pid | 'unknown']: n }, examples }.
 *
 * Arguments: <url> <seconds> <requests per second> <connections> <tick seconds>
 */
import { Agent, request } from 'node:http';

const [url, secondsText, rateText, connectionsText, tickText] = process.argv.slice(2);
const seconds = Number(secondsText);
const rate = Number(rateText);
const connections = Number(connectionsText);
const tickMs = Number(tickText) * 1000;
const body = JSON.stringify({ protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'therapeut', datum: '2025-05-01' }, date: '2025-05-01' });

let ok = 0;
const failures: Record<string, number> = {};
const examples: string[] = [];
const latencies: number[] = [];

function send(agent: Agent, method: string, path: string, payload?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method, agent, headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}, timeout: 30_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout after 30 s')));
    req.on('error', reject);
    req.end(payload);
  });
}

function fail(pid: string, why: string) {
  failures[pid] = (failures[pid] ?? 0) + 1;
  if (examples.length < 20) examples.push(`${new Date().toISOString()} pid ${pid}: ${why}`);
}

const until = Date.now() + seconds * 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function connection(): Promise<void> {
  let agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let pid: string | undefined;
  const interval = (connections * 1000) / rate;
  let next = Date.now();
  while (Date.now() < until) {
    next += interval;
    try {
      if (!pid) {
        const r = await send(agent, 'GET', '/readyz');
        if (r.status !== 200) throw new Error(`readyz ${r.status}`);
        pid = String((JSON.parse(r.text) as { pid: number }).pid);
      }
      const t0 = performance.now();
      const r = await send(agent, 'POST', '/api/v1/evaluate', body);
      if (r.status === 200) {
        ok++;
        if (latencies.length < 200_000) latencies.push(performance.now() - t0);
      } else {
        fail(pid, `status ${r.status}: ${r.text.slice(0, 120)}`);
      }
    } catch (e) {
      // The connection is gone (its worker died, or it never had one): a new one, on whichever worker takes it.
      fail(pid ?? 'unknown', (e as Error).message);
      agent.destroy();
      agent = new Agent({ keepAlive: true, maxSockets: 1 });
      pid = undefined;
    }
    const wait = next - Date.now();
    if (wait > 0) await sleep(wait);
    else next = Date.now();
  }
  agent.destroy();
}

const quantile = (q: number) => {
  const s = [...latencies].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))] * 10) / 10 : 0;
};
const line = (type: 'tick' | 'end') => process.stdout.write(JSON.stringify({ type, at: new Date().toISOString(), ok, failures, examples, ...(type === 'end' ? { p50: quantile(0.5), p99: quantile(0.99) } : {}) }) + '\n');
const ticker = setInterval(() => line('tick'), tickMs);
await Promise.all(Array.from({ length: connections }, connection));
clearInterval(ticker);
line('end');
