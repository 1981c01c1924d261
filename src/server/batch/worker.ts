/**
 * A batch worker: compiles the registry it is sent (from the same rule files
 * the main thread serves) and evaluates slices of batches on it.
 */
import { parentPort } from 'node:worker_threads';
import type { Registry } from '../../evaluate/registry.js';
import { loadProject } from '../../project.js';
import { evaluateItems } from './batch-items.js';
import type { WorkerReply, WorkerTask } from './protocol.js';

// Two registries: a batch that started before a swap may still arrive after it.
const registries = new Map<number, Registry>();

parentPort!.on('message', async (task: WorkerTask) => {
  let reply: WorkerReply;
  try {
    if (task.files) {
      registries.set(task.registryId, loadProject(new Map(task.files)).registry);
      for (const id of registries.keys()) if (registries.size > 2 && id !== task.registryId) registries.delete(id);
    }
    const registry = registries.get(task.registryId);
    if (!registry) throw new Error(`registry ${task.registryId} not loaded in this worker`);
    const faults: { index: number; message: string }[] = [];
    const results = await evaluateItems(registry, task.items, task.offset, task.today, (e, index) => faults.push({ index, message: String((e as Error)?.message ?? e) }));
    reply = { id: task.id, results, faults };
  } catch (e) {
    reply = { id: task.id, failed: String((e as Error)?.stack ?? e) };
  }
  parentPort!.postMessage(reply);
});
