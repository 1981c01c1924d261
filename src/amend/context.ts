/** What the procedure's services share: the store, the rules repository, the clock, the facts schemas. */
import type { FactSchemas } from '../facts/fact-schemas.js';
import type { RuleFiles } from '../load/rule-source.js';
import type { Clock } from '../base/clock.js';
import type { Quotas } from '../base/limits.js';
import type { GitIdentity } from './git.js';
import type { RulesRepo } from './rules-repo.js';
import type { Store } from './store/store.js';
import type { Actor } from './types.js';

export interface AmendContext {
  store: Store;
  repo: RulesRepo;
  clock: Clock;
  facts: FactSchemas;
  /** Called after an adoption with the new version view and `main` commit, to swap the served registry. */
  onAdopted?: (files: RuleFiles, main: string) => void | Promise<void>;
  /** Test hook points inside an adoption ("before-refs", "after-refs", "after-records"). */
  hooks?: { at(point: string): void | Promise<void> };
  /**
   * Runs a step that moves git refs under the rules repository's lock, which every process sharing
   * the store respects (store.lock), so two requests never race on one branch or one version number.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** Per-user quotas on proposals and comments (quotas.ts). */
  quotas: Quotas;
}

/** The lock that every step moving the rules repository's refs takes. */
export const REPOSITORY_LOCK = 'regelrepository';

export function repositoryLock(store: Store): AmendContext['exclusive'] {
  return (fn) => store.lock(REPOSITORY_LOCK, fn);
}

export function gitIdentity(actor: Actor | { username: string; name: string }, clock: Clock): GitIdentity {
  return { name: actor.name || actor.username, email: `${actor.username}@protocolregels.invalid`, time: Math.floor(clock.now().getTime() / 1000) };
}

export const nowIso = (clock: Clock) => clock.now().toISOString();
