/**
 * An iJw request body (the parsed JSON envelope) to the text of its answer: the
 * envelope checked, the message answered, the answer written (the JW325 as XML
 * or its JSON twin; the allocation answer as JSON), and what the route logs
 * about it. The one place for this, run on the main thread for small bodies
 * and on a batch worker for large ones (src/server/batch/worker.ts), so both
 * give the same bytes and the same errors (ApiError, thrown).
 */
import type { IjwDecision } from '../decision-log/hooks.js';
import type { Registry } from '../evaluate/registry.js';
import { checkEnvelope, type DeclaratieEnvelope, type ToewijzingEnvelope } from './envelope.js';
import { jw325Json, jw325Xml } from './jw325.js';
import type { IjwLimits } from './limits.js';
import { maskBsn } from './mask.js';
import { answerDeclaratie, answerToewijzing } from './service.js';

export type IjwRoute = 'declaratie' | 'toewijzing';

export interface IjwJob {
  route: IjwRoute;
  body: unknown;
  today: string;
  limits: IjwLimits;
  /** The JW325's JSON twin instead of its XML (Accept: application/json). */
  json: boolean;
}

export interface IjwAnswerText {
  type: 'json' | 'xml';
  text: string;
  /** What the route logs (counts, never a BSN), and its message. */
  log: { fields: Record<string, unknown>; msg: string };
}

export async function answerIjwBody(job: IjwJob, registry: Registry, onDecision?: (d: IjwDecision) => void): Promise<IjwAnswerText> {
  const o = { registry, today: job.today, limits: job.limits, onDecision };
  if (job.route === 'toewijzing') {
    const env = checkEnvelope<ToewijzingEnvelope>('toewijzing', job.body);
    const answer = await answerToewijzing(env, o);
    return { type: 'json', text: JSON.stringify(answer), log: { fields: { bericht: answer.bericht, producten: answer.producten.length }, msg: 'allocation message answered' } };
  }
  const env = checkEnvelope<DeclaratieEnvelope>('declaratie', job.body);
  const started = process.hrtime.bigint();
  const result = await answerDeclaratie(env, o);
  const fields = {
    declaratieNummer: maskBsn(result.message.declaratieNummer), lines: result.lines.length, rejected: result.lines.filter((l) => !l.granted).length,
    inMessage: result.inMessage.map((f) => f.rule), ms: Number(process.hrtime.bigint() - started) / 1e6,
  };
  const log = { fields, msg: 'jw323 answered' };
  return job.json ? { type: 'json', text: JSON.stringify(jw325Json(result, job.today)), log } : { type: 'xml', text: jw325Xml(result, job.today), log };
}
