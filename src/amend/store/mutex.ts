/** A promise-chain mutex: callers run one at a time, in arrival order; a failure does not block the next. */
export function createMutex() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T> | T): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}

/** Named mutexes, made on first use. */
export function createNamedMutex() {
  const byName = new Map<string, ReturnType<typeof createMutex>>();
  return <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
    let m = byName.get(name);
    if (!m) byName.set(name, (m = createMutex()));
    return m(fn);
  };
}
