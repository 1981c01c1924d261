/** The decision log's counters in the process's Prometheus registry (GET /metrics). */
import { Counter, type Registry } from 'prom-client';
import type { DecisionLogCounters } from './decision-log.js';

export function decisionLogCounters(registry: Registry): DecisionLogCounters {
  const written = new Counter({ name: 'protocolregels_decision_log_written_total', help: 'Decisions written to the decision log', registers: [registry] });
  const dropped = new Counter({
    name: 'protocolregels_decision_log_dropped_total',
    help: 'Decisions not logged: reason "vol" (the buffer was full: the store is slow or down) or "fout" (the store refused the batch)',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  return { written: (n) => written.inc(n), dropped: (reason, n) => dropped.labels(reason).inc(n) };
}
