/** A check worker: runs one check job at a time (check-jobs.ts) and posts its plain-data result. */
import { parentPort } from 'node:worker_threads';
import { projectFactSchemas } from '../evaluate/project.js';
import { runCheckJob, type CheckJob } from './check-jobs.js';

const facts = projectFactSchemas();

parentPort!.on('message', async ({ id, job }: { id: number; job: CheckJob }) => {
  try {
    parentPort!.postMessage({ id, result: await runCheckJob(job, facts) });
  } catch (e) {
    parentPort!.postMessage({ id, failed: String((e as Error)?.message ?? e).split('\n')[0] });
  }
});
parentPort!.postMessage({ ready: true });
