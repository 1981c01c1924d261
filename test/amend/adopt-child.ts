/**
 * Runs one adoption in its own process and stops at a hook point, telling the
 * parent so it can SIGKILL it there. Arguments: <dataDir> <hookPoint> <proposalId>.
 */
import { createAmendment } from '../../src/server/procedure/setup.js';
import { projectFactSchemas } from '../../src/evaluate/project.js';
import { FIXTURE_RULES } from './helpers.js';
import { fixedClock } from '../../src/base/clock.js';

const [dataDir, point, id] = process.argv.slice(2);
const amend = await createAmendment({
  dataDir, shippedRulesDir: FIXTURE_RULES, facts: projectFactSchemas(), clock: fixedClock('2026-02-10T09:00:00Z'), // the parent's day: 1 April 2026 lies ahead
  hooks: {
    at: async (p) => {
      if (p !== point) return;
      process.send?.(`at:${p}`);
      await new Promise(() => undefined); // wait here until killed
    },
  },
});
await amend.adoptions.adopt({ username: 'beheerder', name: 'Beheerder', roles: ['beheerder'] }, { protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: [Number(id)] });
process.send?.('done');
