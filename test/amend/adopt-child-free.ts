/** Runs one adoption without stopping; the parent kills it at an arbitrary moment. Arguments: <dataDir> <proposalId>. */
import { createAmendment } from '../../src/server/procedure/setup.js';
import { projectFactSchemas } from '../../src/evaluate/project.js';
import { FIXTURE_RULES } from './helpers.js';
import { fixedClock } from '../../src/base/clock.js';

const [dataDir, id] = process.argv.slice(2);
const amend = await createAmendment({ dataDir, shippedRulesDir: FIXTURE_RULES, facts: projectFactSchemas(), clock: fixedClock('2026-02-10T09:00:00Z') }); // the parent's day: 1 April 2026 lies ahead
process.send?.('ready');
await new Promise((r) => setTimeout(r, 20));
await amend.adoptions.adopt({ username: 'beheerder', name: 'Beheerder', roles: ['beheerder'] }, { protocol: 'RTP', version: '2.1', validFrom: '2026-04-01', proposalIds: [Number(id)] });
process.send?.('done');
