/**
 * Which transitions exist, who may make them and what each category requires
 * (ARCHITECTURE.md "The amendment procedure"). Submission (concept -> ingediend)
 * has its own endpoint because it validates the changed version.
 */
import type { Category, ProposalState, Role } from './types.js';

export type Mover = 'author' | 'reviewer';

interface Edge {
  from: ProposalState[];
  to: ProposalState;
  by: Mover;
  categories: Category[];
}

const ALL: Category[] = ['verhelderen', 'verwerken', 'wijzigen'];

export const EDGES: Edge[] = [
  { from: ['concept'], to: 'ingediend', by: 'author', categories: ALL },
  { from: ['ingediend'], to: 'in_behandeling', by: 'reviewer', categories: ALL },
  { from: ['in_behandeling'], to: 'consultatie', by: 'reviewer', categories: ['wijzigen'] },
  { from: ['in_behandeling'], to: 'aangenomen', by: 'reviewer', categories: ['verhelderen', 'verwerken'] },
  { from: ['consultatie'], to: 'aangenomen', by: 'reviewer', categories: ['wijzigen'] },
  { from: ['ingediend', 'in_behandeling', 'consultatie'], to: 'afgewezen', by: 'reviewer', categories: ALL },
  // Sent back to its author with a reason (before consultation: the providers answer one text): the author edits and submits again.
  { from: ['ingediend', 'in_behandeling'], to: 'concept', by: 'reviewer', categories: ALL },
  { from: ['concept', 'ingediend', 'in_behandeling', 'consultatie'], to: 'ingetrokken', by: 'author', categories: ALL },
];

/** The role a mover needs. Authors must also be the proposal's author; reviewers must not be. */
export const ROLE_OF: Record<Mover, Role> = { author: 'indiener', reviewer: 'beoordelaar' };

/** Targets accepted by POST /proposals/{id}/transition (submission has its own endpoint). */
export const TRANSITION_TARGETS: ProposalState[] = ['in_behandeling', 'consultatie', 'aangenomen', 'afgewezen', 'ingetrokken', 'concept'];

export function findEdge(category: Category, from: ProposalState, to: ProposalState): Edge | undefined {
  return EDGES.find((e) => e.to === to && e.from.includes(from) && e.categories.includes(category));
}

/** The mover for a target state, whatever the current state (for a clear 403 before a 409). */
export function moverFor(to: ProposalState): Mover | undefined {
  return EDGES.find((e) => e.to === to)?.by;
}
