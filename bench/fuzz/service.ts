/**
 * Starts the service (server-child.ts) as a child process on loopback, with a
 * fresh data directory, and watches it: its exits (crashes), its peak RSS
 * (VmHWM), and the event-loop delay it measures inside itself.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./server-child.ts', import.meta.url));
const USERS = fileURLToPath(new URL('../../config/users.json', import.meta.url));

/** Event-loop delay (ms), and the main thread's CPU time per 10 ms tick (cpuP99, cpuMax: the delay without other processes' share). */
export interface LoopDelay { p50: number; p99: number; max: number; count: number; cpuP99?: number; cpuMax?: number }

export interface FuzzService {
  url(): string;
  /** Exits the service did not ask for (each is followed by a restart). */
  crashes(): { code: number | null; signal: string | null; stderr: string }[];
  /** Highest resident set size of any run of the service (kB from /proc, as bytes). */
  peakRss(): number;
  /** Its resident set size now (bytes; 0 when it is not running). */
  rss(): number;
  resetLoopDelay(): Promise<void>;
  loopDelay(): Promise<LoopDelay>;
  /** Resolves when the service answers again after a crash. */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFuzzService(env: Record<string, string> = {}): Promise<FuzzService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fuzz-data-'));
  const usersFile = join(dataDir, 'users.json');
  copyFileSync(USERS, usersFile);
  const crashes: { code: number | null; signal: string | null; stderr: string }[] = [];
  let child: ChildProcess;
  let url = '';
  let peak = 0;
  let stopping = false;
  let readyPromise: Promise<void>;
  let nextId = 1;
  const pending = new Map<number, (m: Record<string, unknown>) => void>();

  const sampleRss = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) * 1024);
    } catch { /* gone */ }
  };
  const sampler = setInterval(sampleRss, 200);
  sampler.unref();

  const spawnChild = () => {
    let stderr = '';
    child = fork(CHILD, [], {
      // A request that runs away with memory becomes a crash of this process, not of the machine.
      execArgv: ['--import', 'tsx', `--max-old-space-size=${process.env.FUZZ_SERVICE_HEAP_MB ?? 2048}`],
      env: { ...process.env, DATA_DIR: dataDir, USERS_FILE: usersFile, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
    readyPromise = new Promise<void>((resolve, reject) => {
      child.on('message', (m: Record<string, unknown>) => {
        if (typeof m.url === 'string') { url = m.url; resolve(); return; }
        const done = pending.get(m.id as number);
        pending.delete(m.id as number);
        done?.(m);
      });
      child.once('exit', (code, signal) => {
        sampleRss();
        for (const done of pending.values()) done({ p50: 0, p99: 0, max: 0, count: 0, rss: 0 });
        pending.clear();
        if (stopping) return;
        crashes.push({ code, signal, stderr });
        reject(new Error(`service exited (${code ?? signal}) before it listened: ${stderr.slice(-500)}`));
        spawnChild(); // keep fuzzing: the next requests go to a fresh process
      });
    });
    readyPromise.catch(() => undefined);
  };
  spawnChild();
  // The service never outlives the fuzzer, however it ends.
  const killChild = () => { try { child.kill('SIGKILL'); } catch { /* gone */ } };
  process.once('exit', killChild);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => { killChild(); process.exit(130); });
  await readyPromise!;

  const ask = (cmd: string) => new Promise<Record<string, unknown>>((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    try { child.send({ id, cmd }); } catch { pending.delete(id); resolve({ p50: 0, p99: 0, max: 0, count: 0 }); }
  });

  return {
    url: () => url,
    crashes: () => crashes,
    peakRss: () => { sampleRss(); return peak; },
    rss: () => {
      try {
        return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
      } catch {
        return 0;
      }
    },
    resetLoopDelay: async () => { await ask('eld-reset'); },
    loopDelay: async () => (await ask('eld')) as unknown as LoopDelay,
    ready: () => readyPromise,
    stop: async () => {
      stopping = true;
      clearInterval(sampler);
      sampleRss();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
