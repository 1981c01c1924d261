/** The adoption use cases, bound to one context (the stages: use-cases/adopt-version.ts). */
import type { AmendContext } from './context.js';
import type { Actor, Adoption, VersionAdoption } from './types.js';
import { adoptVersion, RETROACTIVE_ACTION } from './use-cases/adopt-version.js';
import { recoverAdoptions } from './use-cases/recover-adoptions.js';
import type { AdoptionInput } from '../../schemas/api/api-types.js';

export type { AdoptionRequest } from './use-cases/adopt-version.js';


export function createAdoptions(ctx: AmendContext) {
  return {
    adopt: (actor: Actor, body: AdoptionInput) => adoptVersion(ctx, actor, body),
    /** The adopted versions; a retroactive one with the reason the audit log keeps. */
    list: async () => Promise.all((await ctx.store.listAdoptions('vastgesteld')).map(async ({ tagObject: _t, previousMain: _p, ...a }) => {
      const retro = (await ctx.store.auditOf('adoption', a.tag)).filter((e) => e.action === RETROACTIVE_ACTION).at(-1);
      return { ...a, retroactive: retro ? { reason: retro.reason ?? '' } : null } as Adoption;
    })),
    recover: () => recoverAdoptions(ctx),
    ofVersion: (protocol: string, version: string) => versionAdoption(ctx, protocol, version),
  };
}

/** Who adopted a version, when, and from which proposals (null: not adopted through the procedure, e.g. a version shipped in rules/). */
async function versionAdoption(ctx: AmendContext, protocol: string, version: string): Promise<VersionAdoption | null> {
  const a = (await ctx.store.listAdoptions('vastgesteld')).find((x) => x.protocol === protocol && x.version === version);
  if (!a) return null;
  const proposals = await Promise.all(a.proposalIds.map(async (id) => {
    const p = await ctx.store.getProposal(id);
    return { id, title: p?.title ?? `voorstel ${id}`, category: p?.category ?? null, author: p?.author ?? null };
  }));
  return { tag: a.tag, validFrom: a.validFrom, adoptedBy: a.adoptedBy, adoptedAt: a.at, proposals };
}

export type Adoptions = ReturnType<typeof createAdoptions>;
