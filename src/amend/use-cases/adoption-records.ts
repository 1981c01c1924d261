/** The records of an adoption once its tag exists: the adoption final, its proposals adopted, with audit entries, in one transaction. */
import type { PendingAdoption, Store } from '../store/store.js';

export function finishAdoptionRecords(store: Store, a: PendingAdoption): Promise<void> {
  return store.tx(async (t) => {
    await t.finishAdoption(a.protocol, a.version);
    for (const id of a.proposalIds) {
      await t.updateProposal(id, { adoptedIn: a.version, updatedAt: a.at });
      await t.audit({ at: a.at, actor: a.adoptedBy, entity: 'proposal', entityId: String(id), action: 'vastgesteld', from: 'aangenomen', to: 'aangenomen', reason: `opgenomen in ${a.protocol} ${a.version} (${a.tag})` });
    }
    await t.audit({ at: a.at, actor: a.adoptedBy, entity: 'adoption', entityId: a.tag, action: 'vastgesteld', from: null, to: 'vastgesteld', reason: `voorstellen ${a.proposalIds.join(', ')}; geldig vanaf ${a.validFrom}` });
  });
}

/** Channel on which every process hears of a new adoption (payload: the new main commit). */
export const ADOPTED_CHANNEL = 'regels_vastgesteld';
