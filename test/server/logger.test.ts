/**
 * The service's log lines (src/server/logger.ts) reach stdout whole and in order: written
 * asynchronously in chunks, and what is left when the process exits, also on process.exit()
 * in the middle of a burst; text beyond ASCII arrives as the same UTF-8.
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
  it.each([['ends by itself', ''], ['calls process.exit() right after a burst', 'process.exit(0);']])('writes every line whole, in order, in UTF-8 when the process %s', async (_name, exit) => {
    const out = await lines(exit);
    expect(out).toHaveLength(5000);
    expect(out.map((l) => l.i)).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(new Set(out.map((l) => l.naam))).toEqual(new Set(['IJsselland — ĳ é 🙂']));
    expect(out[4999].msg).toBe('request');
  }, 30_000);
});
