/** The adoption use cases, bound to one context (the stages: use-cases/adopt-version.ts). */
import type { AmendContext } from './context.js';
import { notFound } from './errors.js';
import type { Actor, Adoption } from './types.js';
import { adoptVersion } from './use-cases/adopt-version.js';
import { recoverAdoptions } from './use-cases/recover-adoptions.js';

export type { AdoptionRequest } from './use-cases/adopt-version.js';

export function createAdoptions(ctx: AmendContext) {
  return {
    adopt: (actor: Actor, body: Record<string, unknown>) => adoptVersion(ctx, actor, body),
    list: async () => (await ctx.store.listAdoptions('vastgesteld')).map(({ tagObject: _t, previousMain: _p, ...a }) => a as Adoption),
    recover: () => recoverAdoptions(ctx),
    get: async (protocol: string, version: string) => {
      const a = (await ctx.store.listAdoptions('vastgesteld')).find((x) => x.protocol === protocol && x.version === version);
      if (!a) throw notFound(`vaststelling ${protocol} ${version}`);
      return a;
    },
  };
}

export type Adoptions = ReturnType<typeof createAdoptions>;
