/** A check worker: runs one check job at a time (check-jobs.ts) and posts its plain-data result. */
import { parentPort } from 'node:worker_threads';
import { projectFactSchemas } from '../evaluate/project.js';
import { runCheckJob, type CheckJob, type CheckResult } from './check-jobs.js';
import type { BaseAnswer } from './check-job-types.js';

const facts = projectFactSchemas();

/** The job's question to the main thread waiting for its answer (one job at a time, at most one question each). */
const asked = new Map<number, (a: BaseAnswer) => void>();

/** A draft's answer bytes travel back transferred, not copied. */
const transferOf = (r: CheckResult): ArrayBuffer[] => (r.kind === 'draft' && 'json' in r.outcome ? [r.outcome.json.buffer as ArrayBuffer] : []);

parentPort!.on('message', async (m: { id: number; job: CheckJob } | { id: number; answer: BaseAnswer }) => {
  if ('answer' in m) {
    asked.get(m.id)?.(m.answer);
    asked.delete(m.id);
    return;
  }
  const { id, job } = m;
  const base = (q: { protocol: string; baseVersion: string }) => new Promise<BaseAnswer>((resolve) => {
    asked.set(id, resolve);
    parentPort!.postMessage({ id, ask: q });
  });
  try {
    const result = await runCheckJob(job, facts, { base });
    parentPort!.postMessage({ id, result }, transferOf(result));
  } catch (e) {
    parentPort!.postMessage({ id, failed: String((e as Error)?.message ?? e).split('\n')[0] });
  }
});
parentPort!.postMessage({ ready: true });
