/**
 * HTTP on loopback, three processes: our service (our-server.ts), the floor (floor-server.ts) and the
 * load client (load-client.ts, autocannon), so no server shares its thread with the client. The
 * request bodies are the 1,000 bench cases, cycled. Before any load, every body is sent once to both
 * servers and each answer compared byte for byte with evaluate's answer in this process.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Registry } from '../../src/evaluate/registry.js';
import { evaluate } from '../../src/evaluate/evaluate.js';
import type { Facts } from '../declaratie-cases.js';

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

export interface Load {
  rps: number;
  total: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** The server process's CPU time per answered request (µs): what the server pays, whatever else runs on the machine. */
  cpuMicrosPerRequest?: number;
}

export interface HttpFigures {
  answersCompared: number;
  answerMismatches: number;
  /** By connections (1, 16): the floor's and our service's requests per second, and their ratio. */
  runs: { connections: number; floor: Load; ours: Load; ratio: number }[];
}

function start(file: string, args: string[] = []): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(here(file), args, { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, url: (m as { url: string }).url }));
    child.once('exit', (code) => reject(new Error(`${file} stopped (${code}) before listening`)));
  });
}

const cpuOf = (child: ChildProcess) => new Promise<number>((resolve) => {
  child.once('message', (m) => resolve((m as { cpu: number }).cpu));
  child.send('cpu');
});

/** One load run against `server` by a client process of its own. */
async function load(server: { child: ChildProcess; url: string }, bodies: string, connections: number, seconds: number): Promise<Load> {
  const cpu0 = await cpuOf(server.child);
  const out = execFileSync(process.execPath, ['--import', 'tsx', here('./load-client.ts'), `${server.url}/api/v1/evaluate`, bodies, String(connections), String(seconds)], { encoding: 'utf8' });
  const cpu = (await cpuOf(server.child)) - cpu0;
  const l = JSON.parse(out.trim().split('\n').pop()!) as Load;
  return { ...l, cpuMicrosPerRequest: Math.round(cpu / Math.max(1, l.total)) };
}

/** Each body once to `url`: how many answers differ from `expected` (status or bytes). */
async function compareAnswers(url: string, bodies: string[], expected: string[]): Promise<number> {
  let differ = 0;
  for (let i = 0; i < bodies.length; i++) {
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[i] });
    const text = await r.text();
    if (r.status !== 200 || text !== expected[i]) {
      if (differ++ < 3) console.log(`  HTTP answer ${i} from ${url} differs: ${r.status} ${text.slice(0, 200)}`);
    }
  }
  return differ;
}

export async function httpSection(registry: Registry, cases: Facts[], seconds: number, rounds = 2): Promise<HttpFigures> {
  const bodies = cases.map((facts) => JSON.stringify({ protocol: 'RAP', decision: 'declaratie', facts }));
  const expected: string[] = [];
  for (const b of bodies) expected.push(JSON.stringify(await evaluate(registry, JSON.parse(b))));
  const dir = mkdtempSync(join(tmpdir(), 'bench-http-'));
  const bodiesFile = join(dir, 'bodies.json');
  const answersFile = join(dir, 'answers.json');
  writeFileSync(bodiesFile, JSON.stringify(bodies));
  writeFileSync(answersFile, JSON.stringify(bodies.map((b, i) => [b, expected[i]])));
  const floor = await start('./floor-server.ts', [answersFile]);
  const ours = await start('./our-server.ts');
  try {
    const floorUrl = `${floor.url}/api/v1/evaluate`;
    const ourUrl = `${ours.url}/api/v1/evaluate`;
    const answerMismatches = (await compareAnswers(floorUrl, bodies, expected)) + (await compareAnswers(ourUrl, bodies, expected));
    // Warm both (JIT) before the turns that count.
    await load(floor, bodiesFile, 16, 1);
    await load(ours, bodiesFile, 16, 1);
    const runs: HttpFigures['runs'] = [];
    for (const connections of [1, 16]) {
      // Turns (floor, ours, floor, ours ...), so drifting load on a shared machine hits both alike.
      const sum = { floor: [] as Load[], ours: [] as Load[] };
      for (let k = 0; k < rounds; k++) {
        sum.floor.push(await load(floor, bodiesFile, connections, seconds));
        sum.ours.push(await load(ours, bodiesFile, connections, seconds));
      }
      const merge = (ls: Load[]): Load => ({
        rps: ls.reduce((a, l) => a + l.rps, 0) / ls.length, total: ls.reduce((a, l) => a + l.total, 0),
        p50: Math.max(...ls.map((l) => l.p50)), p99: Math.max(...ls.map((l) => l.p99)),
        errors: ls.reduce((a, l) => a + l.errors, 0), non2xx: ls.reduce((a, l) => a + l.non2xx, 0),
        cpuMicrosPerRequest: Math.round(ls.reduce((a, l) => a + l.cpuMicrosPerRequest! * l.total, 0) / Math.max(1, ls.reduce((a, l) => a + l.total, 0))),
      });
      const f = merge(sum.floor);
      const o = merge(sum.ours);
      runs.push({ connections, floor: f, ours: o, ratio: +(o.rps / f.rps).toFixed(2) });
    }
    return { answersCompared: 2 * bodies.length, answerMismatches, runs };
  } finally {
    floor.child.kill();
    ours.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}
