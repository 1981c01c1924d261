import { readFileSync } from 'node:fs';
import { evaluate, type EvaluateRequest } from '../evaluate/evaluate.js';
import { ApiError } from '../base/errors.js';
import { readRuleFiles } from '../load/rule-source.js';
import { loadProject } from '../evaluate/project.js';
import type { Output } from './output.js';

/**
 * `eval <request.json>`: evaluates a request shaped like the API body
 * ({protocol, decision, facts, date?, version?, explain?}); `-` reads standard input.
 */
export async function evalCommand(args: string[], io: Output, rulesDir: string): Promise<number> {
  const path = args.find((a) => !a.startsWith('--'));
  if (!path) {
    io.err('gebruik: eval <verzoek.json> [--explain]');
    return 2;
  }
  let req: EvaluateRequest;
  try {
    req = JSON.parse(readFileSync(path === '-' ? 0 : path, 'utf8'));
  } catch (e) {
    io.err(`${path}: geen geldige JSON: ${(e as Error).message}`);
    return 1;
  }
  if (args.includes('--explain')) req.explain = true;
  const project = loadProject(readRuleFiles(rulesDir));
  try {
    io.out(JSON.stringify(await evaluate(project.registry, req), null, 2));
    return 0;
  } catch (e) {
    if (e instanceof ApiError) {
      io.err(JSON.stringify(e.toJSON(), null, 2));
      return 1;
    }
    throw e;
  }
}
