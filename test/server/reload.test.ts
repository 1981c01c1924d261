import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHIPPED_RULES_DIR } from '../../src/project.js';
import { createLogger } from '../../src/server/logger.js';
import { startServer, type Running } from '../../src/server/start.js';

// Plain mode: a rules folder on disk, watched; a new version is written while requests run.
const dir = mkdtempSync(join(tmpdir(), 'reload-'));
cpSync(SHIPPED_RULES_DIR, dir, { recursive: true });
let running: Running | undefined;
afterAll(async () => running?.close());

const ask = async (url: string) => {
  const r = await fetch(`${url}/api/v1/evaluate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'kinder- en jeugdtherapeut', caoSchaal: 9, datum: '2026-02-01' } }),
  });
  return { status: r.status, body: (await r.json()) as { version?: string; outcome?: string } };
};

describe('reloading rules while serving', () => {
  it('keeps answering while a new version is swapped in, then answers with it', async () => {
    running = await startServer({ rulesDir: dir, port: 0, logger: createLogger('silent') });
    const url = running.url;
    expect((await ask(url)).body).toMatchObject({ version: '2.0', outcome: 'TG3' });

    // RTP 3.0 from 2026: the therapist back to TG4. Written file by file, so the watcher
    // also sees half-written states (overlapping versions) that it must refuse.
    cpSync(join(dir, 'rtp/2.0'), join(dir, 'rtp/3.0'), { recursive: true });
    const table = join(dir, 'rtp/3.0/tables/beroepentabel.yaml');
    writeFileSync(table, readFileSync(table, 'utf8').replace('{ functie: kinder- en jeugdtherapeut, tariefgroep: TG3,', '{ functie: kinder- en jeugdtherapeut, tariefgroep: TG4,'));
    const statuses: number[] = [];
    const versions = new Set<string>();
    const deadline = Date.now() + 15_000;
    let step = 0;
    while (Date.now() < deadline) {
      const batch = await Promise.all(Array.from({ length: 10 }, () => ask(url)));
      for (const r of batch) {
        statuses.push(r.status);
        if (r.body.version) versions.add(`${r.body.version}/${r.body.outcome}`);
      }
      step++;
      if (step === 3) {
        const rs = join(dir, 'rtp/3.0/ruleset.yaml');
        writeFileSync(rs, readFileSync(rs, 'utf8').replace('version: "2.0"', 'version: "3.0"').replace('validFrom: 2025-01-01', 'validFrom: 2026-01-01'));
      }
      if (step === 6) {
        const old = join(dir, 'rtp/2.0/ruleset.yaml');
        writeFileSync(old, readFileSync(old, 'utf8').replace('validTo: null', 'validTo: 2025-12-31'));
      }
      if (versions.has('3.0/TG4')) break;
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(versions).toContain('2.0/TG3');
    expect(versions).toContain('3.0/TG4');
    expect(running.holder.generation()).toBeGreaterThan(1);
  });
});
