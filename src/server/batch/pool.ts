/**
 * Spreads a large batch over worker threads, so a batch uses both cores: the
 * items are cut into contiguous slices, the main thread evaluates the first
 * and each worker one of the others, and the results are joined in order.
 * A worker compiles the same rule files the main thread serves (its own
 * registry per swap); a worker that fails has its slice done on the main
 * thread, so a batch never fails for the pool's sake.
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { evaluate, type EvaluateRequest, type EvaluateResponse } from '../../evaluate/evaluate.js';
import type { Registry } from '../../evaluate/registry.js';
import type { PendingDecision } from '../../decision-log/entry.js';
import type { Logger } from '../logger.js';
import { ApiError } from '../../base/errors.js';
import { evaluateItems } from './batch-items.js';
import type { BatchBounds } from './envelope.js';
import type { RefusalData } from '../../base/errors.js';
import type { IjwReply, IjwWorkerJob, WorkerReply, WorkerTask } from './protocol.js';

export interface BatchPool {
  readonly workers: number;
  evaluate(registry: Registry, items: unknown[], today: string): Promise<unknown[]>;
  /**
   * One request (POST /api/v1/evaluate): on the main thread, or, while the main thread is busy, on
   * a worker. A request the worker answers with an error is evaluated again on the main thread, so
   * errors are thrown exactly as evaluate() throws them.
   */
  evaluateOne(registry: Registry, request: EvaluateRequest, today: string): Promise<EvaluateResponse>;
  /**
   * A whole batch body as bytes, parsed, checked and evaluated on a worker, answered as JSON text
   * (or the client error of the body), so a large body never occupies the main thread. Undefined
   * when there is no worker to do it (or it failed): the caller then parses it itself.
   */
  evaluateRaw(registry: Registry, body: Uint8Array, today: string, bounds: BatchBounds, log?: { at: number }): Promise<{ json: Uint8Array; decisions?: PendingDecision[] } | { error: RefusalData } | undefined>;
  /**
   * An iJw message answered on a worker (src/server/batch/ijw-task.ts). Undefined when there is no
   * worker (or it failed): the caller then answers it itself. Absent on pools that never offload.
   */
  answerIjw?(registry: Registry, job: IjwWorkerJob): Promise<IjwReply | undefined>;
  close(): Promise<void>;
}

export interface BatchPoolOptions {
  workers: number;
  /** Smaller batches stay on the main thread: shipping them costs more than it saves. */
  minItems?: number;
  /**
   * Single requests go to a worker only while the main thread's event loop was busy for at least this
   * share of the last 100 ms (0..1; 0 sends every one it can; 1, the default, keeps them all on the main
   * thread). Off by default: on the shared 2-core machine of issue 15 (client, server and others on
   * the same cores) sending singles to a worker measured slower than answering them on the main thread.
   */
  busyShare?: number;
  /**
   * Longest a whole body or iJw message (evaluateRaw, answerIjw) waits for a worker that has none in hand
   * (BATCH_QUEUE_WAIT_MS, default 5,000 ms); past it, 429 too_many_requests with Retry-After, so a queue of
   * large messages never holds the next client for minutes.
   */
  maxWaitMs?: number;
  logger?: Pick<Logger, 'warn' | 'error'>;
}

const BOOT = new URL('./worker-boot.mjs', import.meta.url);

let nextRegistryId = 1;
const registryIds = new WeakMap<Registry, number>();
function registryId(r: Registry): number {
  let id = registryIds.get(r);
  if (!id) registryIds.set(r, (id = nextRegistryId++));
  return id;
}

function ruleFiles(r: Registry): [string, string][] {
  return r.versions.flatMap((v) => [...v.source.files.values()].map((f) => [f.file, f.text] as [string, string]));
}

interface Slot {
  worker: Worker;
  /** A whole body or iJw message is in hand (at most one per worker; others wait, bounded). */
  large: boolean;
  loaded: number[];
  pending: Map<number, { resolve(r: WorkerReply): void; reject(e: Error): void }>;
}

export function createBatchPool(o: BatchPoolOptions): BatchPool {
  const minItems = o.minItems ?? 64;
  let nextTask = 1;
  let closed = false;
  // Faults in the rules (500 in a slot) are logged without the item: facts hold BSNs.
  const fault = (err: unknown, index: number) => o.logger?.error({ err: String((err as Error)?.message ?? err), index }, 'batch item failed on a fault in the rules');

  const spawn = (): Slot => {
    const slot: Slot = { worker: new Worker(BOOT), large: false, loaded: [], pending: new Map() };
    slot.worker.unref(); // an idle pool never keeps the process alive
    slot.worker.on('message', (m: WorkerReply) => {
      const p = slot.pending.get(m.id);
      slot.pending.delete(m.id);
      if (m.failed !== undefined) return p?.reject(new Error(m.failed));
      if (m.error === undefined) for (const f of m.faults ?? []) fault(f.message, f.index);
      p?.resolve(m);
    });
    let gone = false;
    const lost = (why: string) => {
      if (gone) return; // 'error' is followed by 'exit'
      gone = true;
      // Slices still out are redone on the main thread (see onWorker).
      for (const p of slot.pending.values()) p.reject(new Error(why));
      slot.pending.clear();
      if (!closed) slots[slots.indexOf(slot)] = spawn();
    };
    slot.worker.on('error', (e) => lost(String(e)));
    slot.worker.on('exit', (code) => lost(`batch worker exited (${code})`));
    return slot;
  };
  const slots: Slot[] = Array.from({ length: Math.max(0, o.workers) }, spawn);

  /** Sends a task; the rule files go along the first time this worker needs that registry. */
  const send = (slot: Slot, registry: Registry, task: Omit<WorkerTask, 'id' | 'registryId'>, transfer: ArrayBuffer[] = []): Promise<WorkerReply> => {
    const rid = registryId(registry);
    const full: WorkerTask = { ...task, id: nextTask++, registryId: rid };
    if (!slot.loaded.includes(rid)) {
      full.files = ruleFiles(registry);
      slot.loaded = [...slot.loaded.slice(-1), rid];
    }
    return new Promise<WorkerReply>((resolve, reject) => {
      slot.worker.postMessage(full, transfer); // throws (before anything is pending) if an item cannot be cloned
      slot.pending.set(full.id, { resolve, reject });
    });
  };

  const onWorker = (slot: Slot, registry: Registry, items: unknown[], offset: number, today: string): Promise<unknown[]> => {
    return send(slot, registry, { items, offset, today }).then((m) => m.results ?? []).catch((e: Error) => {
      o.logger?.warn({ err: e.message.split('\n')[0] }, 'batch worker failed; slice evaluated on the main thread');
      slot.loaded = [];
      return evaluateItems(registry, items, offset, today, fault);
    });
  };

  // Large work (a whole body, an iJw message) one per worker; the rest waits at most maxWaitMs.
  const maxWaitMs = o.maxWaitMs ?? 5_000;
  const waiting: { start(slot: Slot): void; refuse(e: Error): void; timer?: NodeJS.Timeout }[] = [];
  const freeForLarge = () => slots.filter((s) => !s.large).reduce<Slot | undefined>((a, b) => (!a || b.pending.size < a.pending.size ? b : a), undefined);
  const busyError = (why: string) => Object.assign(
    new ApiError('too_many_requests', 'too_many_requests', why, [{ pointer: '', message: 'probeer het over 2 seconden opnieuw' }]),
    { retryAfter: 2 },
  );
  const pumpLarge = () => {
    for (let slot = freeForLarge(); slot && waiting.length; slot = freeForLarge()) {
      const w = waiting.shift()!;
      clearTimeout(w.timer);
      w.start(slot);
    }
  };
  /** Runs `work` on a worker with no large work in hand, at once or after waiting at most maxWaitMs (else 429). */
  const large = <T>(work: (slot: Slot) => Promise<T>): Promise<T> => new Promise<T>((resolve, reject) => {
    const start = (slot: Slot) => {
      slot.large = true;
      work(slot).then(resolve, reject).finally(() => {
        slot.large = false;
        pumpLarge();
      });
    };
    const free = waiting.length ? undefined : freeForLarge();
    if (free) return start(free);
    const w: (typeof waiting)[number] = { start, refuse: reject };
    w.timer = setTimeout(() => {
      const at = waiting.indexOf(w);
      if (at < 0) return;
      waiting.splice(at, 1);
      reject(busyError(`alle rekenprocessen zijn bezig (langer dan ${maxWaitMs / 1000} seconden gewacht); probeer het zo opnieuw`));
    }, maxWaitMs);
    w.timer.unref?.();
    waiting.push(w);
  });

  // How busy the main thread was over the last tick; sampled only while singles are offered.
  const busyShare = o.busyShare ?? 1;
  let busy = 0;
  let lastElu = performance.eventLoopUtilization();
  let sampler: NodeJS.Timeout | undefined;
  const sample = () => {
    if (sampler) return;
    sampler = setInterval(() => {
      const now = performance.eventLoopUtilization();
      busy = performance.eventLoopUtilization(now, lastElu).utilization;
      lastElu = now;
    }, 100);
    sampler.unref();
  };
  /** Singles out on workers per slot: a worker with a queue of its own gets no more. */
  const MAX_SINGLES = 4;
  const singles = new Map<Slot, number>();
  const freeSlot = () => {
    let best: Slot | undefined;
    for (const s of slots) if ((singles.get(s) ?? 0) < MAX_SINGLES && (!best || (singles.get(s) ?? 0) < (singles.get(best) ?? 0))) best = s;
    return best;
  };

  return {
    workers: slots.length,
    async evaluateOne(registry, request, today) {
      if (closed || !slots.length || busyShare >= 1) return evaluate(registry, request, { today });
      sample();
      const slot = busy >= busyShare ? freeSlot() : undefined;
      if (!slot) return evaluate(registry, request, { today });
      singles.set(slot, (singles.get(slot) ?? 0) + 1);
      try {
        const [r] = await onWorker(slot, registry, [request], 0, today);
        const failed = r !== null && typeof r === 'object' && 'error' in r && 'status' in r;
        return failed ? await evaluate(registry, request, { today }) : (r as EvaluateResponse);
      } finally {
        singles.set(slot, singles.get(slot)! - 1);
      }
    },
    async evaluateRaw(registry, body, today, bounds, log) {
      if (closed || !slots.length) return undefined;
      // A worker with no large work in hand; the bytes are copied once and moved, not cloned.
      return large(async (slot) => {
        const raw = new Uint8Array(body);
        try {
          const m = await send(slot, registry, { items: [], offset: 0, today, raw, bounds, ...(log ? { logAt: log.at } : {}) }, [raw.buffer as ArrayBuffer]);
          if (m.error) return { error: m.error };
          return m.json !== undefined ? { json: m.json, ...(m.decisions ? { decisions: m.decisions } : {}) } : undefined;
        } catch (e) {
          o.logger?.warn({ err: (e as Error).message.split('\n')[0] }, 'batch worker failed; body parsed on the main thread');
          slot.loaded = [];
          return undefined;
        }
      });
    },
    async answerIjw(registry, job) {
      if (closed || !slots.length) return undefined;
      return large(async (slot) => {
        try {
          // A body's bytes (a copy the route made) are moved, not cloned.
          const m = await send(slot, registry, { items: [], offset: 0, today: job.today, ijw: job }, job.raw ? [job.raw.buffer as ArrayBuffer] : []);
          return 'ijw' in m ? m.ijw : undefined;
        } catch (e) {
          o.logger?.warn({ err: (e as Error).message.split('\n')[0] }, 'batch worker failed; iJw message answered on the main thread');
          slot.loaded = [];
          return undefined;
        }
      });
    },
    async evaluate(registry, items, today) {
      if (closed || !slots.length || items.length < minItems) return evaluateItems(registry, items, 0, today, fault);
      const size = Math.ceil(items.length / (slots.length + 1));
      const parts: Promise<unknown[]>[] = [];
      // Workers first, so they start while the main thread does its own slice.
      for (let k = 1; k <= slots.length && k * size < items.length; k++) {
        parts.push(onWorker(slots[k - 1], registry, items.slice(k * size, (k + 1) * size), k * size, today));
      }
      parts.unshift(evaluateItems(registry, items.slice(0, size), 0, today, fault));
      return (await Promise.all(parts)).flat();
    },
    async close() {
      closed = true;
      if (sampler) clearInterval(sampler);
      for (const w of waiting.splice(0)) {
        clearTimeout(w.timer);
        w.refuse(busyError('de service stopt'));
      }
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
