/**
 * Submitting a concept (concept -> ingediend), in named stages: who may, what
 * the category requires of the files (a clarification changes none and names
 * its rules; a change loads, compiles and passes every test), then the record
 * with the earliest date it may take effect (1 March rule, deadline.ts).
 */
import { loadVersion } from '../../load/load-rules.js';
import type { RuleFiles } from '../../load/rule-source.js';
import { checkChangedVersion, checkDetails } from '../check-version.js';
import { CheckRefused, sharedCheckPool, type CheckPool } from '../../offload/check-pool.js';
import { amsterdamDate } from '../../base/clock.js';
import { nowIso, type AmendContext } from '../context.js';
import { earliestValidFrom } from '../deadline.js';
import { ApiError } from '../../base/errors.js';
import { conflict } from '../errors.js';
import { authorise } from '../permissions.js';
import type { Actor, Proposal, ProposalFile } from '../types.js';
import { filesOfVersion, versionDir } from '../version-files.js';
import { readVersionView } from '../version-layout.js';
import { auditProposal, loadProposal } from './proposal-records.js';
import { viewProposal } from './view-proposal.js';

/** A clarification answers from the current documents: it publishes an explanation and changes no rule. */
function checkClarification(ctx: AmendContext, p: Submittable, dir: string, base: RuleFiles, files: ProposalFile[], changed: ProposalFile[]) {
  const details = changed.map((f) => ({ pointer: `/files/${files.indexOf(f)}`, message: `${f.path}: een verheldering wijzigt geen regelbestanden` }));
  if (!p.explanation?.trim()) details.push({ pointer: '/explanation', message: 'een verheldering heeft een toelichting nodig' });
  const known = new Set<string>();
  const v = loadVersion(dir, base, ctx.facts).version;
  for (const d of v?.decisions ?? []) { d.rules.forEach((r) => known.add(r.id)); known.add(d.default.id); }
  if (!p.rules.length) details.push({ pointer: '/rules', message: 'noem de regels waar de toelichting bij hoort' });
  p.rules.forEach((r, i) => { if (!known.has(r)) details.push({ pointer: `/rules/${i}`, message: `regel ${r} bestaat niet in ${p.protocol} ${p.baseVersion}` }); });
  if (details.length) throw new ApiError('unprocessable', 'proposal_invalid', 'deze verheldering kan niet ingediend worden', details);
}

/** A change or processing must change a rule file, and the changed version must load, compile and pass its tests. */
async function checkChange(ctx: AmendContext, dir: string, base: RuleFiles, files: ProposalFile[], changed: ProposalFile[], at: string) {
  if (!changed.length) throw new ApiError('unprocessable', 'proposal_invalid', 'het voorstel wijzigt geen enkel regelbestand', [{ pointer: '/files', message: 'geen wijzigingen' }]);
  const check = await checkChangedVersion(dir, new Map([...base, ...files.map((f) => [f.path, f.text] as const)]), ctx.facts);
  if (!check.ok) {
    throw new ApiError('unprocessable', 'proposal_invalid', `de gewijzigde versie laadt, compileert of slaagt niet voor alle tests (${check.diagnostics.length} problemen, ${check.tests.failed} tests falen)`, checkDetails(check, at, files));
  }
}

/** What a submission asks of a proposal's fields. */
export type Submittable = Pick<Proposal, 'category' | 'protocol' | 'baseVersion' | 'explanation' | 'rules'>;

/**
 * What the category requires of the files, checked before anything is recorded (422 when refused):
 * by submit, and by create-and-submit (create-proposal.ts), which then records nothing at all. A problem in a
 * file the proposal does not hold points at `at` (what named the proposal: /path/id, or /files of a create).
 */
export async function checkSubmission(ctx: AmendContext, p: Submittable, files: ProposalFile[], at = '/path/id'): Promise<string[]> {
  const dir = versionDir(p.protocol, p.baseVersion);
  const view = await readVersionView(ctx.repo);
  const base = filesOfVersion(view, dir);
  const changed = files.filter((f) => base.get(f.path) !== f.text);
  if (p.category === 'verhelderen') {
    checkClarification(ctx, p, dir, base, files, changed);
    return [];
  }
  await checkChange(ctx, dir, base, files, changed, at);
  return agreementWarnings(p, view, changed);
}

/**
 * RTP and RAP share one professions table and one set of hourly tariffs: what the change makes
 * disagree with the other protocol, as warnings (adoption's semantics: the matching change of the
 * other protocol follows in a proposal of its own). A check the pool cannot run now is said, not hidden.
 */
async function agreementWarnings(p: Submittable, view: RuleFiles, changed: ProposalFile[], pool: CheckPool = sharedCheckPool()): Promise<string[]> {
  const other = p.protocol === 'RTP' ? 'RAP' : 'RTP';
  try {
    const r = await pool.run({ kind: 'agreement', input: { view: [...view], changed: changed.map((f) => [f.path, f.text]), label: `${p.protocol} ${p.baseVersion} ` } });
    if (r.kind !== 'agreement') throw new Error('unexpected result of an agreement check');
    return r.warnings.map((w) => `${w}: dien bij ${other} een voorstel in met dezelfde wijziging, anders rekenen RTP en RAP verschillend`);
  } catch (e) {
    if (!(e instanceof CheckRefused)) throw e;
    return [`De overeenstemming met ${other} kon bij het indienen niet gecontroleerd worden (${e.message}); bij het vaststellen wordt zij opnieuw gecontroleerd.`];
  }
}

/** The record of a submission (state, dates; wijzigen: the earliest date under the 1 March rule; its warnings) and its audit reason. */
export function submissionRecord(ctx: AmendContext, p: Pick<Proposal, 'category'>, warnings: string[]) {
  const today = amsterdamDate(ctx.clock.now());
  const earliest = p.category === 'wijzigen' ? earliestValidFrom(today) : null;
  const said = [...(earliest ? [`ingediend op ${today}; op zijn vroegst van kracht ${earliest}`] : []), ...warnings.map((w) => `waarschuwing: ${w}`)];
  return {
    fields: { state: 'ingediend' as const, submittedAt: nowIso(ctx.clock), updatedAt: nowIso(ctx.clock), earliestValidFrom: earliest, submitWarnings: warnings },
    reason: said.length ? said.join('; ') : null,
  };
}

export function submitProposal(ctx: AmendContext, actor: Actor, id: number) {
  return ctx.exclusive(async () => {
    const p = await loadProposal(ctx, id);
    authorise(actor, 'voorstel.indienen', p);
    if (p.state !== 'concept') throw conflict('invalid_transition', `voorstel ${id} is al ${p.state}`);
    const warnings = await checkSubmission(ctx, p, await ctx.store.getFiles(id));
    const { fields, reason } = submissionRecord(ctx, p, warnings);
    await ctx.store.tx(async (t) => {
      await t.updateProposal(id, fields);
      await auditProposal(ctx, t, p, actor.username, 'ingediend', 'concept', 'ingediend', reason);
    });
    return id;
  }).then((done) => viewProposal(ctx, done)); // the view (check pool work) after the lock is released
}
