/**
 * The decision log as an impact corpus: "the logged requests of a period",
 * as a plain function any impact path can call (the CLI, the API, a
 * proposal's impact, a worker pool). Each logged request becomes an evaluate
 * request with its own reference date and no version, so a replay answers it
 * by the version it would meet on that date.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { DecisionStore as Store } from './store-port.js';
import type { DecisionPeriod, StoredDecision } from './types.js';

/** The name by which the CLI and the API ask for this corpus. */
export const DECISION_LOG_CORPUS = 'decision-log';

/** One corpus line (docs/impact.md): the request, with `meta.id` naming the log entry. */
export interface LoggedRequest {
  protocol: string;
  decision: string;
  facts: Record<string, unknown>;
  date?: string;
  meta: { id: string };
}

const PAGE = 1000;

export function asRequest(d: StoredDecision): LoggedRequest {
  return { protocol: d.protocol, decision: d.decision, facts: d.facts, ...(d.referenceDate ? { date: d.referenceDate } : {}), meta: { id: `beslissing ${d.id}` } };
}

/** The logged requests of a period, oldest first, read page by page (memory stays flat). */
export async function* loggedRequests(store: Pick<Store, 'decisions'>, period: DecisionPeriod): AsyncGenerator<LoggedRequest> {
  let after = 0;
  for (;;) {
    const page = await store.decisions.replay(period, after, PAGE);
    for (const d of page) yield asRequest(d);
    if (page.length < PAGE) return;
    after = page[page.length - 1].id;
  }
}

/** Writes the logged requests of a period as a JSON Lines corpus; returns how many. */
export async function writeLoggedCorpus(store: Pick<Store, 'decisions'>, period: DecisionPeriod, file: string): Promise<number> {
  const out = createWriteStream(file, { mode: 0o600 });
  let n = 0;
  try {
    for await (const line of loggedRequests(store, period)) {
      n++;
      if (!out.write(JSON.stringify(line) + '\n')) await once(out, 'drain');
    }
  } finally {
    out.end();
    await once(out, 'finish');
  }
  return n;
}

/** The corpus in words, for a kept impact analysis: "beslissingslog, 2026-11-08 t/m 2026-12-07 (412 beslissingen)". */
export function describeLogCorpus(since: string | undefined, until: string | undefined, count: number): string {
  const span = since && until ? `${since} t/m ${until}` : since ? `vanaf ${since}` : until ? `t/m ${until}` : 'alle beslissingen';
  return `beslissingslog, ${span} (${count} ${count === 1 ? 'beslissing' : 'beslissingen'})`;
}
