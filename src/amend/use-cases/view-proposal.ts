/**
 * Reading proposals: one proposal as reviewers see it (files, semantic diff,
 * item changes, comments, consent, overlaps, impact analyses, history), the
 * list, the published explanations, and the overlaps of an unsaved draft.
 */
import type { SemanticDiff } from '../../diff/semantic-diff.js';
import { changesWithoutEffect, type ChangeWithoutEffect } from '../../diff/without-effect.js';
import { amsterdamDate } from '../../base/clock.js';
import { earliestStart } from '../deadline.js';
import type { ItemChange } from '../../diff/changes.js';
import { proposalDiff } from '../check-version.js';
import { consentSummary, type ConsentEntry, type ConsentSummary } from '../consent.js';
import type { AmendContext } from '../context.js';
import { invalid } from '../errors.js';
import type { ImpactRecord } from '../impact-records.js';
import { newestVersion, overlapsOf, overlapsOfFiles, proposalChanges, type Overlap } from '../overlaps.js';
import { STATES, type AuditEntry, type Comment, type Proposal, type ProposalFile, type ProposalState } from '../types.js';
import { filesOfVersion, versionDir } from '../version-files.js';
import { readVersionView } from '../version-layout.js';
import { proposalRevision } from '../revision.js';
import { loadProposal } from './proposal-records.js';
import { isVersionNumber } from '../../base/rule-tree.js';

export interface ProposalView extends Proposal {
  files: ProposalFile[];
  /** The semantic diff base -> changed version (as GET /rulesets/{p}/diff), or null while the changed version does not load. */
  diff: SemanticDiff | null;
  /** The earliest day a version carrying it can start without retroactive effect (wijzigen: the 1 March rule; else today); null once adopted. */
  startsOn: string | null;
  /** Row changes whose period ends before `startsOn`: adoption from that day would refuse them (change_without_effect). */
  withoutEffect: ChangeWithoutEffect[];
  /** Item by item (rules, rows, test cases, metadata): what adoption checks for conflicts. */
  changes: ItemChange[];
  comments: Comment[];
  /** wijzigen: the consent so far, or as it stood when the consultation ended (`decided`). */
  consent: (ConsentSummary & { decided: boolean }) | null;
  /** wijzigen: every contracted provider with its answer (agreed, refused or not yet), who recorded it and when. */
  consents: ConsentEntry[];
  /** Other open proposals of the protocol that change the same rule, row, test case or file. */
  overlaps: Overlap[];
  /** The newest version of the protocol; when it is not the base, the proposal must be brought up to date before adoption. */
  newestVersion: string | null;
  /** Impact analyses run on this proposal, newest first (kept across state changes). */
  impacts: ImpactRecord[];
  history: AuditEntry[];
  commit: string | null;
  /** The concept's revision (also the `ETag`): send it back as `If-Match` when updating. */
  revision: string;
}

export async function viewProposal(ctx: AmendContext, idOrProposal: number | Proposal): Promise<ProposalView> {
  const { store, repo } = ctx;
  const p = typeof idOrProposal === 'number' ? await loadProposal(ctx, idOrProposal) : idOrProposal;
  const files = await store.getFiles(p.id);
  const all = await readVersionView(repo);
  const dir = versionDir(p.protocol, p.baseVersion);
  const base = filesOfVersion(all, dir);
  const wijzigen = p.category === 'wijzigen';
  // After the consultation the counts stand as decided; before, they are counted against today's register.
  const c = wijzigen ? p.decidedConsent ?? await store.countConsent(p.id) : undefined;
  // Loading both versions, and reading the items of the files, run in the check pool, off the event loop (src/offload).
  const diff = await proposalDiff(dir, base, files);
  const changes = await proposalChanges(ctx, all, p, { files });
  const startsOn = p.adoptedIn || p.category === 'verhelderen' ? null : earliestStart(p, amsterdamDate(ctx.clock.now()));
  return {
    ...p,
    files,
    diff,
    startsOn,
    withoutEffect: diff && startsOn ? changesWithoutEffect(diff.rows, startsOn, true) : [],
    changes,
    comments: await store.listComments(p.id),
    consent: c ? { ...consentSummary(c.agreed, c.total), decided: p.decidedConsent !== null } : null,
    consents: wijzigen ? await store.consentEntries(p.id) : [],
    overlaps: await overlapsOf(ctx, all, p),
    newestVersion: newestVersion(all, p.protocol) ?? null,
    impacts: await store.impactsOf(p.id),
    history: await store.auditOf('proposal', String(p.id)),
    commit: await repo.resolve(`refs/heads/${p.branch}`),
    revision: proposalRevision(p, files),
  };
}

export function listProposals(ctx: AmendContext, state?: string): Promise<Proposal[]> {
  if (state !== undefined && !(STATES as readonly string[]).includes(state)) {
    throw invalid(`onbekende toestand ${JSON.stringify(state)}`, [{ pointer: '/query/state', message: 'toestand bestaat niet' }]);
  }
  return ctx.store.listProposals(state as ProposalState | undefined);
}

/** Published explanations: accepted `verhelderen` proposals, optionally for one protocol or rule. */
export async function listExplanations(ctx: AmendContext, protocol?: string, rule?: string) {
  return (await ctx.store.listProposals('aangenomen'))
    .filter((p) => p.category === 'verhelderen' && (!protocol || p.protocol === protocol) && (!rule || p.rules.includes(rule)))
    .map((p) => ({ id: p.id, title: p.title, protocol: p.protocol, baseVersion: p.baseVersion, rules: p.rules, explanation: p.explanation, acceptedAt: p.updatedAt }));
}

/** Open proposals that change what a draft changes ({ protocol, baseVersion, files, proposalId? }), for the editor while typing. */
export async function draftOverlaps(ctx: AmendContext, body: Record<string, unknown>) {
  const details: { pointer: string; message: string }[] = [];
  if (body.protocol !== 'RTP' && body.protocol !== 'RAP') details.push({ pointer: '/protocol', message: 'RTP of RAP' });
  if (!isVersionNumber(body.baseVersion)) details.push({ pointer: '/baseVersion', message: 'een versienummer zoals "2.0"' });
  if (!Array.isArray(body.files)) details.push({ pointer: '/files', message: 'lijst van { path, text }' });
  else body.files.forEach((f: { path?: unknown; text?: unknown }, i) => { if (typeof f?.path !== 'string' || typeof f?.text !== 'string') details.push({ pointer: `/files/${i}`, message: '{ path, text }' }); });
  if (body.proposalId !== undefined && !Number.isInteger(body.proposalId)) details.push({ pointer: '/proposalId', message: 'een voorstelnummer' });
  if (details.length) throw invalid('verwacht { protocol, baseVersion, files, proposalId? }', details);
  const all = await readVersionView(ctx.repo);
  const p = { id: body.proposalId as number | undefined, protocol: body.protocol as string, baseVersion: body.baseVersion as string };
  return { overlaps: await overlapsOfFiles(ctx, all, p, body.files as ProposalFile[]) };
}
