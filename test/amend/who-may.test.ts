/**
 * Who may take which step of the amendment procedure, and which steps exist per category, as staff
 * meet them: the Dutch refusal they read (403) and the transitions the procedure allows
 * (src/amend/permissions.ts, src/amend/state-machine.ts). In-process, so every grant and edge is
 * asserted without a server; test/amend/authorisation.test.ts checks the same over HTTP.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/base/errors.js';
import { authorise, may } from '../../src/amend/permissions.js';
import { findEdge, moverFor } from '../../src/amend/state-machine.js';
import type { Actor, ProposalState, Role } from '../../src/amend/types.js';

const actor = (username: string, ...roles: Role[]): Actor => ({ username, name: username, roles });
const proposal = (state: ProposalState = 'ingediend') => ({ id: 7, author: 'anna', state });

const anna = actor('anna', 'indiener', 'beoordelaar', 'beheerder'); // wrote proposal 7, and holds every role
const bert = actor('bert', 'beoordelaar');
const chris = actor('chris', 'beheerder');
const dirk = actor('dirk', 'indiener');
const eva = actor('eva');

/** The refusal an actor reads, or null when the step is allowed. */
function refusal(a: Actor, action: Parameters<typeof authorise>[1], p?: ReturnType<typeof proposal>): string | null {
  try {
    authorise(a, action, p);
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).kind).toBe('forbidden');
    return (e as ApiError).message;
  }
}

describe('who may take a step', () => {
  it('nobody decides on, consents to or adopts their own proposal, whatever their roles', () => {
    expect(refusal(anna, 'voorstel.beoordelen', proposal())).toBe('u beslist niet over uw eigen voorstel');
    expect(refusal(anna, 'instemming.vastleggen', proposal())).toBe('u legt geen instemming vast op uw eigen voorstel');
    expect(refusal(anna, 'voorstel.vaststellen', proposal('aangenomen'))).toBe('u stelt uw eigen voorstel 7 niet vast');
    expect(refusal(bert, 'voorstel.beoordelen', proposal())).toBeNull();
    expect(refusal(bert, 'instemming.vastleggen', proposal())).toBeNull();
    expect(refusal(chris, 'instemming.vastleggen', proposal())).toBeNull();
    expect(refusal(chris, 'voorstel.vaststellen', proposal('aangenomen'))).toBeNull();
  });

  it('someone without the role reads what the step asks for, not that the proposal is theirs', () => {
    expect(refusal(eva, 'voorstel.beoordelen', proposal())).toBe('deze stap vraagt de rol beoordelaar');
    expect(refusal(dirk, 'instemming.vastleggen', proposal())).toBe('instemming vastleggen vraagt de rol beoordelaar of beheerder');
    expect(refusal(bert, 'voorstel.vaststellen', proposal('aangenomen'))).toBe('vaststellen vraagt de rol beheerder');
    expect(refusal(bert, 'versie.vaststellen')).toBe('vaststellen vraagt de rol beheerder');
    expect(refusal(chris, 'versie.vaststellen')).toBeNull();
    expect(refusal(dirk, 'aanbieders.bijhouden')).toBe('het aanbiedersregister wordt bijgehouden door de beheerder');
  });

  it('only the author changes, submits or withdraws a proposal; any indiener may start one', () => {
    for (const action of ['voorstel.wijzigen', 'voorstel.indienen', 'voorstel.intrekken'] as const) {
      expect(may(anna, action, proposal('concept'))).toBe(true);
      expect(may(dirk, action, proposal('concept'))).toBe(false);
    }
    expect(refusal(dirk, 'voorstel.intrekken', proposal('concept'))).toBe('alleen de indiener trekt het eigen voorstel in');
    expect(may(dirk, 'voorstel.aanmaken')).toBe(true);
    expect(refusal(bert, 'voorstel.aanmaken')).toBe('een voorstel indienen vraagt de rol indiener');
  });

  it('a reviewer or administrator who did not write it may bring a proposal up to date only once it is submitted', () => {
    const why = 'bijwerken mag de indiener, of na indienen een beoordelaar of beheerder die het voorstel niet schreef';
    expect(refusal(bert, 'voorstel.bijwerken', proposal('concept'))).toBe(why);
    expect(refusal(chris, 'voorstel.bijwerken', proposal('concept'))).toBe(why);
    for (const state of ['ingediend', 'in_behandeling', 'consultatie'] as const) {
      expect(may(bert, 'voorstel.bijwerken', proposal(state))).toBe(true);
      expect(may(chris, 'voorstel.bijwerken', proposal(state))).toBe(true);
    }
    // Its author, in every state; an indiener who did not write it, in none.
    expect(may(anna, 'voorstel.bijwerken', proposal('concept'))).toBe(true);
    expect(refusal(dirk, 'voorstel.bijwerken', proposal('ingediend'))).toBe(why);
  });
});

describe('which steps exist', () => {
  it('a wijziging goes through consultation; a verheldering or verwerking is adopted without it', () => {
    expect(findEdge('wijzigen', 'in_behandeling', 'consultatie')).toBeDefined();
    expect(findEdge('wijzigen', 'in_behandeling', 'aangenomen')).toBeUndefined();
    expect(findEdge('wijzigen', 'consultatie', 'aangenomen')).toBeDefined();
    for (const c of ['verhelderen', 'verwerken'] as const) {
      expect(findEdge(c, 'in_behandeling', 'aangenomen')).toBeDefined();
      expect(findEdge(c, 'in_behandeling', 'consultatie')).toBeUndefined();
    }
  });

  it('a proposal is sent back to its author only before consultation, and withdrawn only before a decision', () => {
    expect(findEdge('wijzigen', 'in_behandeling', 'concept')).toBeDefined();
    expect(findEdge('wijzigen', 'consultatie', 'concept')).toBeUndefined();
    expect(findEdge('wijzigen', 'consultatie', 'ingetrokken')).toBeDefined();
    expect(findEdge('wijzigen', 'aangenomen', 'ingetrokken')).toBeUndefined();
    expect(findEdge('verhelderen', 'afgewezen', 'in_behandeling')).toBeUndefined();
  });

  it('the author withdraws and submits; every other step is the reviewer’s', () => {
    expect(moverFor('ingetrokken')).toBe('author');
    expect(moverFor('ingediend')).toBe('author');
    for (const to of ['in_behandeling', 'consultatie', 'aangenomen', 'afgewezen', 'concept'] as const) expect(moverFor(to)).toBe('reviewer');
  });
});
