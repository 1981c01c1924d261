/** The adoption use cases, bound to one context (the stages: use-cases/adopt-version.ts). */
import type { AmendContext } from './context.js';
import type { Actor, Adoption } from './types.js';
import { adoptVersion, RETROACTIVE_ACTION } from './use-cases/adopt-version.js';
import { recoverAdoptions } from './use-cases/recover-adoptions.js';

export type { AdoptionRequest } from './use-cases/adopt-version.js';

export function createAdoptions(ctx: AmendContext) {
  return {
    adopt: (actor: Actor, body: Record<string, unknown>) => adoptVersion(ctx, actor, body),
    /** The adopted versions; a retroactive one with the reason the audit log keeps. */
    list: async () => Promise.all((await ctx.store.listAdoptions('vastgesteld')).map(async ({ tagObject: _t, previousMain: _p, ...a }) => {
      const retro = (await ctx.store.auditOf('adoption', a.tag)).filter((e) => e.action === RETROACTIVE_ACTION).at(-1);
      return { ...a, retroactive: retro ? { reason: retro.reason ?? '' } : null } as Adoption;
    })),
    recover: () => recoverAdoptions(ctx),
  };
}

export type Adoptions = ReturnType<typeof createAdoptions>;
