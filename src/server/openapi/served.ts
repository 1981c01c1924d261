/**
 * GET /api/openapi.json: the document for the rules being served, made again
 * when they change (an adoption or reload swaps the registry) or the day does
 * (the answers of its examples are evaluated on the service's clock).
 */
import type { RequestHandler } from 'express';
import { asyncHandler } from '../errors.js';
import type { RegistryHolder } from '../registry-holder.js';
import { decisionContract } from './decision-contract.js';
import { openApiDocument, type OpenApiFragment } from './document.js';

export function openApiRoute(holder: RegistryHolder, fragments: OpenApiFragment[], today: () => string): RequestHandler {
  let made: { key: string; doc: Promise<Record<string, unknown>> } | undefined;
  return asyncHandler(async (_req, res) => {
    const key = `${holder.generation()} ${today()}`;
    if (made?.key !== key) {
      const registry = holder.current();
      made = { key, doc: decisionContract(registry, today()).then((c) => openApiDocument(fragments, c)) };
    }
    res.json(await made.doc);
  });
}
