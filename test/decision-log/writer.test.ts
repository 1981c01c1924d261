/**
 * The writer never holds up an answer: record() only buffers; a slow or
 * failing store costs dropped entries, counted, never a wait or a throw; a
 * graceful close writes what is left. And the list of identifiers covers
 * every identifying field of the facts schemas.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/decision-log/clock.js';
import { createDecisionLog } from '../../src/decision-log/decision-log.js';
import { storeWriter } from '../../src/decision-log/writers.js';
import type { PendingDecision } from '../../src/decision-log/entry.js';
import { createPseudonymiser, IDENTIFIER_FIELDS } from '../../src/decision-log/pseudonymise.js';
import type { DecisionRecord } from '../../src/decision-log/types.js';
import { REPO_ROOT } from '../../src/evaluate/project.js';

const pseudonymiser = createPseudonymiser(Buffer.from('k'.repeat(64)));
const pending = (i: number): PendingDecision => ({
  source: 'evaluate', at: Date.parse('2026-03-01T10:00:00Z') + i, protocol: 'RAP', decision: 'declaratie',
  facts: { prestatie: { toewijzingNummer: 1201, ingediendBedrag: 1000 + i } },
  answer: { version: '2.0', contentHash: 'sha256:x', date: '2025-06-01', outcome: 'goedgekeurd', events: [{ rule: 'rap.declaratie.goedgekeurd', code: '8001' }] },
});

/** The store writer (pseudonymise, then the port's decisions.add) on a stand-in for the store's decision methods. */
const writerOf = (decisions: { add(r: DecisionRecord[]): Promise<void>; removeBefore(at: string): Promise<number> }) => storeWriter({ decisions } as never, pseudonymiser);

/** A sink that holds every write until released. */
function heldSink() {
  const written: DecisionRecord[][] = [];
  let release!: () => void;
  let held = new Promise<void>((r) => { release = r; });
  const sink = {
    add: async (records: DecisionRecord[]) => { await held; written.push(records); },
    removeBefore: async () => 0,
  };
  return { sink, written, release: () => { release(); held = Promise.resolve(); } };
}

describe('decision log writer', () => {
  it('drops and counts entries while the store is slow and the buffer full, without waiting; close writes the rest', async () => {
    const { sink, written, release } = heldSink();
    const dropped: [string, number][] = [];
    const log = createDecisionLog({ writer: writerOf(sink), clock: fixedClock('2026-03-01T10:00:00Z'), retentionDays: 90, batchSize: 10, maxBuffer: 25, flushMs: 60_000, purgeEveryMs: 0, counters: { written: () => undefined, dropped: (r, n) => dropped.push([r, n]) } });
    for (let i = 0; i < 10; i++) log.record(pending(i));
    const first = log.flush(); // takes the 10, then waits on the store
    for (let i = 10; i < 50; i++) log.record(pending(i)); // 25 fit, 15 are dropped at once
    expect(log.stats()).toEqual({ buffered: 25, written: 0, dropped: 15 });
    expect(dropped).toEqual(Array.from({ length: 15 }, () => ['vol', 1]));
    release();
    await first;
    await log.close();
    expect(written.flat()).toHaveLength(35);
    expect(written.every((b) => b.length <= 10)).toBe(true);
    expect(log.stats()).toEqual({ buffered: 0, written: 35, dropped: 15 });
    log.record(pending(99)); // after close: dropped, not written
    expect(log.stats().dropped).toBe(16);
  });

  it('a batch the store refuses is dropped and counted; the next batch is written', async () => {
    let calls = 0;
    const errors: number[] = [];
    const ok: DecisionRecord[] = [];
    const log = createDecisionLog({
      writer: writerOf({ add: async (r) => { if (calls++ === 0) throw new Error('schijf vol'); ok.push(...r); }, removeBefore: async () => 0 }),
      clock: fixedClock('2026-03-01T10:00:00Z'), retentionDays: 90, batchSize: 4, flushMs: 60_000, purgeEveryMs: 0, onError: (_e, n) => errors.push(n),
    });
    for (let i = 0; i < 6; i++) log.record(pending(i));
    await log.close();
    expect(errors).toEqual([4]);
    expect(ok).toHaveLength(2);
    expect(log.stats()).toEqual({ buffered: 0, written: 2, dropped: 4 });
  });

  it('records what was decided: time, version, rules, codes, the granted amount, identifiers pseudonymised', async () => {
    const out: DecisionRecord[] = [];
    const log = createDecisionLog({ writer: writerOf({ add: async (r) => { out.push(...r); }, removeBefore: async () => 0 }), clock: fixedClock('2026-03-01T10:00:00Z'), retentionDays: 90, purgeEveryMs: 0 });
    log.record({ ...pending(0), bsn: '123456782', facts: { toewijzing: { toewijzingNummer: 1201 }, prestatie: { toewijzingNummer: 1201, ingediendBedrag: 1000 }, opmerking: 'bsn 123456782' } });
    await log.close();
    expect(out[0]).toMatchObject({ at: '2026-03-01T10:00:00.000Z', version: '2.0', outcome: 'goedgekeurd', rules: ['rap.declaratie.goedgekeurd'], codes: ['8001'], amount: 1000, referenceDate: '2025-06-01' });
    expect(out[0].subject).toBe(pseudonymiser.text('bsn', '123456782'));
    const f = out[0].facts as { toewijzing: { toewijzingNummer: number }; prestatie: { toewijzingNummer: number }; opmerking: string };
    expect(f.prestatie.toewijzingNummer).toBe(f.toewijzing.toewijzingNummer);
    expect(f.prestatie.toewijzingNummer).not.toBe(1201);
    expect(f.prestatie.toewijzingNummer).toBeGreaterThanOrEqual(1);
    expect(f.prestatie.toewijzingNummer).toBeLessThanOrEqual(999_999_999);
    expect(f.opmerking).toMatch(/^h:[0-9a-f]{32}$/);
    // Another key gives other pseudonyms: without the key, a BSN cannot be checked against the log.
    expect(createPseudonymiser(Buffer.from('x'.repeat(64))).text('bsn', '123456782')).not.toBe(out[0].subject);
  });
});

describe('identifiers of the facts schemas', () => {
  it('every field that names a person or one client\'s case (numbers, BSN, ids, names, birth dates) is pseudonymised', () => {
    const dir = join(REPO_ROOT, 'schemas', 'facts');
    const names = new Set<string>();
    const walk = (n: unknown) => {
      if (!n || typeof n !== 'object') return;
      const o = n as Record<string, unknown>;
      if (o.properties && typeof o.properties === 'object') for (const k of Object.keys(o.properties)) names.add(k);
      for (const v of Object.values(o)) walk(v);
    };
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) walk(JSON.parse(readFileSync(join(dir, f), 'utf8')));
    expect(names.size).toBeGreaterThan(20);
    const identifying = [...names].filter((k) => /nummer$|bsn|naam|geboorte|adres|postcode|agb|referentie/i.test(k) || /^id$|Id$/.test(k));
    expect(identifying).toEqual(['toewijzingNummer']);
    for (const k of identifying) expect(Object.hasOwn(IDENTIFIER_FIELDS, k)).toBe(true);
  });
});
