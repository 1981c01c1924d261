/**
 * Impact analysis: every case of a corpus under two rule sets, streamed from
 * disk in batches to two worker threads; only changed answers come back and
 * are folded into the report at once, so memory stays flat as the corpus grows.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { checkSides } from './check-sides.js';
import type { BatchResult, ChangedCase, ImpactReport, RuleSide } from './types.js';

export interface ImpactOptions {
  from: RuleSide;
  to: RuleSide;
  corpus: string;
  workers?: number;
  batchSize?: number;
  examplesPerGroup?: number;
}

const WORKER_URL = new URL('./worker-entry.mjs', import.meta.url);

function startWorker(from: RuleSide, to: RuleSide): Worker {
  return new Worker(WORKER_URL, { workerData: { from, to } });
}

/** Throws ImpactDraftError (with diagnostics) when the `to` side does not load. */
export async function runImpact(o: ImpactOptions): Promise<ImpactReport> {
  checkSides(o.from, o.to);
  const started = performance.now();
  const workers = Array.from({ length: o.workers ?? 2 }, () => startWorker(o.from, o.to));
  const idle: Worker[] = [...workers];
  const waiting: ((w: Worker) => void)[] = [];
  const pending = new Set<Promise<void>>();
  const acc = accumulator(o.from, o.to, o.examplesPerGroup ?? 3);
  let failure: unknown;

  const acquire = () => new Promise<Worker>((resolve) => {
    const w = idle.pop();
    if (w) resolve(w);
    else waiting.push(resolve);
  });
  const release = (w: Worker) => {
    const next = waiting.shift();
    if (next) next(w);
    else idle.push(w);
  };
  const send = async (lines: string[], numbers: number[]) => {
    const w = await acquire();
    const p = new Promise<void>((resolve, reject) => {
      const onMessage = (r: BatchResult) => {
        w.off('error', onError);
        acc.add(r);
        release(w);
        resolve();
      };
      const onError = (e: unknown) => {
        w.off('message', onMessage);
        reject(e);
      };
      w.once('message', onMessage);
      w.once('error', onError);
      w.postMessage({ lines, numbers });
    }).catch((e) => {
      failure ??= e;
    });
    pending.add(p);
    p.finally(() => pending.delete(p));
  };

  try {
    const rl = createInterface({ input: createReadStream(o.corpus, { encoding: 'utf8' }), crlfDelay: Infinity });
    let batch: string[] = [];
    let numbers: number[] = [];
    let lineNo = 0;
    const size = o.batchSize ?? 500;
    for await (const line of rl) {
      lineNo++;
      if (!line.trim()) continue;
      acc.line();
      batch.push(line);
      numbers.push(lineNo);
      if (batch.length >= size) {
        await send(batch, numbers); // waits for a free worker: the reader never runs ahead of both workers
        batch = [];
        numbers = [];
      }
      if (failure) break;
    }
    if (batch.length && !failure) await send(batch, numbers);
    await Promise.all(pending);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  if (failure) throw failure;
  return acc.report((performance.now() - started) / 1000);
}

function accumulator(from: RuleSide, to: RuleSide, examples: number) {
  let cases = 0;
  let evaluated = 0;
  let changed = 0;
  let skipped = 0;
  const skippedExamples: { line: number; message: string }[] = [];
  const transitions = new Map<string, { from: string; to: string; count: number; examples: ChangedCase[] }>();
  const byRule = new Map<string, { firesNow: number; stopsFiring: number }>();
  const byCode = new Map<string, { added: number; removed: number }>();
  const money = { nuAfgekeurd: 0, nuGoedgekeurd: 0 };
  const amounts = { changed: 0, delta: 0 };
  const moneyByRule = new Map<string, { changed: number; delta: number }>();
  const moneyByGroup = new Map<string, { changed: number; delta: number }>();
  const bump = <T>(m: Map<string, T>, k: string, init: () => T) => {
    let v = m.get(k);
    if (!v) m.set(k, (v = init()));
    return v;
  };
  return {
    line: () => {
      cases++;
    },
    add(r: BatchResult) {
      evaluated += r.evaluated;
      skipped += r.skipped.length;
      for (const s of r.skipped) if (skippedExamples.length < examples) skippedExamples.push(s);
      for (const c of r.changed) {
        changed++;
        const key = `${c.decision}: ${c.from.outcome} -> ${c.to.outcome}`;
        const t = bump(transitions, key, () => ({ from: `${c.decision}: ${c.from.outcome}`, to: c.to.outcome, count: 0, examples: [] }));
        t.count++;
        if (t.examples.length < examples) t.examples.push(c);
        for (const rule of c.to.rules) if (!c.from.rules.includes(rule)) bump(byRule, rule, () => ({ firesNow: 0, stopsFiring: 0 })).firesNow++;
        for (const rule of c.from.rules) if (!c.to.rules.includes(rule)) bump(byRule, rule, () => ({ firesNow: 0, stopsFiring: 0 })).stopsFiring++;
        for (const code of c.to.codes) if (!c.from.codes.includes(code)) bump(byCode, code, () => ({ added: 0, removed: 0 })).added++;
        for (const code of c.from.codes) if (!c.to.codes.includes(code)) bump(byCode, code, () => ({ added: 0, removed: 0 })).removed++;
        if (c.from.money !== null && c.to.money !== null && c.from.money !== c.to.money) {
          const delta = c.to.money - c.from.money;
          amounts.changed++;
          amounts.delta += delta;
          // The rule that carries the amount, else (a declaration's granted amount) the rules whose firing changed.
          const moved = [...c.to.rules.filter((r) => !c.from.rules.includes(r)), ...c.from.rules.filter((r) => !c.to.rules.includes(r))];
          const rule = c.to.moneyRule ?? c.from.moneyRule ?? moved[0] ?? '(geen regel)';
          const r = bump(moneyByRule, rule, () => ({ changed: 0, delta: 0 }));
          r.changed++;
          r.delta += delta;
          const g = bump(moneyByGroup, c.tariefgroepen.join('+') || 'geen', () => ({ changed: 0, delta: 0 }));
          g.changed++;
          g.delta += delta;
        }
        if (c.amount !== null && c.from.outcome === 'goedgekeurd' && c.to.outcome === 'afgekeurd') money.nuAfgekeurd += c.amount;
        if (c.amount !== null && c.from.outcome === 'afgekeurd' && c.to.outcome === 'goedgekeurd') money.nuGoedgekeurd += c.amount;
      }
    },
    report(seconds: number): ImpactReport {
      return {
        protocol: from.protocol,
        protocols: from.protocols,
        from: from.label,
        to: to.label,
        cases,
        evaluated,
        changed,
        skipped: { count: skipped, examples: skippedExamples },
        transitions: [...transitions.values()].sort((a, b) => b.count - a.count),
        byRule: [...byRule].map(([rule, v]) => ({ rule, ...v })).sort((a, b) => b.firesNow + b.stopsFiring - (a.firesNow + a.stopsFiring) || a.rule.localeCompare(b.rule)),
        byCode: [...byCode].map(([code, v]) => ({ code, ...v })).sort((a, b) => a.code.localeCompare(b.code)),
        money: { ...money, netto: money.nuGoedgekeurd - money.nuAfgekeurd },
        amounts: {
          ...amounts,
          byRule: [...moneyByRule].map(([rule, v]) => ({ rule, ...v })).sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || a.rule.localeCompare(b.rule)),
          byTariefgroep: [...moneyByGroup].map(([tariefgroep, v]) => ({ tariefgroep, ...v })).sort((a, b) => a.tariefgroep.localeCompare(b.tariefgroep)),
        },
        seconds,
        casesPerSecond: evaluated / seconds,
      };
    },
  };
}
