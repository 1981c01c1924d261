/**
 * The work that may take long on hostile input: loading, compiling and testing
 * a draft or a changed version, evaluating on a draft, diffing a draft. Each
 * job takes and returns plain data, so it runs in a worker thread
 * (check-pool.ts) and never on the event loop that answers other clients.
 */
import { ApiError } from '../base/errors.js';
import { checkVersionStatically } from '../check/run-checks.js';
import { breakingChanges } from '../diff/breaking-changes.js';
import { semanticDiff } from '../diff/semantic-diff.js';
import { evaluate } from '../evaluate/evaluate.js';
import { createRegistry } from '../evaluate/registry.js';
import type { FactSchemas } from '../facts/fact-schemas.js';
import { loadVersion } from '../load/load-rules.js';
import { runVersionTests } from '../testing/run-tests.js';
import { mutateDraft } from '../testing/draft-mutation.js';
import { itemsOf } from '../diff/changes.js';
import { checkAdoption } from '../testing/verify-adoption.js';
import { newDisagreements } from '../testing/agreement-at-submit.js';
import { ImpactDraftError } from '../impact/check-sides.js';
import { impactOnCorpus } from '../impact/generated-corpus.js';
import { answerDraft } from './draft-request.js';
import type { AskBase, CheckJob, CheckResult, VersionFiles } from './check-job-types.js';

export type { CheckJob, CheckResult, VersionFiles } from './check-job-types.js';
import { parseJsonBody } from '../base/json-body-text.js';
import { checkParsedBody } from '../contract/api-schemas.js';

const load = (v: VersionFiles, facts: FactSchemas) => loadVersion(v.dir, new Map(v.files), facts);

/** What a job may ask the main thread while it runs (only a draft asks, for its base version). */
export interface JobQuestions {
  base: AskBase;
}

const noQuestions: JobQuestions = { base: () => Promise.reject(new Error('this pool answers no questions')) };

export async function runCheckJob(job: CheckJob, facts: FactSchemas, ask: JobQuestions = noQuestions): Promise<CheckResult> {
  switch (job.kind) {
    case 'draft':
      return { kind: 'draft', outcome: await answerDraft(job.input, ask.base, (inner) => runCheckJob(inner, facts)) };
    case 'json':
      try {
        const body = parseJsonBody(job.bytes, job.charset, job.strict);
        return { kind: 'json', body: job.check ? checkParsedBody(body, job.check) : body };
      } catch (e) {
        if (e instanceof ApiError) return { kind: 'json', error: e.toData() };
        throw e;
      }
    case 'check': {
      const { version, diagnostics } = load(job.version, facts);
      // The static checks (docs/static-checks.md), also on a version with load problems.
      const findings = version ? checkVersionStatically(version, facts, { today: job.today }) : [];
      if (!version || diagnostics.length) return { kind: 'check', loaded: !!version, diagnostics, cases: [], findings };
      try {
        const cases = await runVersionTests(version, createRegistry([version], facts), job.today);
        return { kind: 'check', loaded: true, diagnostics, cases, findings };
      } catch (e) {
        return { kind: 'check', loaded: true, diagnostics, cases: [], compileError: String((e as Error)?.message ?? e), findings };
      }
    }
    case 'evaluate': {
      const { version, diagnostics } = load(job.version, facts);
      if (!version || diagnostics.length) return { kind: 'evaluate', diagnostics };
      try {
        return { kind: 'evaluate', diagnostics, answer: await evaluate(createRegistry([version], facts), job.request as never, { today: job.today }) };
      } catch (e) {
        if (e instanceof ApiError) return { kind: 'evaluate', diagnostics, error: e.toData() };
        throw e;
      }
    }
    case 'diff': {
      const base = load(job.base, facts).version;
      const { version, diagnostics } = load(job.version, facts);
      if (!base || !version) return { kind: 'diff', diagnostics };
      return { kind: 'diff', diagnostics, diff: { ...semanticDiff(base, version), breaking: breakingChanges(base, version, facts) } };
    }
    case 'mutate': {
      const base = load(job.base, facts).version;
      const { version, diagnostics } = load(job.version, facts);
      if (!base || !version || diagnostics.length) return { kind: 'mutate', diagnostics };
      return { kind: 'mutate', diagnostics, mutation: await mutateDraft(base, version, facts, job.today) };
    }
    case 'adoption':
      return { kind: 'adoption', check: await checkAdoption(job.check, facts) };
    case 'agreement':
      return { kind: 'agreement', warnings: newDisagreements(job.input, facts) };
    case 'items':
      return { kind: 'items', items: job.files.map(([path, text]) => itemsOf(path, text)) };
    case 'impact': {
      try {
        return { kind: 'impact', report: await impactOnCorpus(job.job) };
      } catch (e) {
        if (e instanceof ImpactDraftError) return { kind: 'impact', diagnostics: e.diagnostics };
        if (e instanceof ApiError) return { kind: 'impact', error: e.toData() };
        throw e;
      }
    }
  }
}
