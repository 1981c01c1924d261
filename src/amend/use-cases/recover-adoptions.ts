/**
 * At start: an adoption a crash interrupted (status 'bezig') is finished when
 * its tag exists (the commit point was passed) and dropped when it does not,
 * so a crash leaves the old state or the new one (adopt-version.ts).
 */
import type { AmendContext } from '../context.js';
import { finishAdoptionRecords } from './adoption-records.js';

export async function recoverAdoptions(ctx: AmendContext): Promise<{ finished: string[]; dropped: string[] }> {
  const out = { finished: [] as string[], dropped: [] as string[] };
  for (const a of await ctx.store.listAdoptions('bezig')) {
    const tagged = await ctx.repo.resolve(`refs/tags/${a.tag}`);
    if (tagged === a.commit) {
      await finishAdoptionRecords(ctx.store, a);
      out.finished.push(a.tag);
    } else {
      await ctx.store.dropAdoption(a.protocol, a.version);
      out.dropped.push(a.tag);
    }
  }
  return out;
}
