/**
 * What a proposal changes, item by item (src/diff/changes.ts), without parsing on the
 * event loop: a file's items are read in the check pool (src/offload) once per
 * revision and kept here, keyed by the file's path and git blob id (the id git
 * gives the same text). Opening a proposal, the overlaps of every other open
 * proposal, acceptance and adoption then only compare items already read.
 *
 * The cache holds at most MAX_ITEMS items (least recently used go first).
 * A file the pool cuts off (time or memory budget) counts as unreadable, as a
 * file over a YAML limit does: it is compared as a whole. A full pool answers
 * 429 with Retry-After.
 */
import { createHash } from 'node:crypto';
import { tooManyRequests } from '../base/errors.js';
import type { RuleFiles } from '../load/rule-source.js';
import { CheckRefused, sharedCheckPool, type CheckPool } from '../offload/check-pool.js';
import { fileChanges, type ItemChange, type Items } from '../diff/changes.js';

/** Items kept in memory over all cached files (each a key, a label and a 28-character digest). */
const MAX_ITEMS = 500_000;
/** Text sent to the pool in one job (about one file at the YAML size limit): seconds of parsing at most, within the check's time budget. */
const JOB_CHARS = 300_000;

type Entry = Items | 'unreadable';
const cache = new Map<string, Entry>();
let cachedItems = 0;
const weight = (e: Entry) => (e === 'unreadable' ? 1 : e.size + 1);

/** Git's blob id of a text: sha1 over "blob <bytes>\0<text>". */
export function blobId(text: string): string {
  return createHash('sha1').update(`blob ${Buffer.byteLength(text)}\0`).update(text).digest('hex');
}

const keyOf = (path: string, text: string) => `${path}\0${blobId(text)}`;

function remember(key: string, e: Entry) {
  cache.set(key, e);
  cachedItems += weight(e);
  for (const [k, old] of cache) {
    if (cachedItems <= MAX_ITEMS || k === key) break;
    cache.delete(k);
    cachedItems -= weight(old);
  }
}

function recall(key: string): Entry | undefined {
  const e = cache.get(key);
  if (e) {
    cache.delete(key); // most recently used last
    cache.set(key, e);
  }
  return e;
}

/** Reads in the pool the items of the files not cached yet, as many jobs at a time as the pool has workers. */
async function readMissing(files: { key: string; path: string; text: string }[], pool: CheckPool): Promise<void> {
  const todo = [...new Map(files.filter((f) => !cache.has(f.key)).map((f) => [f.key, f])).values()];
  const jobs: (typeof todo)[] = [];
  for (const f of todo) {
    const last = jobs[jobs.length - 1];
    if (last && last.reduce((n, x) => n + x.text.length, 0) + f.text.length <= JOB_CHARS) last.push(f);
    else jobs.push([f]);
  }
  const one = async (job: typeof todo) => {
    try {
      const r = await pool.run({ kind: 'items', files: job.map((f) => [f.path, f.text]) });
      if (r.kind !== 'items') throw new Error('unexpected result of an items job');
      job.forEach((f, i) => remember(f.key, r.items[i]));
    } catch (e) {
      if (!(e instanceof CheckRefused)) throw e;
      if (e.reason === 'busy') throw tooManyRequests(e.message, 2);
      // Cut off (time or memory): as a file over a YAML limit, compared as a whole. A worker that failed
      // otherwise is not remembered, so the next request tries again.
      if (e.reason !== 'failed') for (const f of job) remember(f.key, 'unreadable');
    }
  };
  const lanes = Array.from({ length: Math.max(1, pool.options.workers) }, async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) await one(job);
  });
  await Promise.all(lanes);
}

/** Item changes between the base version's files and changed files (src/diff/changes.ts: itemChanges), read off the event loop. */
export async function itemChangesOffThread(base: RuleFiles, changed: { path: string; text: string }[], pool: CheckPool = sharedCheckPool()): Promise<ItemChange[]> {
  const pairs = changed.map((f) => {
    const baseText = base.get(f.path);
    return { f, baseText, before: baseText === undefined ? undefined : keyOf(f.path, baseText), after: keyOf(f.path, f.text) };
  });
  const wanted = pairs.flatMap((p) => [{ key: p.after, path: p.f.path, text: p.f.text }, ...(p.before ? [{ key: p.before, path: p.f.path, text: p.baseText! }] : [])]);
  await readMissing(wanted, pool);
  const items = (key: string | undefined): Entry => (key === undefined ? new Map() : recall(key) ?? 'unreadable');
  return pairs.flatMap((p) => fileChanges(p.f.path, p.baseText, p.f.text, items(p.before), items(p.after)));
}
