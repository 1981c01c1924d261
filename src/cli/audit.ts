/**
 * `protocolregels audit verify`: recomputes the audit log's hash chain and checks the heads that
 * adoption commits recorded (src/amend/audit-verify.ts). Exit 0 when everything fits; 1 naming the
 * first entry that does not fit, or the commit whose head the store does not contain.
 */
import { existsSync } from 'node:fs';
import { verifyAudit } from '../amend/audit-verify.js';
import { openRulesRepo } from '../amend/rules-repo.js';
import type { Output } from './output.js';
import { openExistingStore, procedurePaths } from './procedure-data.js';

export async function auditCommand(args: string[], io: Output): Promise<number> {
  if (args[0] !== 'verify') {
    io.err('gebruik: protocolregels audit verify   (DATA_DIR, DATABASE_URL, RULES_REPO zoals bij serve)');
    return 2;
  }
  const where = procedurePaths();
  const store = await openExistingStore(where);
  try {
    const repo = existsSync(where.rulesRepo) ? await openRulesRepo(where.rulesRepo) : undefined;
    if (!repo) io.err(`let op: geen regelrepository in ${where.rulesRepo}; alleen de keten in de database is gecontroleerd`);
    const v = await verifyAudit(store, repo);
    let ok = true;
    if (v.chain.ok) {
      io.out(`auditlog: ${v.chain.count} items, keten klopt; kop ${v.chain.head}`);
    } else {
      const e = v.chain.entry;
      io.err(`auditlog: item ${e.id} past niet in de keten (${e.at}, ${e.actor}, ${e.entity} ${e.entityId}, ${e.action}): ${v.chain.reason}`);
      ok = false;
    }
    for (const c of v.commits.filter((x) => !x.found)) {
      io.err(`regelrepository: commit ${c.commit.slice(0, 12)} (${c.subject}) legde kop ${c.head} vast, maar die staat niet in de auditlog`);
      ok = false;
    }
    if (repo) io.out(`regelrepository: ${v.commits.filter((c) => c.found).length} van ${v.commits.length} vaststellingscommits met een vastgelegde kop kloppen met de auditlog`);
    return ok ? 0 : 1;
  } finally {
    await store.close();
  }
}
