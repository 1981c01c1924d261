/**
 * The service runs with V8's young generation capped (--max-semi-space-size=16, see
 * src/server/young-generation.ts): what an operator sees with `ps` on real processes.
 * The cluster's workers get it from the primary; an operator's own value (NODE_OPTIONS) is
 * kept instead; the bin started as a program (its shebang) gets it for a single process.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { MINI_RULES_DIR } from '../helpers/rule-tree.js';
import { BIN, getFresh, startServe, type ServeProcess } from '../helpers/serve-process.js';
import { withYoungGenerationCap } from '../../src/server/young-generation.js';

const cmdline = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
const readyPids = async (url: string, tries = 10) => {
  const pids = new Set<number>();
  for (let i = 0; i < tries; i++) {
    const r = await getFresh(`${url}/readyz`);
    expect(r.status).toBe(200);
    pids.add((JSON.parse(r.text) as { pid: number }).pid);
  }
  return [...pids];
};

describe('the young-generation cap', () => {
  let svc: ServeProcess | undefined;
  afterEach(() => svc?.kill());

  it('adds the flag unless the command line or NODE_OPTIONS already sets one', () => {
    expect(withYoungGenerationCap(['--import', 'tsx'], '')).toEqual(['--import', 'tsx', '--max-semi-space-size=16']);
    expect(withYoungGenerationCap(['--max-semi-space-size=64'], '')).toEqual(['--max-semi-space-size=64']);
    expect(withYoungGenerationCap([], '--enable-source-maps --max_semi_space_size=8')).toEqual([]);
  });

  it('serve --workers 2 runs both workers with --max-semi-space-size=16', async () => {
    svc = await startServe(['--rules', MINI_RULES_DIR, '--workers', '2']);
    const pids = await readyPids(svc.url);
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(cmdline(pid)).toContain('--max-semi-space-size=16');
    expect(cmdline(svc.child.pid!)).not.toContain('--max-semi-space-size=16'); // the primary serves nothing
  }, 90_000);

  it("an operator's NODE_OPTIONS value is the one the workers run with", async () => {
    svc = await startServe(['--rules', MINI_RULES_DIR, '--workers', '2'], { NODE_OPTIONS: '--max-semi-space-size=8' });
    const pids = await readyPids(svc.url);
    expect(pids).toHaveLength(2);
    for (const pid of pids) {
      expect(cmdline(pid).some((a) => a.startsWith('--max-semi-space-size'))).toBe(false);
      expect(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')).toContain('NODE_OPTIONS=--max-semi-space-size=8');
    }
  }, 90_000);

  it('the bin run as a program serves one process with the flag (its shebang)', async () => {
    const child = spawn(BIN, ['serve', '--rules', MINI_RULES_DIR], { env: { ...process.env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', BATCH_WORKERS: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /luistert op (http:\/\/[\d.]+:\d+)/.exec(out);
          if (m) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code} before listening: ${out}`)));
      });
      const [pid] = await readyPids(url, 1);
      expect(pid).toBe(child.pid);
      expect(cmdline(pid)).toContain('--max-semi-space-size=16');
    } finally {
      child.kill('SIGKILL');
    }
  }, 90_000);
});
