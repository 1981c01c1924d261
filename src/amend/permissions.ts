/**
 * Who may do what in the amendment procedure, as one table beside the state
 * machine (state-machine.ts says which transitions exist; this says who acts).
 * A permission holds when any of its grants holds. A grant names the roles
 * (one suffices) and how the actor must relate to the proposal: its author
 * (`eigen`), not its author (`ander`), or either. The Dutch refusal is
 * what a refused actor reads (403 forbidden).
 */
import { forbidden } from './errors.js';
import type { Actor, Proposal, ProposalState, Role } from './types.js';

interface Grant {
  roles: Role[];
  proposal?: 'eigen' | 'ander';
  /** States of the proposal in which the grant holds (default: any). */
  states?: ProposalState[];
}

interface Permission {
  grants: Grant[];
  /** Read by an actor without any of the roles. */
  refusal: string;
  /** Read by an actor with a role but the wrong relation to the proposal or its state; `{id}` is the proposal's number. */
  refusalOther?: string;
}

const SUBMITTED: ProposalState[] = ['ingediend', 'in_behandeling', 'consultatie', 'aangenomen', 'afgewezen', 'ingetrokken'];

export const PERMISSIONS = {
  'voorstel.aanmaken': { grants: [{ roles: ['indiener'] }], refusal: 'een voorstel indienen vraagt de rol indiener' },
  'voorstel.wijzigen': { grants: [{ roles: ['indiener'], proposal: 'eigen' }], refusal: 'alleen de indiener wijzigt een voorstel' },
  'voorstel.indienen': { grants: [{ roles: ['indiener'], proposal: 'eigen' }], refusal: 'alleen de indiener dient het eigen voorstel in' },
  'voorstel.intrekken': { grants: [{ roles: ['indiener'], proposal: 'eigen' }], refusal: 'alleen de indiener trekt het eigen voorstel in' },
  'voorstel.beoordelen': { grants: [{ roles: ['beoordelaar'], proposal: 'ander' }], refusal: 'deze stap vraagt de rol beoordelaar', refusalOther: 'u beslist niet over uw eigen voorstel' },
  'voorstel.bijwerken': {
    grants: [{ roles: ['indiener'], proposal: 'eigen' }, { roles: ['beoordelaar', 'beheerder'], proposal: 'ander', states: SUBMITTED }],
    refusal: 'bijwerken mag de indiener, of na indienen een beoordelaar of beheerder die het voorstel niet schreef',
  },
  'instemming.vastleggen': { grants: [{ roles: ['beoordelaar', 'beheerder'], proposal: 'ander' }], refusal: 'instemming vastleggen vraagt de rol beoordelaar of beheerder', refusalOther: 'u legt geen instemming vast op uw eigen voorstel' },
  'aanbieders.bijhouden': { grants: [{ roles: ['beheerder'] }], refusal: 'het aanbiedersregister wordt bijgehouden door de beheerder' },
  'versie.vaststellen': { grants: [{ roles: ['beheerder'] }], refusal: 'vaststellen vraagt de rol beheerder' },
  'voorstel.vaststellen': { grants: [{ roles: ['beheerder'], proposal: 'ander' }], refusal: 'vaststellen vraagt de rol beheerder', refusalOther: 'u stelt uw eigen voorstel {id} niet vast' },
} satisfies Record<string, Permission>;

export type Action = keyof typeof PERMISSIONS;

type Subject = Pick<Proposal, 'id' | 'author' | 'state'>;

function grants(g: Grant, actor: Actor, p?: Subject): boolean {
  if (!g.roles.some((r) => actor.roles.includes(r))) return false;
  if (g.proposal && p && (p.author === actor.username) !== (g.proposal === 'eigen')) return false;
  if (g.states && p && !g.states.includes(p.state)) return false;
  return true;
}

export function may(actor: Actor, action: Action, p?: Subject): boolean {
  return (PERMISSIONS[action] as Permission).grants.some((g) => grants(g, actor, p));
}

/** Throws 403 forbidden with the table's refusal unless `may`. */
export function authorise(actor: Actor, action: Action, p?: Subject): void {
  if (may(actor, action, p)) return;
  const perm = PERMISSIONS[action] as Permission;
  const hasRole = perm.grants.some((g) => g.roles.some((r) => actor.roles.includes(r)));
  throw forbidden((hasRole && perm.refusalOther ? perm.refusalOther : perm.refusal).replace('{id}', String(p?.id ?? '')));
}
