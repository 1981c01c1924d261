/**
 * Runs the single evaluations whose requests arrived in one turn of the event loop back to back,
 * right after that turn's I/O (setImmediate), instead of each in the middle of its own request's
 * HTTP work. Same answers, same errors, same order of work per request; what changes is locality:
 * with 16 connections the evaluator's code and data stayed warm in the CPU caches for one
 * evaluation at a time (HTTP parsing, routing and socket writes of the other requests in between),
 * and ran 2-3x slower per evaluation than in a loop (issue 15). At most MAX_PER_TURN are started
 * per turn; the rest wait for the next one, so a flood never holds up other work for long.
 */
const MAX_PER_TURN = 64;

interface Waiting<T> {
  run: () => Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}

export interface TurnQueue {
  /** `run` is started with the other work of this turn, after the turn's I/O; its promise is passed on. */
  add<T>(run: () => Promise<T>): Promise<T>;
}

export function createTurnQueue(): TurnQueue {
  let queue: Waiting<unknown>[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const now = queue.length > MAX_PER_TURN ? queue.splice(0, MAX_PER_TURN) : queue;
    if (now === queue) queue = [];
    if (queue.length) schedule();
    for (const w of now) {
      let p: Promise<unknown>;
      try {
        p = w.run();
      } catch (e) {
        w.reject(e);
        continue;
      }
      p.then(w.resolve, w.reject);
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };

  return {
    add<T>(run: () => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ run, resolve, reject } as Waiting<unknown>);
        schedule();
      });
    },
  };
}
