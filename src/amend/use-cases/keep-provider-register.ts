/** The register of contracted providers (jeugdhulpaanbieders), kept by the admin; consent counts against it. */
import { nowIso, type AmendContext } from '../context.js';
import { invalid } from '../errors.js';
import { authorise } from '../permissions.js';
import type { Actor, Provider } from '../types.js';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function createProviders(ctx: AmendContext) {
  const { store, clock } = ctx;
  return {
    list: () => store.listProviders(),
    /** Adds or updates one provider ({id, name, contracted?}) or several ({providers: [...]}). */
    async upsert(actor: Actor, body: Record<string, unknown>): Promise<Provider[]> {
      authorise(actor, 'aanbieders.bijhouden');
      const many = Array.isArray(body.providers);
      const items = (many ? body.providers : [body]) as Record<string, unknown>[];
      const details: { pointer: string; message: string }[] = [];
      items.forEach((p, i) => {
        const at = many ? `/providers/${i}` : '';
        if (!p || typeof p !== 'object') return details.push({ pointer: at || '/', message: 'verwacht { id, name, contracted }' });
        if (typeof p.id !== 'string' || !ID.test(p.id)) details.push({ pointer: `${at}/id`, message: 'id: letters, cijfers, punt, streep (hoogstens 64)' });
        if (typeof p.name !== 'string' || !p.name.trim()) details.push({ pointer: `${at}/name`, message: 'name: verplicht' });
        if ('contracted' in p && typeof p.contracted !== 'boolean') details.push({ pointer: `${at}/contracted`, message: 'contracted: true of false' });
      });
      if (!items.length) details.push({ pointer: '/providers', message: 'lege lijst' });
      if (details.length) throw invalid('aanbieder niet goed gevormd', details);
      const out = items.map((p) => ({ id: p.id as string, name: (p.name as string).trim(), contracted: p.contracted !== false }));
      await store.tx(async (t) => {
        for (const p of out) {
          const before = await t.getProvider(p.id);
          await t.upsertProvider(p);
          const state = (x?: Provider) => (x ? (x.contracted ? 'gecontracteerd' : 'niet gecontracteerd') : null);
          await t.audit({ at: nowIso(clock), actor: actor.username, entity: 'provider', entityId: p.id, action: before ? 'bijgewerkt' : 'toegevoegd', from: state(before), to: state(p), reason: p.name });
        }
      });
      return out;
    },
  };
}

export type Providers = ReturnType<typeof createProviders>;
