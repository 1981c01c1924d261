/** The adoption use cases, bound to one context (the stages: use-cases/adopt-version.ts). */
import type { AmendContext } from './context.js';
import type { Actor, Adoption } from './types.js';
import { adoptVersion } from './use-cases/adopt-version.js';
import { recoverAdoptions } from './use-cases/recover-adoptions.js';
import type { AdoptionInput } from '../../schemas/api/api-types.js';

export type { AdoptionRequest } from './use-cases/adopt-version.js';


export function createAdoptions(ctx: AmendContext) {
  return {
    adopt: (actor: Actor, body: AdoptionInput) => adoptVersion(ctx, actor, body),
    list: async () => (await ctx.store.listAdoptions('vastgesteld')).map(({ tagObject: _t, previousMain: _p, ...a }) => a as Adoption),
    recover: () => recoverAdoptions(ctx),
  };
}

export type Adoptions = ReturnType<typeof createAdoptions>;
