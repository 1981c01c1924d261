/**
 * Adoption (vaststelling): the admin bundles accepted proposals into a new
 * version. Conflicts (two proposals touching the same rule or table row, or
 * overlapping text) are refused, never merged silently. The new version must
 * load, compile and pass its tests together with every other version. In git,
 * main's protocol folder becomes the new version and the tag marks it
 * (version-layout.ts), so `git diff rtp-2.0 rtp-2.1` is exactly the change.
 *
 * The stages, in order: checkRequest, adoptableProposals, checkNumberAndDates,
 * refuseItemConflicts, mergeTexts, buildVersion, verifyVersion, commitAdoption.
 * A version starting before today (the one clock, src/base/clock.ts) needs the
 * administrator's reason (`retroactive: { reason }`), kept in the audit log; a
 * row change that can never take effect from the version's start is refused
 * (`change_without_effect`, diff/without-effect.ts).
 * Reading the proposals' items and loading and testing the new version run in
 * the check pool (src/offload), off the event loop.
 * It runs under the repository lock (ctx.exclusive), which every process
 * sharing the store respects: one proposal is never adopted twice and no two
 * versions get one number.
 *
 * Crash safety (commitAdoption), in three steps:
 *   1. write git objects (unreferenced, harmless) and a 'bezig' adoption row;
 *   2. move `main` and create the tag in one git ref transaction (the commit point);
 *   3. mark the adoption 'vastgesteld' and the proposals adopted, with audit entries.
 * recover-adoptions.ts at start finishes step 3 when the tag exists, and drops
 * the row when it does not, so a crash leaves the old state or the new one.
 */
import { parseDocument } from 'yaml';
import { ApiError, tooManyRequests } from '../../base/errors.js';
import type { RuleFiles } from '../../load/rule-source.js';
import { CheckRefused, sharedCheckPool, type CheckPool } from '../../offload/check-pool.js';
import type { ItemChange } from '../../diff/changes.js';
import { itemChangesOffThread } from '../item-index.js';
import { AUDIT_HEAD_TRAILER } from '../audit-chain.js';
import { checkDetails } from '../check-version.js';
import { commitMessage } from '../commit-message.js';
import { gitIdentity, nowIso, type AmendContext } from '../context.js';
import { amsterdamDate } from '../../base/clock.js';
import { dateText } from '../../base/date-text.js';
import type { ChangeWithoutEffect } from '../../diff/without-effect.js';
import { conflict, invalid } from '../errors.js';
import { authorise } from '../permissions.js';
import { MAIN, tagName } from '../rules-repo.js';
import { editRuleset } from '../ruleset-edit.js';
import type { PendingAdoption } from '../store/store.js';
import type { Actor, Adoption, Proposal, ProposalFile } from '../types.js';
import { filesOfVersion, rehome, relativeTo, versionDir } from '../version-files.js';
import { closeEndDates, compareVersions, protocolFolderChanges, readVersionView } from '../version-layout.js';
import { ADOPTED_CHANNEL, finishAdoptionRecords } from './adoption-records.js';
import { versionDirOf } from '../../base/rule-tree.js';
import type { AdoptionInput } from '../../../schemas/api/api-types.js';

/** The body of an adoption, checked against its schema (AdoptionInput) at the edge; `retroactive` is required when validFrom lies before today. */
export type AdoptionRequest = AdoptionInput;

/** The audit action that records a retroactive start with its reason (entity 'adoption', id the tag). */
export const RETROACTIVE_ACTION = 'terugwerkende_kracht';

type Detail = { pointer: string; message: string };

/** What the stages hand on: the request, the proposals with their files and item changes, the base and new version. */
interface Plan {
  req: AdoptionRequest;
  proposals: { p: Proposal; files: ProposalFile[]; changes: ItemChange[] }[];
  all: RuleFiles;
  base: string;
  baseDir: string;
  newDir: string;
  tag: string;
  baseFiles: RuleFiles;
}

/** What the schema cannot say: no proposal twice, a reason for a retroactive start that is more than spaces. */
function checkRequest(body: AdoptionInput): AdoptionRequest {
  const details: Detail[] = [];
  if (new Set(body.proposalIds).size !== body.proposalIds.length) details.push({ pointer: '/proposalIds', message: 'een voorstel staat er twee keer in' });
  if (body.retroactive !== undefined && !body.retroactive.reason.trim()) {
    details.push({ pointer: '/retroactive/reason', message: 'de reden voor terugwerkende kracht, bijvoorbeeld "besluit van het RSJ van 12 maart 2026"' });
  }
  if (details.length) throw invalid('de vaststelling is niet goed gevormd', details);
  return body;
}

/** Each proposal exists, is accepted, not yet adopted, changes rules of this protocol, and is not the admin's own. */
async function adoptableProposals(ctx: AmendContext, actor: Actor, req: AdoptionRequest): Promise<Proposal[]> {
  const out: Proposal[] = [];
  for (const [i, id] of req.proposalIds.entries()) {
    const p = await ctx.store.getProposal(id);
    if (!p) throw new ApiError('not_found', 'not_found', `voorstel ${id} bestaat niet`, [{ pointer: `/proposalIds/${i}`, message: 'onbekend voorstel' }]);
    const why = p.state !== 'aangenomen' ? `is ${p.state}, niet aangenomen`
      : p.adoptedIn ? `is al vastgesteld in ${p.protocol} ${p.adoptedIn}`
        : p.category === 'verhelderen' ? 'is een verheldering en wijzigt geen regels'
          : p.protocol !== req.protocol ? `hoort bij ${p.protocol}` : undefined;
    if (why) throw new ApiError('unprocessable', 'proposal_not_adoptable', `voorstel ${id} ${why}`, [{ pointer: `/proposalIds/${i}`, message: why }]);
    authorise(actor, 'voorstel.vaststellen', p);
    out.push(p);
  }
  return out;
}

/** One base version, the newest; a new number above it that does not exist; a date after the base's and, for changes, on 1 January after the 1 March deadline. */
async function checkNumberAndDates(ctx: AmendContext, req: AdoptionRequest, proposals: Proposal[]): Promise<Omit<Plan, 'proposals'>> {
  const bases = [...new Set(proposals.map((p) => p.baseVersion))];
  if (bases.length > 1) throw new ApiError('unprocessable', 'proposal_not_adoptable', `de voorstellen gaan uit van verschillende versies (${bases.join(', ')})`, [{ pointer: '/proposalIds', message: 'één basisversie per vaststelling' }]);
  const base = bases[0];
  const all = await readVersionView(ctx.repo);
  const baseDir = versionDir(req.protocol, base);
  const newDir = versionDir(req.protocol, req.version);
  const tag = tagName(req.protocol, req.version);
  const dirs = [...new Set([...all.keys()].map(versionDirOf))].filter((d) => d.startsWith(`${req.protocol.toLowerCase()}/`));
  if (dirs.includes(newDir) || (await ctx.repo.resolve(`refs/tags/${tag}`))) throw conflict('version_exists', `${req.protocol} ${req.version} bestaat al`, [{ pointer: '/version', message: 'bestaat al' }]);
  const newest = dirs.map((d) => d.split('/')[1]).sort(compareVersions).pop();
  if (newest !== base) throw conflict('stale_base', `de voorstellen gaan uit van ${req.protocol} ${base}, maar de nieuwste versie is ${newest}`, [{ pointer: '/proposalIds', message: `basis ${base} is niet de nieuwste versie` }]);
  if (compareVersions(req.version, base) <= 0) throw invalid(`versie ${req.version} moet hoger zijn dan ${base}`, [{ pointer: '/version', message: 'niet hoger dan de basisversie' }]);
  const baseFiles = filesOfVersion(all, baseDir);
  const baseFrom = String(parseDocument(baseFiles.get(`${baseDir}/ruleset.yaml`) ?? '').get('validFrom') ?? '');
  if (req.validFrom <= baseFrom) throw invalid(`validFrom moet na ${baseFrom} liggen (de ingangsdatum van ${base})`, [{ pointer: '/validFrom', message: 'te vroeg' }]);
  checkRetroactive(req, amsterdamDate(ctx.clock.now()));
  for (const [i, p] of proposals.entries()) {
    if (p.category !== 'wijzigen') continue;
    if (!req.validFrom.endsWith('-01-01') || req.validFrom < (p.earliestValidFrom ?? '')) {
      throw new ApiError('unprocessable', 'deadline_missed', `voorstel ${p.id} (wijzigen) is ingediend op ${p.submittedAt?.slice(0, 10)} en kan op zijn vroegst per ${p.earliestValidFrom} ingaan (1 maart-regel), en alleen op 1 januari`, [{ pointer: `/proposalIds/${i}`, message: `vroegst ${p.earliestValidFrom}` }]);
    }
  }
  return { req, all, base, baseDir, newDir, tag, baseFiles };
}

/** A start before today only with a reason; a reason only for a start before today (else it would be recorded for nothing). */
function checkRetroactive(req: AdoptionRequest, today: string): void {
  const past = req.validFrom < today;
  if (past && !req.retroactive) {
    throw new ApiError('unprocessable', 'retroactive_reason_missing', `${req.protocol} ${req.version} zou met terugwerkende kracht ingaan: ${dateText(req.validFrom)} ligt vóór vandaag (${dateText(today)}). Kies een ingangsdatum vanaf vandaag, of geef de reden voor terugwerkende kracht op; die komt in het logboek en op de versiepagina.`,
      [{ pointer: '/retroactive/reason', message: `nodig: de ingangsdatum ${dateText(req.validFrom)} ligt in het verleden` }]);
  }
  if (!past && req.retroactive) {
    throw invalid(`${req.protocol} ${req.version} gaat in op ${dateText(req.validFrom)}, niet in het verleden: laat de reden voor terugwerkende kracht weg`, [{ pointer: '/retroactive', message: `alleen bij een ingangsdatum vóór vandaag (${dateText(today)})` }]);
  }
}

/** The same rule, derived fact, table row or test case changed by two proposals. */
function refuseItemConflicts(plan: Plan): void {
  const owner = new Map<string, Proposal>();
  const clashes: Detail[] = [];
  for (const { p, changes } of plan.proposals) {
    for (const c of changes) {
      const other = owner.get(c.key);
      if (other) clashes.push({ pointer: `/proposalIds/${plan.req.proposalIds.indexOf(p.id)}`, message: `voorstel ${other.id} en voorstel ${p.id} wijzigen allebei ${c.label} (${c.file})` });
      else owner.set(c.key, p);
    }
  }
  if (clashes.length) throw conflict('adoption_conflict', `de voorstellen botsen: ${clashes[0].message}`, clashes);
}

/** Different items may still sit on neighbouring lines: merge texts with git, refuse any overlap. */
async function mergeTexts(ctx: AmendContext, plan: Plan): Promise<Map<string, string>> {
  const merged = new Map<string, string>();
  for (const { p, files } of plan.proposals) {
    for (const f of files) {
      const current = merged.get(f.path);
      if (current === undefined || current === f.text) { merged.set(f.path, f.text); continue; }
      const m = await ctx.repo.mergeText(plan.baseFiles.get(f.path) ?? '', current, f.text);
      if (m.conflicts) throw conflict('adoption_conflict', `de voorstellen wijzigen dezelfde regels tekst in ${f.path} (voorstel ${p.id}); voeg ze samen in één voorstel`, [{ pointer: `/proposalIds/${plan.req.proposalIds.indexOf(p.id)}`, message: `tekstconflict in ${f.path}` }]);
      merged.set(f.path, m.text);
    }
  }
  return merged;
}

/** ruleset.yaml of the new version: number, status, dates, title and changelog. */
function newRuleset(text: string, plan: Plan): string {
  const { req, base } = plan;
  const title = parseDocument(text).get('title');
  const set: Record<string, string | null> = { version: req.version, status: 'vastgesteld', validFrom: req.validFrom, validTo: null };
  if (typeof title === 'string' && title.includes(base)) set.title = title.replace(base, req.version);
  return editRuleset(text, set, plan.proposals.map(({ p, changes }) => {
    const rules = changes.filter((c) => c.kind === 'rule').map((c) => c.key.slice(5));
    return { change: p.title, source: `voorstel ${p.id} (${p.category}), vastgesteld in ${req.protocol} ${req.version}`, ...(rules.length ? { rules } : {}) };
  }));
}

/** The new version's files (base + merged changes, moved to the new directory) and the whole view with it. */
function buildVersion(plan: Plan, merged: Map<string, string>): { newFiles: RuleFiles; next: RuleFiles } {
  const newFiles = rehome(new Map([...plan.baseFiles, ...merged]), plan.baseDir, plan.newDir);
  const rulesetPath = `${plan.newDir}/ruleset.yaml`;
  newFiles.set(rulesetPath, newRuleset(newFiles.get(rulesetPath) ?? '', plan));
  // In the view the base version now ends the day before the new one starts (closeEndDates); its tag stays as adopted.
  return { newFiles, next: closeEndDates(new Map([...plan.all, ...newFiles])) };
}

/**
 * The new version loads, compiles and passes its tests with all others (else 422), checked in the
 * check pool (verify-adoption.ts), off the event loop. Warnings, never refusals: a disagreement with
 * the other protocol (proposals change one protocol at a time, so the matching change can only
 * follow), and what the new version breaks for calling systems.
 */
async function verifyVersion(plan: Plan, next: RuleFiles, pool: CheckPool = sharedCheckPool()): Promise<string[]> {
  const { req, newDir, baseDir } = plan;
  const refused = `${req.protocol} ${req.version} laadt, compileert of slaagt niet voor alle tests`;
  let r;
  try {
    r = await pool.run({ kind: 'adoption', check: { next: [...next], newDir, baseDir, label: `${req.protocol} ${req.version} ` } });
  } catch (e) {
    if (!(e instanceof CheckRefused)) throw e;
    if (e.reason === 'busy') throw tooManyRequests(e.message, 5);
    throw new ApiError('unprocessable', 'adoption_invalid', refused, [{ pointer: '', message: e.message.replace('de controle', 'de controle van de nieuwe versie').replace(/; maak .*$/, '') }]);
  }
  if (r.kind !== 'adoption') throw new Error('unexpected result of an adoption check');
  const { loaded, problems, failures, warnings, withoutEffect } = r.check;
  if (problems.length || !loaded || failures.length) {
    throw new ApiError('unprocessable', 'adoption_invalid', refused, checkDetails({ ok: false, diagnostics: problems, tests: { passed: 0, failed: failures.length, failures } }, '/proposalIds'));
  }
  if (withoutEffect.length) {
    throw new ApiError('unprocessable', 'change_without_effect',
      `${req.protocol} ${req.version} gaat in op ${dateText(req.validFrom)}; ${withoutEffect.length === 1 ? 'één wijziging' : `${withoutEffect.length} wijzigingen`} in de tabellen ${withoutEffect.length === 1 ? 'geldt' : 'gelden'} alleen eerder en ${withoutEffect.length === 1 ? 'heeft' : 'hebben'} dus nooit effect (${withoutEffect.map((w) => `tabel ${w.table}, regel ${w.line}`).join('; ')}). Neem rijen op die gelden vanaf de ingangsdatum, of kies een eerdere ingangsdatum.`,
      // Named by the proposal's file (the base version's path), as the author and reviewer saw it.
      withoutEffect.map((w) => ({ pointer: proposalPointer(plan, w), message: w.message.replace(w.file, w.file.replace(`${newDir}/`, `${baseDir}/`)), file: w.file.replace(`${newDir}/`, `${baseDir}/`), line: w.line, table: w.table, key: w.key, from: w.from ?? null, until: w.until, validFrom: req.validFrom })));
  }
  return warnings;
}

/** The proposal that changes a table row (its item key: row:<table>:<key cells>@<from>), else the version's start. */
function proposalPointer(plan: Plan, w: ChangeWithoutEffect): string {
  const i = plan.proposals.findIndex(({ changes }) => changes.some((c) => c.kind === 'row' && c.key.startsWith(`row:${w.table}:`) && c.key.endsWith(`@${w.from ?? ''}`)));
  return i >= 0 ? `/proposalIds/${i}` : '/validFrom';
}

/** The three crash-safe steps (see the top of this file); returns the finished adoption. */
async function commitAdoption(ctx: AmendContext, actor: Actor, plan: Plan, newFiles: RuleFiles, warnings: string[]): Promise<PendingAdoption> {
  const { repo, store } = ctx;
  const { req, tag } = plan;
  const main = (await repo.resolve(MAIN))!;
  const who = gitIdentity(actor, ctx.clock);
  // Step 1: objects and the pending record. Main's protocol folder becomes the new version, so the diff between the tags is exactly the change.
  const protocolDir = req.protocol.toLowerCase();
  const changes = protocolFolderChanges(await repo.readFiles(main, `${protocolDir}/`), protocolDir, relativeTo(newFiles, plan.newDir));
  const tree = await repo.writeTree(main, changes);
  // The trailer records the audit chain's head: git vouches for the store's history up to here (audit verify checks it).
  const message = commitMessage(`${req.protocol} ${req.version} vastgesteld, geldig vanaf ${req.validFrom}`, plan.proposals.map(({ p }) => `voorstel ${p.id} (${p.category}): ${p.title}`), { [AUDIT_HEAD_TRAILER]: await store.auditHead() });
  const commit = await repo.commit(tree, [main], message, who);
  const tagObject = await repo.makeTag(tag, commit, commitMessage(`${req.protocol} ${req.version} (vastgesteld, geldig vanaf ${req.validFrom})`), who);
  const pending: PendingAdoption = {
    protocol: req.protocol, version: req.version, validFrom: req.validFrom, status: 'bezig', tag, commit, tagObject,
    previousMain: main, proposalIds: req.proposalIds, adoptedBy: actor.username, at: nowIso(ctx.clock),
  };
  await store.insertAdoption(pending);
  await ctx.hooks?.at('before-refs');
  // Step 2: the commit point.
  try {
    await repo.updateRefs([{ ref: MAIN, to: commit, from: main }, { ref: `refs/tags/${tag}`, to: tagObject, from: null }]);
  } catch (e) {
    await store.dropAdoption(req.protocol, req.version);
    throw conflict('repository_changed', `de regelrepository veranderde tijdens het vaststellen; probeer opnieuw (${(e as Error).message})`);
  }
  await ctx.hooks?.at('after-refs');
  // Step 3: the records.
  await finishAdoptionRecords(store, pending);
  if (warnings.length) {
    await store.audit({ at: pending.at, actor: actor.username, entity: 'adoption', entityId: tag, action: 'waarschuwing', from: null, to: null, reason: warnings.join('; ') });
  }
  if (req.retroactive) {
    await store.audit({ at: pending.at, actor: actor.username, entity: 'adoption', entityId: tag, action: RETROACTIVE_ACTION, from: null, to: req.validFrom, reason: req.retroactive.reason.trim() });
  }
  await ctx.hooks?.at('after-records');
  return pending;
}

export function adoptVersion(ctx: AmendContext, actor: Actor, body: AdoptionInput): Promise<Adoption> {
  return ctx.exclusive(async () => {
    authorise(actor, 'versie.vaststellen');
    const req = checkRequest(body);
    const proposals = await adoptableProposals(ctx, actor, req);
    const plan: Plan = { ...(await checkNumberAndDates(ctx, req, proposals)), proposals: [] };
    for (const p of proposals) {
      const files = await ctx.store.getFiles(p.id);
      plan.proposals.push({ p, files, changes: await itemChangesOffThread(plan.baseFiles, files) });
    }
    refuseItemConflicts(plan);
    const { newFiles, next } = buildVersion(plan, await mergeTexts(ctx, plan));
    const warnings = await verifyVersion(plan, next);
    const a = await commitAdoption(ctx, actor, plan, newFiles, warnings);
    // This process serves the new version at once; the others hear of it (follow-adoptions.ts).
    await ctx.onAdopted?.(next, a.commit);
    await ctx.store.publish(ADOPTED_CHANNEL, a.commit).catch(() => undefined);
    return { protocol: a.protocol, version: a.version, validFrom: a.validFrom, status: 'vastgesteld', tag: a.tag, commit: a.commit, proposalIds: a.proposalIds, adoptedBy: a.adoptedBy, at: a.at, warnings, retroactive: req.retroactive ? { reason: req.retroactive.reason.trim() } : null };
  });
}
