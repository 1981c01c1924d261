/**
 * Every process serves what was adopted through any process. An adoption
 * publishes the new main commit (adopt-version.ts); here each process listens
 * for it and, as a safety net for a missed notification (a dropped connection),
 * also looks at main every few seconds. When main moved, the version view is
 * read again and handed to `onChange` (which swaps the served registry).
 */
import { MAIN, type RulesRepo } from './rules-repo.js';
import type { Store } from './store/store.js';
import { ADOPTED_CHANNEL } from './use-cases/adoption-records.js';
import { readVersionView } from './version-layout.js';
import type { RuleFiles } from '../load/rule-source.js';

export interface Follower {
  /** The main commit whose versions this process serves. */
  served(): string | null;
  /** This process served `main` itself (its own adoption). */
  markServed(main: string): void;
  stop(): Promise<void>;
}

export async function followAdoptions(o: {
  store: Store;
  repo: RulesRepo;
  onChange: (files: RuleFiles, main: string) => void | Promise<void>;
  onError?: (e: unknown) => void;
  /** How often main is looked at besides the notifications (ms); 0 = never. */
  pollMs: number;
}): Promise<Follower> {
  let served = await o.repo.resolve(MAIN);
  let running: Promise<void> | undefined;
  let again = false;
  const check = (): Promise<void> => {
    // One check at a time; a notification during a check runs one more afterwards.
    if (running) { again = true; return running; }
    running = (async () => {
      do {
        again = false;
        try {
          const main = await o.repo.resolve(MAIN);
          if (main && main !== served) {
            const files = await readVersionView(o.repo);
            await o.onChange(files, main);
            served = main;
          }
        } catch (e) {
          o.onError?.(e);
        }
      } while (again);
    })().finally(() => { running = undefined; });
    return running;
  };
  const unsubscribe = await o.store.subscribe(ADOPTED_CHANNEL, () => void check());
  const timer = o.pollMs > 0 ? setInterval(() => void check(), o.pollMs) : undefined;
  timer?.unref();
  return {
    served: () => served,
    markServed: (main) => { served = main; },
    stop: async () => {
      if (timer) clearInterval(timer);
      await unsubscribe();
      await running;
    },
  };
}
