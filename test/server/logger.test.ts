/**
 * The service's log lines (src/server/logger.ts) reach stdout whole: written asynchronously in
 * chunks, in order, and what is left when the process exits, also on process.exit() right after
 * a burst; text beyond ASCII arrives as the same UTF-8.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const LOGGER = fileURLToPath(new URL('../../src/server/logger.ts', import.meta.url));

const script = (exit: string) => `
  const { createLogger } = await import(${JSON.stringify(LOGGER)});
  const log = createLogger('info');
  for (let i = 0; i < 5000; i++) {
    log.info({ i, naam: 'IJsselland — ĳ é 🙂', path: '/api/v1/evaluate' }, 'request');
    if (i % 700 === 0) await new Promise((r) => setImmediate(r));
  }
  ${exit}
`;

async function lines(exit: string): Promise<{ i: number; naam: string; msg: string }[]> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script(exit)], { maxBuffer: 64 * 1024 * 1024 });
  return stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

describe('service log', () => {
  it('writes every line whole, in order, in UTF-8 when the process ends by itself', async () => {
    const out = await lines('');
    expect(out.map((l) => l.i)).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(new Set(out.map((l) => l.naam))).toEqual(new Set(['IJsselland — ĳ é 🙂']));
    expect(out[4999].msg).toBe('request');
  }, 30_000);

  it('writes every line whole when the process calls process.exit() right after a burst', async () => {
    // What waits is written at exit beside a write that may be under way: the order of two chunks
    // may then differ (as before), but no line may be cut or lost.
    const out = await lines('process.exit(0);');
    expect(new Set(out.map((l) => l.i))).toEqual(new Set(Array.from({ length: 5000 }, (_, i) => i)));
    expect(out).toHaveLength(5000);
    expect(new Set(out.map((l) => l.naam))).toEqual(new Set(['IJsselland — ĳ é 🙂']));
  }, 30_000);
});
