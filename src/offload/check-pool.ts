/**
 * A small pool of worker threads for check jobs (check-jobs.ts), each job with
 * a time budget. A job over its budget has its worker terminated (a fresh one
 * starts for the next job) and is refused with CheckRefused('budget'); a
 * worker that runs out of its memory limit refuses with 'memory'; when every
 * worker is busy and the queue is full, 'busy'. The event loop of the service
 * only posts messages, so no draft, however hostile, stalls other clients.
 *
 * Configuration (docs/limits.md): CHECK_WORKERS (2), CHECK_TIME_BUDGET_MS
 * (20000), CHECK_QUEUE_MAX (16), CHECK_QUEUE_WAIT_MS (5000), CHECK_WORKER_MEMORY_MB (512).
 */
import { Worker } from 'node:worker_threads';
import type { CheckJob, CheckResult } from './check-jobs.js';
import { envWhole } from '../base/limits.js';
import type { BaseAnswer } from './check-job-types.js';

export class CheckRefused extends Error {
  constructor(
    readonly reason: 'budget' | 'memory' | 'busy' | 'failed',
    message: string,
  ) {
    super(message);
  }
}

export interface CheckPoolOptions {
  workers: number;
  budgetMs: number;
  maxQueue: number;
  memoryMb: number;
  /** Longest a job waits in the queue for a worker before it is refused as busy (429 with Retry-After); unset: no bound. */
  maxWaitMs?: number;
}

/** How one job runs: its own budget, buffers moved to the worker rather than copied, answers to its questions. */
export interface RunOptions {
  /** Overrides the pool's budget for this job. */
  budgetMs?: number;
  /** Buffers of the job handed to the worker (the job's bytes are then unusable here). */
  transfer?: ArrayBuffer[];
  /** Answers a draft job's question for its base version, on this thread (which holds the served versions). */
  base?: (q: { protocol: string; baseVersion: string }) => BaseAnswer;
}

export interface CheckPool {
  readonly options: Readonly<CheckPoolOptions>;
  /** Runs a job in a worker (see RunOptions). */
  run(job: CheckJob, o?: RunOptions): Promise<CheckResult>;
  /** Workers started (replacements included) since the pool was made. */
  started(): number;
  /**
   * Starts the first worker now rather than at the first job, so a service has its working size
   * (a worker's heap, some 40 MB) from the start and memory watched over time shows growth, not a
   * late start. Resolves when it is ready, or failed (the next job then starts a fresh one).
   */
  prestart(): Promise<void>;
  close(): Promise<void>;
}

const BOOT = new URL('./worker-boot.mjs', import.meta.url);

interface Queued {
  job: CheckJob;
  budgetMs: number;
  transfer: ArrayBuffer[];
  base?: RunOptions['base'];
  resolve(r: CheckResult): void;
  reject(e: Error): void;
  /** The queue-wait bound's timer, cleared when a worker takes the job. */
  waiting?: ReturnType<typeof setTimeout>;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  current?: { id: number; q: Queued; timer?: NodeJS.Timeout };
}

/** A budget in Dutch: "20 seconden", "1,5 seconden", "5 milliseconden". */
const duration = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toLocaleString('nl-NL', { maximumFractionDigits: 1 })} seconden` : `${ms} milliseconden`);

export function createCheckPool(options: CheckPoolOptions): CheckPool {
  const o = { ...options, workers: Math.max(1, options.workers) };
  const slots: (Slot | undefined)[] = Array.from({ length: o.workers }, () => undefined);
  const queue: Queued[] = [];
  let nextId = 1;
  let started = 0;
  let closed = false;

  const spawn = (index: number): Slot => {
    started++;
    const worker = new Worker(BOOT, { resourceLimits: { maxOldGenerationSizeMb: o.memoryMb } });
    const ready = new Promise<void>((resolve, reject) => {
      worker.once('message', (m: { ready?: boolean }) => (m?.ready ? resolve() : reject(new Error('check worker did not start'))));
      worker.once('error', reject);
    });
    ready.catch(() => undefined);
    const slot: Slot = { worker, ready };
    worker.on('message', (m: { id?: number; result?: CheckResult; failed?: string; ask?: { protocol: string; baseVersion: string } }) => {
      const cur = slot.current;
      if (!cur || m.id !== cur.id) return;
      if (m.ask !== undefined) {
        const answer: BaseAnswer = cur.q.base
          ? cur.q.base(m.ask)
          : { error: { kind: 'unprocessable', code: 'check_failed', message: 'deze controle kan geen basisversie opvragen', details: [] } };
        worker.postMessage({ id: m.id, answer });
        return;
      }
      clearTimeout(cur.timer);
      slot.current = undefined;
      worker.unref();
      if (m.failed !== undefined) cur.q.reject(new CheckRefused('failed', m.failed));
      else cur.q.resolve(m.result!);
      pump();
    });
    const lost = (e?: Error) => {
      if (slots[index] !== slot) return; // already replaced (budget) or closed
      slots[index] = undefined;
      const cur = slot.current;
      if (cur) {
        clearTimeout(cur.timer);
        const memory = (e as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
        cur.q.reject(memory
          ? new CheckRefused('memory', `de controle had meer dan ${o.memoryMb} MB geheugen nodig en is afgebroken; maak het concept kleiner of eenvoudiger`)
          : new CheckRefused('failed', `de controle stopte onverwacht (${e?.message ?? 'worker gestopt'})`));
      }
      pump();
    };
    worker.on('error', lost);
    worker.on('exit', () => lost());
    // An idle pool never keeps the process alive; a worker with a job does (dispatch refs it, the
    // answer unrefs it). Unref after the listeners: adding a 'message' listener refs the port again.
    worker.unref();
    return slot;
  };

  const dispatch = async (index: number, slot: Slot, q: Queued) => {
    const id = nextId++;
    // Claim the slot now; the budget starts once the worker is ready (its start-up is not the job's cost).
    slot.current = { id, q };
    slot.worker.ref();
    try {
      await slot.ready;
    } catch (e) {
      slot.current = undefined;
      if (slots[index] === slot) slots[index] = undefined;
      q.reject(new CheckRefused('failed', `de controle kon niet starten (${(e as Error).message})`));
      pump();
      return;
    }
    if (slots[index] !== slot || slot.current?.id !== id) return;
    slot.current.timer = setTimeout(() => {
      if (slot.current?.id !== id) return;
      slot.current = undefined;
      slots[index] = undefined;
      void slot.worker.terminate();
      q.reject(new CheckRefused('budget', `de controle duurde langer dan ${duration(q.budgetMs)} en is afgebroken; maak het concept kleiner of eenvoudiger`));
      pump();
    }, q.budgetMs);
    slot.worker.postMessage({ id, job: q.job }, q.transfer);
  };

  function pump() {
    if (closed) return;
    for (let i = 0; i < slots.length && queue.length; i++) {
      let slot = slots[i];
      if (slot?.current) continue;
      slot ??= slots[i] = spawn(i);
      const q = queue.shift()!;
      clearTimeout(q.waiting);
      void dispatch(i, slot, q);
    }
  }

  return {
    options: o,
    run(job, opts = {}) {
      return new Promise<CheckResult>((resolve, reject) => {
        if (closed) return reject(new CheckRefused('busy', 'de service stopt'));
        if (queue.length >= o.maxQueue) return reject(new CheckRefused('busy', `er lopen al ${o.workers + queue.length} controles; probeer het zo opnieuw`));
        const q: Queued = { job, budgetMs: opts.budgetMs ?? o.budgetMs, transfer: opts.transfer ?? [], base: opts.base, resolve, reject };
        // A job that no worker takes in time is refused, so a queue of large checks never holds the next user for minutes.
        if (o.maxWaitMs !== undefined) {
          q.waiting = setTimeout(() => {
            const at = queue.indexOf(q);
            if (at < 0) return;
            queue.splice(at, 1);
            reject(new CheckRefused('busy', `alle controles zijn bezig (langer dan ${duration(o.maxWaitMs!)} gewacht); probeer het zo opnieuw`));
          }, o.maxWaitMs);
          q.waiting.unref?.();
        }
        queue.push(q);
        pump();
      });
    },
    started: () => started,
    async prestart() {
      if (closed || slots[0]) return;
      const slot = (slots[0] = spawn(0));
      // Held while it starts (an unref'd worker alone would let a process awaiting this end).
      slot.worker.ref();
      await slot.ready.catch(() => {
        if (slots[0] === slot && !slot.current) slots[0] = undefined;
      });
      if (!slot.current) slot.worker.unref();
    },
    async close() {
      closed = true;
      for (const q of queue.splice(0)) {
        clearTimeout(q.waiting);
        q.reject(new CheckRefused('busy', 'de service stopt'));
      }
      await Promise.all(slots.map((s) => s?.worker.terminate()));
    },
  };
}

/** The pool's settings from the environment (see the header). */
export function checkPoolOptionsFromEnv(): CheckPoolOptions {
  return {
    workers: Math.min(envWhole(process.env, 'CHECK_WORKERS', 2, 1), 16),
    budgetMs: envWhole(process.env, 'CHECK_TIME_BUDGET_MS', 20_000, 1),
    maxQueue: envWhole(process.env, 'CHECK_QUEUE_MAX', 16, 0),
    memoryMb: envWhole(process.env, 'CHECK_WORKER_MEMORY_MB', 512, 64),
    maxWaitMs: envWhole(process.env, 'CHECK_QUEUE_WAIT_MS', 5_000, 1),
  };
}

let shared: CheckPool | undefined;

/** The process-wide pool used by drafts and the procedure's checks (made on first use). */
export function sharedCheckPool(): CheckPool {
  shared ??= createCheckPool(checkPoolOptionsFromEnv());
  return shared;
}

/**
 * Ends the process-wide pool's workers (graceful shutdown, after the last request). An unref'd
 * worker still holds the process while its parentPort listens, so without this a service that
 * ever ran a check never exits on SIGTERM. A later sharedCheckPool() makes a fresh pool.
 */
export async function closeSharedCheckPool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
