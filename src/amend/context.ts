/** What the procedure's services share: the store, the rules repository, the clock, the facts schemas. */
import type { FactSchemas } from '../facts/fact-schemas.js';
import type { RuleFiles } from '../load/rule-source.js';
import type { Clock } from './clock.js';
import type { GitIdentity } from './git.js';
import type { RulesRepo } from './rules-repo.js';
import type { Store } from './store.js';
import type { Actor } from './types.js';

export interface AmendContext {
  store: Store;
  repo: RulesRepo;
  clock: Clock;
  facts: FactSchemas;
  /** Called after an adoption with the new `main` tree, to swap the served registry. */
  onAdopted?: (files: RuleFiles) => void | Promise<void>;
  /** Test hook points inside an adoption ("before-refs", "after-refs", "after-records"). */
  hooks?: { at(point: string): void | Promise<void> };
  /** Serialises writes that move git refs, so two requests never race on one branch. */
  serial<T>(fn: () => Promise<T>): Promise<T>;
}

export function createSerial(): AmendContext['serial'] {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>) => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

export function gitIdentity(actor: Actor | { username: string; name: string }, clock: Clock): GitIdentity {
  return { name: actor.name || actor.username, email: `${actor.username}@protocolregels.invalid`, time: Math.floor(clock.now().getTime() / 1000) };
}

export const nowIso = (clock: Clock) => clock.now().toISOString();
