/**
 * A large batch body is parsed and answered on a batch worker (the main thread
 * only moves bytes); its answered items still reach the decision log, the
 * refused ones do not.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/amend/store/sqlite-store.js';
import { openDecisionLog } from '../../src/decision-log/open.js';
import { loadProject } from '../../src/evaluate/project.js';
import { createApp } from '../../src/server/app.js';
import { createBatchPool } from '../../src/server/batch/pool.js';
import { createLogger } from '../../src/server/logger.js';
import { createRegistryHolder } from '../../src/server/registry-holder.js';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => { for (const c of closers.reverse()) await c(); });

describe('decision log: large batches answered on a worker', () => {
  it('logs every answered item of a body parsed on the worker', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'decision-batch-'));
    const store = await openSqliteStore(join(dir, 'procedure.sqlite'));
    closers.push(() => store.close());
    const log = (await openDecisionLog({ store, dataDir: dir, env: {} }))!;
    closers.push(() => log.close());
    const pool = createBatchPool({ workers: 1 });
    closers.push(() => pool.close());
    let onWorker = 0;
    const raw = pool.evaluateRaw.bind(pool);
    pool.evaluateRaw = async (...a) => { const out = await raw(...a); if (out && 'json' in out) onWorker++; return out; };
    const app = createApp({ holder: createRegistryHolder(loadProject().registry), logger: createLogger('silent'), decisionLog: log, batchPool: pool });
    const item = (i: number) => ({ protocol: 'RTP', decision: 'tariefgroep', facts: { functie: i % 2 ? 'kinder- en jeugdtherapeut' : "SPV'er", caoSchaal: 8, datum: '2025-06-01' } });
    const requests = [...Array.from({ length: 700 }, (_, i) => item(i)), { protocol: 'RTP', decision: 'tariefgroep', facts: { functie: 3 } }];
    const body = JSON.stringify({ requests });
    // Padded (JSON allows trailing blanks) past BATCH_PARSE_ON_WORKER_BYTES (256 KiB): parsed on the worker.
    const padded = body + ' '.repeat(Math.max(0, 256 * 1024 - Buffer.byteLength(body) + 10));
    const r = await request(app).post('/api/v1/evaluate/batch').set('content-type', 'application/json').send(padded);
    expect(onWorker).toBe(1);
    expect(r.status).toBe(200);
    expect(r.body.results).toHaveLength(701);
    expect(r.body.results[700].status).toBe(400);
    await log.flush();
    const logged = await store.decisions.replay({}, 0, 10_000);
    expect(logged).toHaveLength(700);
    expect(logged.every((d) => d.source === 'batch' && d.version === '2.0' && (d.outcome === 'TG3'))).toBe(true);
  });
});
