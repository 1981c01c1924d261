/**
 * `node --import tsx bench/adoption-heap.ts [--adoptions N] [--out DIR]`: what one adoption leaves
 * behind in a service. One service process (`serve`, on a PostgreSQL started here, as the soak runs
 * it) gets N adoptions through the procedure, with evaluate requests on the version in force between
 * them. A V8 heap snapshot (SIGUSR2, `--heapsnapshot-signal`; it collects garbage first) is written
 * after the first two adoptions (warm) and after the last; then the snapshots are compared by
 * constructor (bench/heap-compare.ts). RSS and the heap in use are printed after every adoption.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres } from '../test/helpers/postgres.js';
import { startServe } from '../test/helpers/serve-process.js';
import { adoptRound, call, login, writeStaffUsers, type Ledger } from './soak.js';
import { compareSnapshots, formatComparison } from './heap-compare.js';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rssMiB = (pid: number) => Math.round(Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 102.4) / 10;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const adoptions = Number(arg('--adoptions', '30'));
const out = resolve(arg('--out', mkdtempSync(join(tmpdir(), 'adoption-heap-'))));
mkdirSync(out, { recursive: true });
const tmp = mkdtempSync(join(tmpdir(), 'adoption-heap-run-'));
const server = await startPostgres();
let primary: Awaited<ReturnType<typeof startServe>> | undefined;
try {
  const databaseUrl = await server.createDatabase('heap');
  const usersFile = join(tmp, 'users.json');
  writeStaffUsers(usersFile);
  primary = await startServe([], {
    DATABASE_URL: databaseUrl, RULES_REPO: join(tmp, 'rules-repo'), DATA_DIR: join(tmp, 'data'), USERS_FILE: usersFile, RULES_DIR: join(REPO_ROOT, 'test/amend/fixtures/rules'),
    PROPOSALS_MAX_PER_USER_PER_DAY: '100000', PROPOSALS_MAX_OPEN_PER_USER: '100000',
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${out}`,
    ...(process.env.ADOPTION_HEAP_ENV ? JSON.parse(process.env.ADOPTION_HEAP_ENV) as Record<string, string> : {}),
  }, 180_000);
  const base = primary.url;
  const pid = primary.child.pid!;
  const users = { indiener: await login(base, 'indiener'), beoordelaar: await login(base, 'beoordelaar'), beheerder: await login(base, 'beheerder') };
  const ledger: Ledger = { proposals: [], comments: [], adoptions: [] };
  const body = { protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'therapeut', datum: '2025-05-01' }, date: '2025-05-01' };
  const heapUsed = async () => Number(/^nodejs_heap_size_used_bytes (\d+)/m.exec((await call(base, 'GET', '/metrics')).body as string)?.[1] ?? 0) / 1048576;
  const snapshot = async (label: string) => {
    const before = new Set(readdirSync(out));
    process.kill(pid, 'SIGUSR2');
    for (let i = 0; i < 600; i++) {
      const made = readdirSync(out).filter((f) => f.endsWith('.heapsnapshot') && !before.has(f));
      if (made.length) {
        // Complete once the JSON is closed and its size stops changing.
        let size = -1;
        for (;;) {
          await sleep(1000);
          const text = readFileSync(join(out, made[0]));
          if (text.length > 0 && text.length === size && text.subarray(-8).toString().trim().endsWith('}')) break;
          size = text.length;
        }
        const name = join(out, `${label}.heapsnapshot`);
        rmSync(name, { force: true });
        (await import('node:fs')).renameSync(join(out, made[0]), name);
        return name;
      }
      await sleep(200);
    }
    throw new Error('no heap snapshot written');
  };
  const snaps: string[] = [];
  for (let n = 1; n <= adoptions; n++) {
    await adoptRound(base, users, n, ledger);
    for (let i = 0; i < 40; i++) {
      const r = await call(base, 'POST', '/api/v1/evaluate', body);
      if (r.status !== 200) throw new Error(`evaluate: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
    }
    await call(base, 'GET', '/api/openapi.json');
    console.log(`adoption ${n}: rss ${rssMiB(pid)} MiB, heap used ${(await heapUsed()).toFixed(1)} MiB`);
    if (process.env.PROBE_SIGNAL) { process.kill(pid, process.env.PROBE_SIGNAL as NodeJS.Signals); await sleep(1000); }
    if (!process.argv.includes('--no-snapshots') && (n === 2 || n === adoptions)) snaps.push(await snapshot(`after-${n}`));
  }
  console.log(`snapshots in ${out}`);
  if (snaps.length === 2) for (const l of formatComparison(compareSnapshots(snaps[0], snaps[1]), adoptions - 2)) console.log(l);
} finally {
  primary?.kill();
  await server.stop();
  rmSync(tmp, { recursive: true, force: true });
}
