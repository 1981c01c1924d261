import { cpSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/server/logger.js';
import { startServer, type Running } from '../../src/server/start.js';
import { MINI_RULES_DIR } from '../helpers/rule-tree.js';

// Plain mode: a copy of the fixture rule tree on disk, watched, edited while requests run.
const dir = mkdtempSync(join(tmpdir(), 'reload-'));
cpSync(MINI_RULES_DIR, dir, { recursive: true });
let running: Running | undefined;
afterAll(async () => running?.close());

type Answer = { status: number; body: { version?: string; outcome?: string; contentHash?: string } };
const ask = async (url: string, datum: string): Promise<Answer> => {
  const r = await fetch(`${url}/api/v1/evaluate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'therapeut', caoSchaal: 9, datum } }),
  });
  return { status: r.status, body: (await r.json()) as Answer['body'] };
};

/** Keeps 10 requests in flight until `done` holds or 15 s pass; returns every answer. */
async function hammer(url: string, datum: string, done: (seen: Set<string>) => boolean, during: (step: number) => void) {
  const answers: Answer[] = [];
  const seen = new Set<string>();
  const deadline = Date.now() + 15_000;
  for (let step = 0; Date.now() < deadline && !done(seen); step++) {
    for (const a of await Promise.all(Array.from({ length: 10 }, () => ask(url, datum)))) {
      answers.push(a);
      seen.add(`${a.body.version}/${a.body.outcome}`);
    }
    during(step);
  }
  return { answers, seen };
}

describe('reloading rules while serving', () => {
  it('keeps answering while a file is edited (a broken state refused), then answers with the new rules', async () => {
    running = await startServer({ rulesDir: dir, port: 0, logger: createLogger('silent'), batchWorkers: 0 });
    const url = running.url;
    const first = await ask(url, '2025-06-01');
    expect(first.body).toMatchObject({ version: '2.0', outcome: 'TG3' });

    const table = join(dir, 'rtp/2.0/tables/beroepen.yaml');
    const text = readFileSync(table, 'utf8');
    const generation = running.holder.generation();
    let brokenAt = 0;
    let generationWhileBroken = 0;
    const { answers, seen } = await hammer(url, '2025-06-01', (s) => s.has('2.0/TG4'), (step) => {
      // First a broken file (as an editor saving half a line): the old rules must stay in force.
      if (step === 1) {
        writeFileSync(table, text.replace('rows:', 'rows: [\n'));
        brokenAt = Date.now();
      }
      // Well past the watcher's debounce, so the broken state was seen and refused.
      if (brokenAt && !generationWhileBroken && Date.now() - brokenAt > 800) {
        generationWhileBroken = running!.holder.generation();
        writeFileSync(table, text.replace('{ functie: therapeut, tariefgroep: TG3 }', '{ functie: therapeut, tariefgroep: TG4 }'));
      }
    });
    expect(generationWhileBroken).toBe(generation);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(seen).toEqual(new Set(['2.0/TG3', '2.0/TG4']));
    const last = answers.at(-1)!.body;
    expect(last.contentHash).not.toBe(first.body.contentHash);
  });

  it('serves a version added on disk from its validFrom, without a restart', async () => {
    const url = running!.url;
    expect((await ask(url, '2026-03-01')).status).toBe(422); // 2.1 is a concept: nothing in force in 2026
    const before = running!.holder.generation();
    // Written beside the tree and moved in whole, as a deployment would.
    const staging = mkdtempSync(join(tmpdir(), 'stage-'));
    cpSync(join(dir, 'rtp/2.0'), join(staging, '3.0'), { recursive: true });
    const rs = join(staging, '3.0/ruleset.yaml');
    writeFileSync(rs, readFileSync(rs, 'utf8').replace('version: "2.0"', 'version: "3.0"').replace('validFrom: 2025-01-01', 'validFrom: 2026-01-01').replace('validTo: 2025-12-31', 'validTo: null'));
    renameSync(join(staging, '3.0'), join(dir, 'rtp/3.0'));
    const { answers, seen } = await hammer(url, '2025-06-01', () => running!.holder.generation() > before && running!.holder.current().get('RTP', '3.0') !== undefined, () => {});
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(seen).toEqual(new Set(['2.0/TG4']));
    expect((await ask(url, '2026-03-01')).body).toMatchObject({ version: '3.0', outcome: 'TG4' });
  });
});
