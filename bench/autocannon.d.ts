// autocannon ships no types; the bench uses only this much of it.
declare module 'autocannon' {
  interface Result {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    errors: number;
    timeouts: number;
    non2xx: number;
  }
  /** The running instance: a promise of the result, and an emitter ('start' once its clients are built). */
  interface Instance extends Promise<Result> {
    once(event: 'start', listener: () => void): this;
  }
  function autocannon(opts: Record<string, unknown>): Instance;
  export default autocannon;
}
