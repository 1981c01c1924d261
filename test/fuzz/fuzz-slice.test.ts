/**
 * A slice of `npm run fuzz` in the default suite: the real service in its own
 * process on loopback, 2,000 generated requests across every endpoint of its
 * OpenAPI document (issue 12's attacks among them, see bench/fuzz/), within 60 s.
 */
import { describe, expect, it } from 'vitest';
import { runFuzz, type FuzzReport } from '../../bench/fuzz/run.js';

let report: FuzzReport;

describe('fuzz slice', () => {
  it('answers 2,000 generated requests without a 5xx, a crash or a hang', async () => {
    report = await runFuzz({ count: 2_000, seconds: 60, concurrency: 8, timeoutMs: 15_000, seed: 12, probes: false, worst: false });
    expect(report.sent).toBeGreaterThan(500); // the slice really ran (the time bound may stop it before 2,000 on a busy machine)
    expect(report.serverErrors, JSON.stringify(report.serverErrors.samples.slice(0, 3))).toMatchObject({ count: 0 });
    expect(report.crashes, report.crashes.samples.join('\n')).toMatchObject({ count: 0 });
    expect(report.hangs, `${JSON.stringify(report.hangs.samples.slice(0, 3))}; slowest: ${JSON.stringify(report.slowest.slice(0, 5))}`).toMatchObject({ count: 0 });
    expect(report.connectionErrors).toBe(0);
  }, 120_000);

  it('answers every error under /api as JSON, never larger than the request (or the 4 KB floor of docs/limits.md)', () => {
    expect(report.nonJsonApiErrors, JSON.stringify(report.nonJsonApiErrors.samples.slice(0, 3))).toMatchObject({ count: 0 });
    expect(report.errorsOverBudget, JSON.stringify(report.errorsOverBudget.samples.slice(0, 3))).toMatchObject({ count: 0 });
  });
});
