/**
 * No BSN in clear in the store after iJw messages (the SQLite file's bytes are
 * scanned), identifiers replaced by keyed hashes that still group one client's
 * cases and still answer the same on replay; the key file is private; entries
 * past the retention are removed on the project's clock.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/amend/store/sqlite-store.js';
import { fixedClock } from '../../src/decision-log/clock.js';
import { KEY_FILE } from '../../src/decision-log/key.js';
import { openDecisionLog } from '../../src/decision-log/open.js';
import { evaluate } from '../../src/evaluate/evaluate.js';
import { SHIPPED_RULES_DIR } from '../../src/evaluate/project.js';
import { startService, type TestService } from '../amend/helpers.js';
import { allocation, BSN, BSN2, jw301, jw323, line } from '../ijw/fixtures.js';

let svc: TestService;
const bsns = [BSN, BSN2];

beforeAll(async () => {
  svc = await startService({ decisionLog: true, shippedRulesDir: SHIPPED_RULES_DIR, now: '2025-03-10T10:00:00Z' });
  const declaratie = (body: object) => request(svc.app).post('/api/v1/ijw/declaratie').set('Accept', 'application/json').send(body);
  // Client 1: two messages (three lines), client 2: one line; one line refused (no allocation 1202).
  expect((await declaratie({ jw323: jw323(), jw301: [jw301()] })).status).toBe(200);
  expect((await declaratie({
    jw323: jw323([{ bsn: BSN, lines: [line({ referentieNummer: 'R2' }), line({ referentieNummer: 'R3', toewijzingNummer: 1202 })] }]),
    jw301: [jw301()],
  })).status).toBe(200);
  expect((await declaratie({ jw323: jw323([{ bsn: BSN2, lines: [line({ toewijzingNummer: 555 })] }]), jw301: [jw301([allocation({ toewijzingNummer: 555 })], BSN2)] })).status).toBe(200);
  expect((await request(svc.app).post('/api/v1/ijw/toewijzing').send({ jw301: jw301([allocation({ toewijzingNummer: 777 })], BSN2) })).status).toBe(200);
  await svc.decisionLog!.flush();
});

afterAll(async () => {
  await svc?.close();
});

describe('decision log: identifiers', () => {
  it('keeps every iJw line with a keyed hash of the client, never the BSN; the hash groups one client\'s lines', async () => {
    const all = await svc.amend.store.decisions.list({ limit: 100 });
    const lines = all.filter((d) => d.decision === 'declaratie');
    expect(lines).toHaveLength(4);
    expect(all.filter((d) => d.decision === 'toewijzing')).toHaveLength(1);
    expect(all.every((d) => d.source === 'ijw' && /^h:[0-9a-f]{32}$/.test(d.subject ?? ''))).toBe(true);
    const subjects = new Set(lines.map((d) => d.subject));
    expect(subjects.size).toBe(2);
    expect(all.filter((d) => d.subject === all.find((x) => x.decision === 'toewijzing')!.subject)).toHaveLength(2); // BSN2: one line, one allocation
    expect(lines.map((d) => d.outcome).sort()).toEqual(['afgekeurd', 'goedgekeurd', 'goedgekeurd', 'goedgekeurd']);
    expect(lines.find((d) => d.outcome === 'afgekeurd')!.codes.length).toBeGreaterThan(0);
    expect(JSON.stringify(all)).not.toMatch(new RegExp(bsns.join('|')));
  });

  it('replaces the allocation number by a pseudonym, the same in allocation and line, so replay answers as before', async () => {
    const lines = await svc.amend.store.decisions.list({ decision: 'declaratie', limit: 100 });
    for (const d of lines) {
      const f = d.facts as { toewijzing: { toewijzingNummer: number }; prestatie: { toewijzingNummer: number } };
      expect([1201, 1202, 555]).not.toContain(f.prestatie.toewijzingNummer);
      if (f.toewijzing) expect(f.toewijzing.toewijzingNummer).toBe(f.prestatie.toewijzingNummer);
      const again = await evaluate(svc.registry(), { protocol: d.protocol, decision: d.decision, facts: d.facts, date: d.referenceDate ?? undefined }, { today: '2025-03-10' });
      expect(again.outcome).toBe(d.outcome);
    }
  });

  it('no BSN appears in clear anywhere in the SQLite files; the key file is readable by its owner only', async () => {
    await svc.close();
    const files = readdirSync(svc.dataDir).filter((f) => f.startsWith('procedure.sqlite'));
    expect(files).toContain('procedure.sqlite');
    // The scan reads where the log is: the logged facts are in these bytes.
    expect(files.some((f) => readFileSync(join(svc.dataDir, f)).includes(Buffer.from('"ingediendBedrag":11856')))).toBe(true);
    for (const f of files) {
      const bytes = readFileSync(join(svc.dataDir, f));
      for (const bsn of bsns) {
        expect(bytes.includes(Buffer.from(bsn, 'latin1')), `${bsn} in ${f}`).toBe(false);
        expect(bytes.includes(Buffer.from(bsn, 'utf16le')), `${bsn} (UTF-16) in ${f}`).toBe(false);
      }
    }
    expect(statSync(join(svc.dataDir, KEY_FILE)).mode & 0o777).toBe(0o600);
  });
});

describe('decision log: retention', () => {
  it('removes entries older than DECISION_LOG_RETENTION_DAYS on the clock, at start and on purge', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'decision-retention-'));
    const store = await openSqliteStore(join(dir, 'procedure.sqlite'));
    const clock = fixedClock('2026-01-01T12:00:00Z');
    const env = { DECISION_LOG_RETENTION_DAYS: '30' };
    const log = (await openDecisionLog({ store, dataDir: dir, clock, env }))!;
    const answer = { version: '2.0', contentHash: 'sha256:x', outcome: 'TG3', events: [{ rule: 'rtp.tariefgroep.uit-beroepentabel' }] };
    const record = (n: number) => { for (let i = 0; i < n; i++) log.record({ source: 'evaluate', at: log.now(), protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 'therapeut', datum: '2025-06-01' }, answer }); };
    record(3); // 2026-01-01
    clock.set('2026-01-20T12:00:00Z');
    record(2);
    clock.set('2026-02-05T12:00:00Z');
    record(1);
    await log.flush();
    expect(await store.decisions.list({ limit: 100 })).toHaveLength(6);

    expect(await log.purge()).toBe(3); // 2026-01-01 is more than 30 days before 2026-02-05
    expect((await store.decisions.list({ limit: 100 })).map((d) => d.at.slice(0, 10))).toEqual(['2026-02-05', '2026-01-20', '2026-01-20']);
    await log.close();

    // A restart 60 days later removes the rest before anything else.
    clock.set('2026-04-06T12:00:00Z');
    const again = (await openDecisionLog({ store, dataDir: dir, clock, env }))!;
    expect(await store.decisions.list({ limit: 100 })).toHaveLength(0);
    await again.close();
    await store.close();
    expect(existsSync(join(dir, KEY_FILE))).toBe(true);
  });

  it('DECISION_LOG=off: no log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'decision-off-'));
    const store = await openSqliteStore(join(dir, 'procedure.sqlite'));
    expect(await openDecisionLog({ store, dataDir: dir, env: { DECISION_LOG: 'off' } })).toBeUndefined();
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
    await store.close();
  });
});
