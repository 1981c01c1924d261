import { existsSync } from 'node:fs';
import { runImpact } from '../impact/run-impact.js';
import { formatImpactText } from './impact-text.js';
import { sidesFromSpecs, type ProposalDraft } from '../impact/sides.js';
import type { Output } from './output.js';
import { openExistingStore } from './procedure-data.js';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** A proposal's changed files from the procedure's database (DATABASE_URL, else SQLite in DATA_DIR, default data/), read-only use. */
async function proposalFromStore(id: number): Promise<ProposalDraft> {
  const store = await openExistingStore();
  try {
    const p = await store.getProposal(id);
    if (!p) throw new Error(`voorstel ${id} bestaat niet`);
    return { protocol: p.protocol, baseVersion: p.baseVersion, files: await store.getFiles(id) };
  } finally {
    await store.close();
  }
}

/** `impact --from rap-2.0 --to <rap-2.1 | proposal:<id> | dir:<path>> --corpus FILE [--json]`. */
export async function impactCommand(args: string[], io: Output, rulesDir: string): Promise<number> {
  const from = option(args, '--from');
  const to = option(args, '--to');
  const corpus = option(args, '--corpus');
  if (!from || !to || !corpus) {
    io.err('gebruik: impact --from rap-2.0 --to <rap-2.1 | proposal:<nummer> | dir:<map>> --corpus BESTAND [--json]');
    return 2;
  }
  if (!existsSync(corpus)) {
    io.err(`${corpus}: bestand bestaat niet`);
    return 2;
  }
  const report = await runImpact({ ...(await sidesFromSpecs(from, to, rulesDir, { proposal: proposalFromStore })), corpus });
  io.out(args.includes('--json') ? JSON.stringify(report, null, 2) : formatImpactText(report));
  return 0;
}
