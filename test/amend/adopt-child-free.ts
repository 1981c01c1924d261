/** Runs one adoption without stopping; the parent kills it at an arbitrary moment. Arguments: <dataDir> <proposalId>. */
import { createAmendment } from '../../src/server/procedure/setup.js';
import { projectFactSchemas } from '../../src/evaluate/project.js';
import { FIXTURE_RULES } from './helpers.js';

const [dataDir, id] = process.argv.slice(2);
const amend = await createAmendment({ dataDir, shippedRulesDir: FIXTURE_RULES, facts: projectFactSchemas() });
process.send?.('ready');
await new Promise((r) => setTimeout(r, 20));
await amend.adoptions.adopt({ username: 'beheerder', name: 'Beheerder', roles: ['beheerder'] }, { protocol: 'RTP', version: '2.1', validFrom: '2026-01-01', proposalIds: [Number(id)] });
process.send?.('done');
