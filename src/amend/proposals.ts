/**
 * Proposals: create and edit (author, while concept), submit (validated and
 * frozen), review transitions, comments and provider consent. Every state
 * change is written with its audit entry in one SQLite transaction; the
 * proposal's files are also committed on its branch `voorstel/<id>`.
 */
import type { SemanticDiff } from '../diff/semantic-diff.js';
import { loadVersion } from '../load/load-rules.js';
import { checkChangedVersion, checkDetails, proposalDiff } from './check-version.js';
import { dutchDate } from './clock.js';
import { consentEntries, consentSummary, type ConsentEntry, type ConsentSummary } from './consent.js';
import { createImpactRecords, type ImpactRecord } from './impact-records.js';
import { newestVersion, overlapsOf, overlapsOfFiles, type Overlap } from './overlaps.js';
import { IMPACT_SIZE } from './proposal-impact.js';
import { impactOffThread } from './proposal-impact-job.js';
import { rebaseProposal } from './rebase.js';
import { itemChanges, type ItemChange } from './changes.js';
import { earliestValidFrom } from './deadline.js';
import { AmendError, conflict, forbidden, invalid, notFound } from './errors.js';
import { gitIdentity, nowIso, type AmendContext } from './context.js';
import { MAIN, tagName } from './rules-repo.js';
import { findEdge, moverFor, TRANSITION_TARGETS } from './state-machine.js';
import { CATEGORIES, type Actor, type AuditEntry, type Comment, type Proposal, type ProposalFile, type ProposalState } from './types.js';
import { filesOfVersion, pathProblems, versionDir } from './version-files.js';
import { folderIn, readVersionView } from './version-layout.js';

export interface ProposalView extends Proposal {
  files: ProposalFile[];
  /** The semantic diff base -> changed version (as GET /rulesets/{p}/diff), or null while the changed version does not load. */
  diff: SemanticDiff | null;
  /** Item by item (rules, rows, test cases, metadata): what adoption checks for conflicts. */
  changes: ItemChange[];
  comments: Comment[];
  consent: ConsentSummary | null;
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
}

const has = (a: Actor, role: Actor['roles'][number]) => a.roles.includes(role);
const str = (v: unknown, max: number) => typeof v === 'string' && v.trim().length > 0 && v.length <= max;

function requireRole(actor: Actor, role: Actor['roles'][number], what: string) {
  if (!has(actor, role)) throw forbidden(`${what} vraagt de rol ${role}`);
}

async function baseFiles(ctx: AmendContext, protocol: string, version: string) {
  const dir = versionDir(protocol, version);
  return { dir, files: filesOfVersion(await readVersionView(ctx.repo), dir) };
}

/** Validates the editable fields of a create or patch body. */
function checkFields(body: Record<string, unknown>, creating: boolean) {
  const details: { pointer: string; message: string }[] = [];
  const need = (k: string, ok: boolean, msg: string) => { if ((creating || k in body) && !ok) details.push({ pointer: `/${k}`, message: msg }); };
  need('title', str(body.title, 200) && (body.title as string).trim().length >= 3, 'title: verplichte tekst van 3 tot 200 tekens');
  need('rationale', str(body.rationale, 20000), 'rationale: verplichte toelichting');
  if (creating) {
    need('category', CATEGORIES.includes(body.category as never), `category: een van ${CATEGORIES.join(', ')}`);
    need('protocol', body.protocol === 'RTP' || body.protocol === 'RAP', 'protocol: RTP of RAP');
    need('baseVersion', typeof body.baseVersion === 'string' && /^\d+\.\d+$/.test(body.baseVersion), 'baseVersion: een versienummer zoals "2.0"');
  }
  if ('explanation' in body && body.explanation !== null && typeof body.explanation !== 'string') details.push({ pointer: '/explanation', message: 'explanation: tekst' });
  if ('rules' in body && !(Array.isArray(body.rules) && body.rules.every((r) => typeof r === 'string'))) details.push({ pointer: '/rules', message: 'rules: lijst van regel-ids' });
  if ('files' in body && !Array.isArray(body.files)) details.push({ pointer: '/files', message: 'files: lijst van { path, text }' });
  if (details.length) throw invalid('het voorstel is niet goed gevormd', details);
}

export function createProposals(ctx: AmendContext) {
  const { store, repo, clock } = ctx;
  const impacts = createImpactRecords(store.db);

  const get = (id: number): Proposal => {
    const p = Number.isInteger(id) ? store.getProposal(id) : undefined;
    if (!p) throw notFound(`voorstel ${id}`);
    return p;
  };

  /**
   * Commits the proposal's files on its branch, which starts at the base
   * version's tag, so `git diff rtp-2.0 voorstel/<id>` shows exactly the
   * proposal. A file dropped from the proposal gets the base version's text back.
   */
  const commitBranch = async (p: Proposal, files: ProposalFile[], previous: ProposalFile[], actor: Actor, message: string) => {
    const start = (await repo.resolve(`refs/tags/${tagName(p.protocol, p.baseVersion)}`)) ?? (await repo.resolve(MAIN))!;
    const head = await repo.resolve(`refs/heads/${p.branch}`);
    const protocol = p.protocol.toLowerCase();
    const original = await repo.readFiles(start, `${protocol}/`);
    const current = head ? await repo.readFiles(head, `${protocol}/`) : original;
    // View paths (rtp/2.0/...) to paths in the tree: rtp/... (or rtp/2.0/... in a repository of the earlier layout).
    const dir = versionDir(p.protocol, p.baseVersion);
    const folder = folderIn(original, protocol, p.baseVersion);
    const inTree = (path: string) => folder + path.slice(dir.length + 1);
    const changes = new Map<string, string | null>();
    for (const f of previous) if (!files.some((n) => n.path === f.path)) changes.set(inTree(f.path), original.get(inTree(f.path)) ?? null);
    for (const f of files) if (current.get(inTree(f.path)) !== f.text) changes.set(inTree(f.path), f.text);
    const tree = await repo.writeTree(head ?? start, changes);
    const commit = await repo.commit(tree, [head ?? start], message, gitIdentity(actor, clock));
    await repo.updateRefs([{ ref: `refs/heads/${p.branch}`, to: commit, from: head }]);
  };

  const audit = (p: Proposal, actor: string, action: string, from: ProposalState | null, to: ProposalState | null, reason: string | null) =>
    store.audit({ at: nowIso(clock), actor, entity: 'proposal', entityId: String(p.id), action, from, to, reason });

  const view = async (p: Proposal): Promise<ProposalView> => {
    const files = store.getFiles(p.id);
    const all = await readVersionView(ctx.repo);
    const dir = versionDir(p.protocol, p.baseVersion);
    const base = filesOfVersion(all, dir);
    const c = store.countConsent(p.id);
    // Loading both versions runs in the check pool, off the event loop (src/offload).
    const diff = await proposalDiff(dir, base, files);
    return {
      ...p,
      files,
      diff,
      changes: itemChanges(base, files),
      comments: store.listComments(p.id),
      consent: p.category === 'wijzigen' ? consentSummary(c.agreed, c.total) : null,
      consents: p.category === 'wijzigen' ? consentEntries(store.db, p.id) : [],
      overlaps: overlapsOf(store, all, p),
      newestVersion: newestVersion(all, p.protocol) ?? null,
      impacts: impacts.of(p.id),
      history: store.auditOf('proposal', String(p.id)),
      commit: await repo.resolve(`refs/heads/${p.branch}`),
    };
  };

  /**
   * Acceptance would leave the proposal stuck when adoption must refuse it: its base is no longer
   * the newest version, or another accepted (not yet adopted) proposal changes the same item.
   */
  const refuseStuckAcceptance = async (p: Proposal) => {
    const all = await readVersionView(repo);
    const newest = newestVersion(all, p.protocol);
    if (newest && newest !== p.baseVersion) {
      throw conflict('stale_base', `voorstel ${p.id} gaat uit van ${p.protocol} ${p.baseVersion}, maar inmiddels is ${p.protocol} ${newest} vastgesteld; werk het voorstel bij naar ${newest} of trek het in`, [{ pointer: '/baseVersion', message: `basis ${p.baseVersion} is niet de nieuwste versie (${newest})` }]);
    }
    const clashes = overlapsOf(store, all, p, new Set(['aangenomen']));
    if (clashes.length) {
      throw conflict('proposal_conflict', `voorstel ${clashes[0].id} ("${clashes[0].title}") is al aangenomen en wijzigt hetzelfde: ${clashes[0].items[0]}; voeg de voorstellen samen of wijs dit voorstel af`,
        clashes.flatMap((c) => c.items.map((item) => ({ pointer: `/proposals/${c.id}`, message: `voorstel ${c.id} wijzigt ook ${item}` }))));
    }
  };

  return {
    get,
    /**
     * A crash between a proposal's record and its first commit leaves no branch: make it from the stored files.
     * A record that cannot be repaired is set aside (returned with the reason), so one bad record never stops a start.
     */
    async repairBranches(): Promise<{ repaired: number[]; setAside: { id: number; reason: string }[] }> {
      const repaired: number[] = [];
      const setAside: { id: number; reason: string }[] = [];
      for (const id of store.proposalIds()) {
        try {
          const p = store.getProposal(id);
          if (!p || (await repo.resolve(`refs/heads/${p.branch}`))) continue;
          // Text stored before input was checked may hold NULs or lone surrogates, which git refuses in a message.
          const message = `Voorstel ${p.id}: ${p.title}\n\n${p.rationale}\n`.replace(/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
          await commitBranch(p, store.getFiles(p.id), [], { username: p.author, name: p.author, roles: [] }, message);
          repaired.push(p.id);
        } catch (e) {
          setAside.push({ id, reason: String((e as Error)?.message ?? e).slice(0, 500) });
        }
      }
      return { repaired, setAside };
    },
    view: async (id: number) => view(get(id)),
    list: (state?: string) => {
      if (state !== undefined && !(['concept', 'ingediend', 'in_behandeling', 'consultatie', 'aangenomen', 'afgewezen', 'ingetrokken'] as string[]).includes(state)) {
        throw invalid(`onbekende toestand ${JSON.stringify(state)}`, [{ pointer: '/state', message: 'toestand bestaat niet' }]);
      }
      return store.listProposals(state as ProposalState | undefined);
    },

    create: (actor: Actor, body: Record<string, unknown>) => ctx.serial(async () => {
      requireRole(actor, 'indiener', 'een voorstel indienen');
      checkFields(body, true);
      const files = (body.files ?? []) as ProposalFile[];
      const { dir, files: base } = await baseFiles(ctx, body.protocol as string, body.baseVersion as string);
      if (!base.size) throw new AmendError(404, 'unknown_version', `${body.protocol as string} ${body.baseVersion as string} bestaat niet in de regelrepository`, [{ pointer: '/baseVersion', message: 'onbekende versie' }]);
      const problems = pathProblems(dir, files);
      if (problems.length) throw invalid('de bestanden van het voorstel liggen niet in de basisversie', problems);
      const p = store.tx(() => {
        const created = store.insertProposal({
          title: (body.title as string).trim(), category: body.category as Proposal['category'], protocol: body.protocol as Proposal['protocol'],
          baseVersion: body.baseVersion as string, rationale: body.rationale as string, explanation: (body.explanation as string | undefined) ?? null,
          rules: (body.rules as string[] | undefined) ?? [], author: actor.username,
        }, nowIso(clock));
        store.setFiles(created.id, files.map((f) => ({ path: f.path, text: f.text })));
        audit(created, actor.username, 'aangemaakt', null, 'concept', null);
        return created;
      });
      await commitBranch(p, files, [], actor, `Voorstel ${p.id}: ${p.title}\n\n${p.rationale}\n`);
      return view(p);
    }),

    patch: (actor: Actor, id: number, body: Record<string, unknown>) => ctx.serial(async () => {
      const p = get(id);
      if (!has(actor, 'indiener') || p.author !== actor.username) throw forbidden('alleen de indiener wijzigt een voorstel');
      if (p.state !== 'concept') throw conflict('not_editable', `voorstel ${id} is ${p.state} en kan niet meer gewijzigd worden`);
      checkFields(body, false);
      const previous = store.getFiles(id);
      const files = 'files' in body ? (body.files as ProposalFile[]) : previous;
      const problems = pathProblems(versionDir(p.protocol, p.baseVersion), files);
      if (problems.length) throw invalid('de bestanden van het voorstel liggen niet in de basisversie', problems);
      store.tx(() => {
        const fields: Parameters<typeof store.updateProposal>[1] = { updatedAt: nowIso(clock) };
        if ('title' in body) fields.title = (body.title as string).trim();
        if ('rationale' in body) fields.rationale = body.rationale as string;
        if ('explanation' in body) fields.explanation = body.explanation as string | null;
        if ('rules' in body) fields.rules = body.rules as string[];
        store.updateProposal(id, fields);
        if ('files' in body) store.setFiles(id, files.map((f) => ({ path: f.path, text: f.text })));
        audit(p, actor.username, 'gewijzigd', 'concept', 'concept', null);
      });
      if ('files' in body) await commitBranch(p, files, previous, actor, `Voorstel ${p.id}: bestanden bijgewerkt\n`);
      return view(get(id));
    }),

    submit: (actor: Actor, id: number) => ctx.serial(async () => {
      const p = get(id);
      if (!has(actor, 'indiener') || p.author !== actor.username) throw forbidden('alleen de indiener dient het eigen voorstel in');
      if (p.state !== 'concept') throw conflict('invalid_transition', `voorstel ${id} is al ${p.state}`);
      const files = store.getFiles(id);
      const { dir, files: base } = await baseFiles(ctx, p.protocol, p.baseVersion);
      const changed = files.filter((f) => base.get(f.path) !== f.text);
      if (p.category === 'verhelderen') {
        // A clarification answers from the current documents: it publishes an explanation and changes no rule.
        const details = changed.map((f) => ({ pointer: `/files/${files.indexOf(f)}`, message: `${f.path}: een verheldering wijzigt geen regelbestanden` }));
        if (!p.explanation?.trim()) details.push({ pointer: '/explanation', message: 'een verheldering heeft een toelichting nodig' });
        const known = new Set<string>();
        const v = loadVersion(dir, base, ctx.facts).version;
        for (const d of v?.decisions ?? []) { d.rules.forEach((r) => known.add(r.id)); known.add(d.default.id); }
        if (!p.rules.length) details.push({ pointer: '/rules', message: 'noem de regels waar de toelichting bij hoort' });
        p.rules.forEach((r, i) => { if (!known.has(r)) details.push({ pointer: `/rules/${i}`, message: `regel ${r} bestaat niet in ${p.protocol} ${p.baseVersion}` }); });
        if (details.length) throw new AmendError(422, 'proposal_invalid', 'deze verheldering kan niet ingediend worden', details);
      } else {
        if (!changed.length) throw new AmendError(422, 'proposal_invalid', 'het voorstel wijzigt geen enkel regelbestand', [{ pointer: '/files', message: 'geen wijzigingen' }]);
        const check = await checkChangedVersion(dir, new Map([...base, ...files.map((f) => [f.path, f.text] as const)]), ctx.facts);
        if (!check.ok) {
          throw new AmendError(422, 'proposal_invalid', `de gewijzigde versie laadt, compileert of slaagt niet voor alle tests (${check.diagnostics.length} problemen, ${check.tests.failed} tests falen)`, checkDetails(check));
        }
      }
      const today = dutchDate(clock.now());
      store.tx(() => {
        store.updateProposal(id, {
          state: 'ingediend', submittedAt: nowIso(clock), updatedAt: nowIso(clock),
          earliestValidFrom: p.category === 'wijzigen' ? earliestValidFrom(today) : null,
        });
        audit(p, actor.username, 'ingediend', 'concept', 'ingediend', p.category === 'wijzigen' ? `ingediend op ${today}; op zijn vroegst van kracht ${earliestValidFrom(today)}` : null);
      });
      return view(get(id));
    }),

    transition: (actor: Actor, id: number, body: Record<string, unknown>) => ctx.serial(async () => {
      const p = get(id);
      const to = body.to as ProposalState;
      if (!TRANSITION_TARGETS.includes(to)) throw invalid(`to moet een van ${TRANSITION_TARGETS.join(', ')} zijn`, [{ pointer: '/to', message: 'onbekende doeltoestand' }]);
      if (!str(body.reason, 5000)) throw invalid('geef een reden (reason) voor deze stap', [{ pointer: '/reason', message: 'verplicht' }]);
      const mover = moverFor(to)!;
      if (mover === 'author' && (!has(actor, 'indiener') || p.author !== actor.username)) throw forbidden('alleen de indiener trekt het eigen voorstel in');
      if (mover === 'reviewer') {
        if (!has(actor, 'beoordelaar')) throw forbidden('deze stap vraagt de rol beoordelaar');
        if (p.author === actor.username) throw forbidden('u beslist niet over uw eigen voorstel');
      }
      if (!findEdge(p.category, p.state, to)) throw conflict('invalid_transition', `van ${p.state} naar ${to} kan niet voor een voorstel van de categorie ${p.category}`);
      if (p.category === 'wijzigen' && to === 'aangenomen') {
        const c = store.countConsent(id);
        const s = consentSummary(c.agreed, c.total);
        if (!s.sufficient) {
          throw new AmendError(422, 'insufficient_consent', `${s.agreed} van ${s.total} gecontracteerde aanbieders stemmen in (${s.percent}%); minstens ${s.required}% is nodig`, [{ pointer: '/consents', message: `${s.agreed}/${s.total}` }]);
        }
      }
      if (to === 'aangenomen' && p.category !== 'verhelderen') await refuseStuckAcceptance(p);
      store.tx(() => {
        store.updateProposal(id, { state: to, updatedAt: nowIso(clock) });
        audit(p, actor.username, 'overgang', p.state, to, (body.reason as string).trim());
      });
      return view(get(id));
    }),

    /** Open proposals that change what a draft changes ({ protocol, baseVersion, files, proposalId? }), for the editor while typing. */
    overlaps: async (body: Record<string, unknown>) => {
      const details: { pointer: string; message: string }[] = [];
      if (body.protocol !== 'RTP' && body.protocol !== 'RAP') details.push({ pointer: '/protocol', message: 'RTP of RAP' });
      if (typeof body.baseVersion !== 'string' || !/^\d+\.\d+$/.test(body.baseVersion)) details.push({ pointer: '/baseVersion', message: 'een versienummer zoals "2.0"' });
      if (!Array.isArray(body.files)) details.push({ pointer: '/files', message: 'lijst van { path, text }' });
      else body.files.forEach((f: { path?: unknown; text?: unknown }, i) => { if (typeof f?.path !== 'string' || typeof f?.text !== 'string') details.push({ pointer: `/files/${i}`, message: '{ path, text }' }); });
      if (body.proposalId !== undefined && !Number.isInteger(body.proposalId)) details.push({ pointer: '/proposalId', message: 'een voorstelnummer' });
      if (details.length) throw invalid('verwacht { protocol, baseVersion, files, proposalId? }', details);
      const all = await readVersionView(repo);
      const p = { id: body.proposalId as number | undefined, protocol: body.protocol as string, baseVersion: body.baseVersion as string };
      return { overlaps: overlapsOfFiles(store, all, p, body.files as ProposalFile[]) };
    },

    /** Re-applies the proposal on the newest version of its protocol, re-tested (rebase.ts). */
    rebase: (actor: Actor, id: number) => ctx.serial(async () => {
      await rebaseProposal(ctx, actor, get(id));
      return view(get(id));
    }),

    /** Runs the impact analysis on a seeded synthetic corpus and keeps it with the proposal (anyone logged in). */
    impact: async (actor: Actor, id: number, body: Record<string, unknown>) => {
      const p = get(id);
      const size = body.size === undefined ? IMPACT_SIZE.default : body.size;
      const seed = body.seed === undefined ? 1 : body.seed;
      const details: { pointer: string; message: string }[] = [];
      if (!Number.isInteger(size) || (size as number) < 1 || (size as number) > IMPACT_SIZE.max) details.push({ pointer: '/size', message: `geheel getal 1..${IMPACT_SIZE.max}` });
      if (!Number.isInteger(seed)) details.push({ pointer: '/seed', message: 'geheel getal' });
      if (details.length) throw invalid('verwacht { size?, seed? }', details);
      if (p.category === 'verhelderen') throw conflict('invalid_transition', 'een verheldering wijzigt geen regels; er is geen impact');
      const report = await impactOffThread(await readVersionView(repo), p, store.getFiles(id), seed as number, size as number);
      return impacts.add({ proposalId: id, at: nowIso(clock), actor: actor.username, corpus: `synthetisch corpus, seed ${seed as number}, ${size as number} casussen`, baseVersion: p.baseVersion, state: p.state, report });
    },

    comment: (actor: Actor, id: number, body: Record<string, unknown>) => {
      const p = get(id);
      if (!str(body.text, 10000)) throw invalid('text: verplichte tekst', [{ pointer: '/text', message: 'verplicht' }]);
      return store.addComment(p.id, actor.username, nowIso(clock), body.text as string);
    },

    consent: (actor: Actor, id: number, body: Record<string, unknown>) => {
      const p = get(id);
      if (!has(actor, 'beoordelaar') && !has(actor, 'beheerder')) throw forbidden('instemming vastleggen vraagt de rol beoordelaar of beheerder');
      if (p.author === actor.username) throw forbidden('u legt geen instemming vast op uw eigen voorstel');
      if (typeof body.providerId !== 'string' || typeof body.agrees !== 'boolean') {
        throw invalid('verwacht { providerId, agrees }', [{ pointer: typeof body.providerId !== 'string' ? '/providerId' : '/agrees', message: 'ontbreekt of verkeerd type' }]);
      }
      if (p.category !== 'wijzigen') throw conflict('invalid_transition', 'alleen een wijziging vraagt instemming van aanbieders');
      if (p.state !== 'consultatie') throw conflict('invalid_transition', `instemming wordt vastgelegd tijdens de consultatie; voorstel ${id} is ${p.state}`);
      const provider = store.getProvider(body.providerId);
      if (!provider) throw new AmendError(404, 'unknown_provider', `aanbieder ${body.providerId} staat niet in het register`, [{ pointer: '/providerId', message: 'onbekend' }]);
      if (!provider.contracted) throw conflict('provider_not_contracted', `aanbieder ${provider.id} is niet gecontracteerd`, [{ pointer: '/providerId', message: 'niet gecontracteerd' }]);
      store.tx(() => {
        store.setConsent(id, provider.id, body.agrees as boolean, actor.username, nowIso(clock));
        audit(p, actor.username, body.agrees ? 'instemming' : 'geen instemming', p.state, p.state, `aanbieder ${provider.id}`);
      });
      const c = store.countConsent(id);
      return consentSummary(c.agreed, c.total);
    },

    /** Published explanations: accepted `verhelderen` proposals, optionally for one rule. */
    explanations: (protocol?: string, rule?: string) =>
      store.listProposals('aangenomen')
        .filter((p) => p.category === 'verhelderen' && (!protocol || p.protocol === protocol) && (!rule || p.rules.includes(rule)))
        .map((p) => ({ id: p.id, title: p.title, protocol: p.protocol, baseVersion: p.baseVersion, rules: p.rules, explanation: p.explanation, acceptedAt: p.updatedAt })),
  };
}

export type Proposals = ReturnType<typeof createProposals>;
