/**
 * Runs one adoption in its own process and stops at a hook point, telling the
 * parent so it can SIGKILL it there. Arguments: <dataDir> <hookPoint> <proposalId>.
 */
import { createAmendment } from '../../src/server/procedure/setup.js';
import { projectFactSchemas } from '../../src/evaluate/project.js';
import { FIXTURE_RULES } from './helpers.js';

const [dataDir, point, id] = process.argv.slice(2);
const amend = await createAmendment({
  dataDir, shippedRulesDir: FIXTURE_RULES, facts: projectFactSchemas(),
  hooks: {
    at: async (p) => {
      if (p !== point) return;
      process.send?.(`at:${p}`);
      await new Promise(() => undefined); // wait here until killed
    },
  },
});
await amend.adoptions.adopt({ username: 'beheerder', name: 'Beheerder', roles: ['beheerder'] }, { protocol: 'RTP', version: '2.1', validFrom: '2026-01-01', proposalIds: [Number(id)] });
process.send?.('done');
