import type { Registry } from '../evaluate/registry.js';

/**
 * Holds the registry being served. A reload builds a complete new registry and
 * swaps the reference: requests in flight keep the one they started with.
 */
export interface RegistryHolder {
  current(): Registry;
  swap(next: Registry): void;
  /** Increases with every swap; for /healthz and logs. */
  generation(): number;
}

export function createRegistryHolder(initial: Registry): RegistryHolder {
  let current = initial;
  let generation = 1;
  return {
    current: () => current,
    swap: (next) => {
      current = next;
      generation++;
    },
    generation: () => generation,
  };
}
