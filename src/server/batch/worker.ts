/**
 * A batch worker: compiles the registry it is sent (from the same rule files
 * the main thread serves) and evaluates slices of batches on it.
 */
import { parentPort } from 'node:worker_threads';
import type { Registry } from '../../evaluate/registry.js';
import { loadProject } from '../../evaluate/project.js';
import { createVersionLoadCache } from '../../load/version-load-cache.js';
import { ApiError } from '../../base/errors.js';
import { evaluateItems } from './batch-items.js';
import { parseBatchBody } from './envelope.js';
import type { WorkerReply, WorkerTask } from './protocol.js';
import { runIjwTask } from './ijw-task.js';
import { loggedItems } from '../../decision-log/hooks.js';

/** UTF-8 in a buffer of its own (never Buffer's shared pool), so it can be transferred. */
const encoder = new TextEncoder();
const utf8 = (text: string): Uint8Array => encoder.encode(text);

// Two registries: a batch that started before a swap may still arrive after it.
const registries = new Map<number, Registry>();
// A swap changes one or two versions: the others are not loaded and compiled again.
const versions = createVersionLoadCache();

parentPort!.on('message', async (task: WorkerTask) => {
  let reply: WorkerReply | undefined;
  try {
    if (task.files) {
      registries.set(task.registryId, loadProject(new Map(task.files), versions).registry);
      for (const id of registries.keys()) if (registries.size > 2 && id !== task.registryId) registries.delete(id);
    }
    const registry = registries.get(task.registryId);
    if (!registry) throw new Error(`registry ${task.registryId} not loaded in this worker`);
    const faults: { index: number; message: string }[] = [];
    const onFault = (e: unknown, index: number) => faults.push({ index, message: String((e as Error)?.message ?? e) });
    if (task.ijw) {
      reply = { id: task.id, ijw: await runIjwTask(registry, task.ijw) };
    } else if (task.raw) {
      // A large body: parsed, checked and answered here, so the main thread only moves bytes.
      let items: unknown[] | undefined;
      try {
        items = parseBatchBody(Buffer.from(task.raw.buffer, task.raw.byteOffset, task.raw.byteLength).toString('utf8'), task.bounds ?? { items: Infinity, explain: Infinity });
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        reply = { id: task.id, error: e.toData() };
      }
      if (items) {
        const results = await evaluateItems(registry, items, 0, task.today, onFault);
        reply = { id: task.id, json: utf8(JSON.stringify({ results })), faults, ...(task.logAt !== undefined ? { decisions: loggedItems(items, results, task.logAt) } : {}) };
      }
      else reply ??= { id: task.id, failed: 'no items' };
    } else {
      reply = { id: task.id, results: await evaluateItems(registry, task.items, task.offset, task.today, onFault), faults };
    }
  } catch (e) {
    reply = { id: task.id, failed: String((e as Error)?.stack ?? e) };
  }
  // Answer bytes are moved, not copied: the main thread neither clones nor encodes a large answer.
  const bytes = 'ijw' in reply! ? (reply.ijw.error ? undefined : reply.ijw.bytes) : reply!.json;
  parentPort!.postMessage(reply!, bytes ? [bytes.buffer as ArrayBuffer] : []);
});
