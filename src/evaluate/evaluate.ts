/**
 * evaluate(): the one road from a request to an answer, used by the server,
 * the CLI, the rule-set tests, the editor's preview and impact analysis:
 * resolve, run and answer (answer.ts), then with explain "waarom-niet" the
 * why-not search (why-not.ts), which reuses that answer's trace.
 */
import { answerRequest, type EvaluateOptions, type EvaluateRequest, type EvaluateResponse } from './answer.js';
import type { Registry } from './registry.js';
import { whyNot } from './why-not.js';

export { todayIso, type EvaluateOptions, type EvaluateRequest, type EvaluateResponse } from './answer.js';

export async function evaluate(registry: Registry, req: EvaluateRequest, opts: EvaluateOptions = {}): Promise<EvaluateResponse> {
  const response = await answerRequest(registry, req, opts);
  if (req.explain === 'waarom-niet') response.waaromNiet = await whyNot(registry, req, response, opts);
  return response;
}
