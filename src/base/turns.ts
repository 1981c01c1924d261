/** Work spread over turns of the event loop, so other clients are answered in between. */

/** Resolves on the next turn of the event loop (after pending I/O). */
export const nextTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/** Calls `fn` for each item, `perTurn` items per turn of the event loop. */
export async function eachInTurns<T>(items: readonly T[], perTurn: number, fn: (item: T) => void): Promise<void> {
  for (let i = 0; i < items.length; i += perTurn) {
    if (i > 0) await nextTurn();
    const end = Math.min(items.length, i + perTurn);
    for (let j = i; j < end; j++) fn(items[j]);
  }
}
