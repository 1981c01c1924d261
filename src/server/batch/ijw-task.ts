/**
 * An iJw message on a batch worker: the worker answers it with answerIjwBody
 * (the main thread's own code) and sends back the text, or its client error as
 * plain data, and the decisions for the log; the main thread turns an error
 * back into the same ApiError. Parsing, checking, judging and writing a large
 * message then never hold up the event loop (issue 22).
 */
import type { IjwDecision } from '../../decision-log/hooks.js';
import { ApiError } from '../../base/errors.js';
import type { Registry } from '../../evaluate/registry.js';
import { answerIjwBody } from '../../ijw/answer-body.js';
import type { IjwReply, IjwWorkerJob } from './protocol.js';
import { parseJsonBody } from '../../base/json-body-text.js';

/** On the worker. What the log keeps of an event (decision-log/entry.ts reduce): so little is copied back. */
export async function runIjwTask(registry: Registry, job: IjwWorkerJob): Promise<IjwReply> {
  const decisions: IjwDecision[] = [];
  const onDecision = job.decisions ? (d: IjwDecision) => void decisions.push({
    ...d, events: d.events.map((e) => ({ rule: e.rule, type: e.type, code: e.code, title: '', message: '', source: '', params: typeof e.params?.bedrag === 'number' ? { bedrag: e.params.bedrag } : {} })),
  }) : undefined;
  try {
    // A body sent as bytes is parsed here, as express.json({ strict: true }) would (the same 400s).
    const body = job.raw ? parseJsonBody(job.raw, job.charset, true) : job.body;
    const { raw: _raw, charset: _charset, decisions: _decisions, ...rest } = job;
    const { text, ...answer } = await answerIjwBody({ ...rest, body }, registry, onDecision);
    return { ...answer, bytes: new TextEncoder().encode(text), ...(job.decisions ? { decisions } : {}) };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    return { error: e.toData() };
  }
}

/** On the main thread: the reply's answer (its bytes), or its error thrown as the ApiError it was. */
export function ijwAnswerOf(reply: IjwReply): Extract<IjwReply, { bytes: Uint8Array }> {
  if (reply.error) throw ApiError.fromData(reply.error);
  return reply;
}
