/**
 * The log's path off the answering thread: answers are captured into batch
 * buffers that go whole to the SQLite writer's thread. Every entry arrives,
 * whatever its text; a writer that never answers never holds up an answer
 * (the overflow is dropped and counted); a graceful close writes what waits;
 * and the batch buffer comes back zeroed, so no facts in clear stay in it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/amend/store/sqlite-store.js';
import { fixedClock } from '../../src/decision-log/clock.js';
import { createDecisionLog, type DecisionWriter } from '../../src/decision-log/decision-log.js';
import { BatchEncoder, type EncodedBatch } from '../../src/decision-log/encoded-batch.js';
import { capture, type PendingDecision } from '../../src/decision-log/entry.js';
import { openDecisionLog } from '../../src/decision-log/open.js';
import { sqliteWorkerWriter } from '../../src/decision-log/writers.js';
import { generateCorpus } from '../../src/corpus/generate.js';
import { loadProject } from '../../src/evaluate/project.js';
import { createApp } from '../../src/server/app.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';

const KEY = 'k'.repeat(64);
const at = Date.parse('2026-03-01T10:00:00Z');

/** An answered declaration whose facts carry `note` (any text) and a distinct amount. */
const pending = (i: number, note = `regel ${i}`): PendingDecision => ({
  source: 'evaluate', at: at + i, protocol: 'RAP', decision: 'declaratie',
  facts: { prestatie: { toewijzingNummer: 1201, ingediendBedrag: 1000 + i }, opmerking: note },
  answer: { version: '2.0', contentHash: 'sha256:x', date: '2025-06-01', outcome: i % 3 ? 'goedgekeurd' : 'afgekeurd', events: [{ rule: 'rap.declaratie.r', code: i % 3 ? '8001' : '0611' }] },
});

async function sqliteLog(env: NodeJS.ProcessEnv = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'decision-log-batching-'));
  const store = await openSqliteStore(join(dir, 'procedure.sqlite'));
  const log = (await openDecisionLog({ store, dataDir: dir, env: { DECISION_LOG_KEY: KEY, ...env }, clock: fixedClock('2026-03-01T10:00:00Z') }))!;
  return { dir, store, log };
}

describe('decision log batches', () => {
  it('keeps every entry, in order, across full and partial batches, whatever the text of its facts', async () => {
    const { store, log } = await sqliteLog();
    // Newlines, quotes, backslashes, non-Latin text and astral characters in the facts: the batch's framing must hold.
    const notes = ['a\nb', 'a "quote" \\ back', 'Zoë ☃ 𝄞', '\u2028\u2029', '{"x":1}\n{"y":2}'];
    const n = 2_345; // two full batches of 1,000 and a partial one
    for (let i = 0; i < n; i++) log.record(pending(i, notes[i % notes.length] + ` ${i}`));
    await log.close();
    const rows = await store.decisions.replay({}, 0, 10_000);
    expect(rows).toHaveLength(n);
    expect(log.stats()).toEqual({ buffered: 0, written: n, dropped: 0 });
    rows.forEach((r, i) => {
      const f = r.facts as { prestatie: { ingediendBedrag: number }; opmerking: string };
      expect(f.prestatie.ingediendBedrag).toBe(1000 + i);
      expect(f.opmerking).toBe(`${notes[i % notes.length]} ${i}`);
    });
    const listed = await store.decisions.list({ code: '0611', limit: 500 });
    expect(listed).toHaveLength(500); // a page: 782 were refused with 0611
    expect(listed.every((d) => d.outcome === 'afgekeurd' && d.rules[0] === 'rap.declaratie.r' && d.amount === 0)).toBe(true);
    await store.close();
  });

  it('a graceful close writes what still waits in a partial batch', async () => {
    const { dir, store, log } = await sqliteLog();
    for (let i = 0; i < 37; i++) log.record(pending(i));
    await log.close();
    await store.close();
    const reopened = await openSqliteStore(join(dir, 'procedure.sqlite'));
    expect(await reopened.decisions.replay({}, 0, 100)).toHaveLength(37);
    await reopened.close();
  });

  it('the batch buffer comes back from the writer zeroed: no facts in clear stay in it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'decision-log-zero-'));
    const store = await openSqliteStore(join(dir, 'procedure.sqlite'));
    const writer = sqliteWorkerWriter(store.where, Buffer.from(KEY), store);
    const batches: EncodedBatch[] = [];
    const encoder = new BatchEncoder(10, (b) => batches.push(b));
    for (let i = 0; i < 10; i++) encoder.add(capture(pending(i, 'bsn 123456782'), null));
    expect(batches[0].bytes.toString('utf8')).toContain('123456782');
    const back = await writer.write(batches[0]);
    expect(back).toBeInstanceOf(ArrayBuffer);
    expect(new Uint8Array(back as ArrayBuffer).every((b) => b === 0)).toBe(true);
    expect(await store.decisions.replay({}, 0, 100)).toHaveLength(10);
    expect(JSON.stringify(await store.decisions.replay({}, 0, 100))).not.toContain('123456782');
    await writer.close?.();
    await store.close();
  });

  it('a writer that never answers never holds up an answer: evaluate answers, the overflow is dropped and counted', async () => {
    const registry = loadProject().registry;
    const never: DecisionWriter = { subject: (b) => `h:${b.length}`, write: () => new Promise(() => undefined), removeBefore: async () => 0 };
    const dropped: number[] = [];
    const log = createDecisionLog({
      writer: never, clock: fixedClock('2026-03-01T10:00:00Z'), retentionDays: 90, batchSize: 4, maxBuffer: 6, flushMs: 60_000, purgeEveryMs: 0,
      counters: { written: () => undefined, dropped: (_r, n) => dropped.push(n) },
    });
    const app = createApp({ holder: createRegistryHolder(registry), logger: createLogger('silent'), decisionLog: log });
    const cases = [...generateCorpus(registry, 3, 30)];
    for (const c of cases) {
      const res = await request(app).post('/api/v1/evaluate').send({ protocol: c.protocol, decision: c.decision, facts: c.facts, ...(c.date ? { date: c.date } : {}) });
      expect(res.status).toBe(200);
      expect(typeof res.body.outcome).toBe('string');
    }
    // 4 went to the writer (and hang there), 6 wait in the buffer, the other 20 were dropped and counted.
    expect(log.stats()).toEqual({ buffered: 6, written: 0, dropped: 20 });
    expect(dropped.reduce((a, b) => a + b, 0)).toBe(20);
  });
});
