/**
 * What the contract cannot say about a proposal's texts. The edge has checked
 * the body against its schema (schemas/api ProposalCreate, ProposalPatch:
 * types, lengths, enums, the version pattern, the files' paths); here a title
 * or rationale of only spaces is refused (400 with JSON pointers).
 */
import type { ProposalCreate, ProposalPatch } from '../../../schemas/api/api-types.js';
import { invalid } from '../errors.js';

/** Text that is more than spaces: at least `min` characters once trimmed. */
export const hasText = (v: string, min = 1): boolean => v.trim().length >= min;

export function checkTexts(body: ProposalCreate | ProposalPatch): void {
  const details: { pointer: string; message: string }[] = [];
  if (body.title !== undefined && !hasText(body.title, 3)) details.push({ pointer: '/title', message: 'title: verplichte tekst van 3 tot 200 tekens' });
  if (body.rationale !== undefined && !hasText(body.rationale)) details.push({ pointer: '/rationale', message: 'rationale: verplichte toelichting' });
  if (details.length) throw invalid('het voorstel is niet goed gevormd', details);
}
