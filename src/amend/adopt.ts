/**
 * Adoption (vaststelling): the admin bundles accepted proposals into a new
 * version. Conflicts (two proposals touching the same rule or table row, or
 * overlapping text) are refused, never merged silently. The new version must
 * load, compile and pass its tests together with every other version. In git,
 * main's protocol folder becomes the new version and the tag marks it
 * (version-layout.ts), so `git diff rtp-2.0 rtp-2.1` is exactly the change.
 *
 * Crash safety, in three steps:
 *   1. write git objects (unreferenced, harmless) and a 'bezig' adoption row;
 *   2. move `main` and create the tag in one git ref transaction (the commit point);
 *   3. mark the adoption 'vastgesteld' and the proposals adopted, with audit entries.
 * `recoverAdoptions` at start finishes step 3 when the tag exists, and drops the
 * row when it does not, so a crash leaves the old state or the new one.
 */
import { breakingChanges } from '../diff/breaking-changes.js';
import { formatDiagnostic } from '../load/diagnostics.js';
import { parseDocument } from 'yaml';
import { loadRules } from '../load/load-rules.js';
import type { RuleFiles } from '../load/rule-source.js';
import { runVersionTests } from '../testing/run-tests.js';
import { createRegistry } from '../evaluate/registry.js';
import { itemChanges } from './changes.js';
import { checkDetails } from './check-version.js';
import { gitIdentity, nowIso, type AmendContext } from './context.js';
import { isIsoDate } from './deadline.js';
import { AmendError, conflict, forbidden, invalid, notFound } from './errors.js';
import { MAIN, tagName } from './rules-repo.js';
import { editRuleset } from './ruleset-edit.js';
import type { PendingAdoption } from './store.js';
import type { Actor, Adoption, Proposal } from './types.js';
import { filesOfVersion, rehome, relativeTo, versionDir } from './version-files.js';
import { closeEndDates, compareVersions, protocolFolderChanges, readVersionView } from './version-layout.js';

export interface AdoptionRequest {
  protocol: 'RTP' | 'RAP';
  version: string;
  validFrom: string;
  proposalIds: number[];
}

function checkRequest(body: Record<string, unknown>): AdoptionRequest {
  const details: { pointer: string; message: string }[] = [];
  if (body.protocol !== 'RTP' && body.protocol !== 'RAP') details.push({ pointer: '/protocol', message: 'RTP of RAP' });
  if (typeof body.version !== 'string' || !/^\d+\.\d+$/.test(body.version)) details.push({ pointer: '/version', message: 'een versienummer zoals "2.1"' });
  if (!isIsoDate(body.validFrom)) details.push({ pointer: '/validFrom', message: 'een datum JJJJ-MM-DD' });
  const ids = body.proposalIds;
  if (!Array.isArray(ids) || !ids.length || !ids.every((i) => Number.isInteger(i))) details.push({ pointer: '/proposalIds', message: 'een niet-lege lijst van voorstelnummers' });
  else if (new Set(ids).size !== ids.length) details.push({ pointer: '/proposalIds', message: 'een voorstel staat er twee keer in' });
  if (details.length) throw invalid('de vaststelling is niet goed gevormd', details);
  return body as unknown as AdoptionRequest;
}

const versionOf = (dir: string) => dir.split('/')[1];

/** ruleset.yaml of the new version: number, status, dates, title and changelog. */
function newRuleset(text: string, base: string, req: AdoptionRequest, proposals: Proposal[], rulesOf: Map<number, string[]>): string {
  const title = parseDocument(text).get('title');
  const set: Record<string, string | null> = { version: req.version, status: 'vastgesteld', validFrom: req.validFrom, validTo: null };
  if (typeof title === 'string' && title.includes(base)) set.title = title.replace(base, req.version);
  return editRuleset(text, set, proposals.map((p) => {
    const rules = rulesOf.get(p.id) ?? [];
    return { change: p.title, source: `voorstel ${p.id} (${p.category}), vastgesteld in ${req.protocol} ${req.version}`, ...(rules.length ? { rules } : {}) };
  }));
}

export function createAdoptions(ctx: AmendContext) {
  const { store, repo, clock } = ctx;

  const finish = (a: PendingAdoption) => store.tx(() => {
    store.finishAdoption(a.protocol, a.version);
    for (const id of a.proposalIds) {
      store.updateProposal(id, { adoptedIn: a.version, updatedAt: a.at });
      store.audit({ at: a.at, actor: a.adoptedBy, entity: 'proposal', entityId: String(id), action: 'vastgesteld', from: 'aangenomen', to: 'aangenomen', reason: `opgenomen in ${a.protocol} ${a.version} (${a.tag})` });
    }
    store.audit({ at: a.at, actor: a.adoptedBy, entity: 'adoption', entityId: a.tag, action: 'vastgesteld', from: null, to: 'vastgesteld', reason: `voorstellen ${a.proposalIds.join(', ')}; geldig vanaf ${a.validFrom}` });
  });

  const adopt = (actor: Actor, body: Record<string, unknown>) => ctx.serial(async (): Promise<Adoption> => {
    if (!actor.roles.includes('beheerder')) throw forbidden('vaststellen vraagt de rol beheerder');
    const req = checkRequest(body);
    const main = (await repo.resolve(MAIN))!;
    const all = await readVersionView(repo);

    const proposals = req.proposalIds.map((id, i) => {
      const p = store.getProposal(id);
      if (!p) throw new AmendError(404, 'not_found', `voorstel ${id} bestaat niet`, [{ pointer: `/proposalIds/${i}`, message: 'onbekend voorstel' }]);
      const why = p.state !== 'aangenomen' ? `is ${p.state}, niet aangenomen`
        : p.adoptedIn ? `is al vastgesteld in ${p.protocol} ${p.adoptedIn}`
          : p.category === 'verhelderen' ? 'is een verheldering en wijzigt geen regels'
            : p.protocol !== req.protocol ? `hoort bij ${p.protocol}` : undefined;
      if (why) throw new AmendError(422, 'proposal_not_adoptable', `voorstel ${id} ${why}`, [{ pointer: `/proposalIds/${i}`, message: why }]);
      if (p.author === actor.username) throw forbidden(`u stelt uw eigen voorstel ${id} niet vast`);
      return p;
    });
    const bases = [...new Set(proposals.map((p) => p.baseVersion))];
    if (bases.length > 1) throw new AmendError(422, 'proposal_not_adoptable', `de voorstellen gaan uit van verschillende versies (${bases.join(', ')})`, [{ pointer: '/proposalIds', message: 'één basisversie per vaststelling' }]);
    const base = bases[0];
    const baseDir = versionDir(req.protocol, base);
    const newDir = versionDir(req.protocol, req.version);
    const tag = tagName(req.protocol, req.version);
    const dirs = [...new Set([...all.keys()].map((p) => p.split('/').slice(0, 2).join('/')))].filter((d) => d.startsWith(`${req.protocol.toLowerCase()}/`));
    if (dirs.includes(newDir) || (await repo.resolve(`refs/tags/${tag}`))) throw conflict('version_exists', `${req.protocol} ${req.version} bestaat al`, [{ pointer: '/version', message: 'bestaat al' }]);
    const newest = dirs.map(versionOf).sort(compareVersions).pop();
    if (newest !== base) throw conflict('stale_base', `de voorstellen gaan uit van ${req.protocol} ${base}, maar de nieuwste versie is ${newest}`, [{ pointer: '/proposalIds', message: `basis ${base} is niet de nieuwste versie` }]);
    if (compareVersions(req.version, base) <= 0) throw invalid(`versie ${req.version} moet hoger zijn dan ${base}`, [{ pointer: '/version', message: 'niet hoger dan de basisversie' }]);
    const baseFiles = filesOfVersion(all, baseDir);
    const baseFrom = String(parseDocument(baseFiles.get(`${baseDir}/ruleset.yaml`) ?? '').get('validFrom') ?? '');
    if (req.validFrom <= baseFrom) throw invalid(`validFrom moet na ${baseFrom} liggen (de ingangsdatum van ${base})`, [{ pointer: '/validFrom', message: 'te vroeg' }]);
    for (const [i, p] of proposals.entries()) {
      if (p.category !== 'wijzigen') continue;
      if (!req.validFrom.endsWith('-01-01') || req.validFrom < (p.earliestValidFrom ?? '')) {
        throw new AmendError(422, 'deadline_missed', `voorstel ${p.id} (wijzigen) is ingediend op ${p.submittedAt?.slice(0, 10)} en kan op zijn vroegst per ${p.earliestValidFrom} ingaan (1 maart-regel), en alleen op 1 januari`, [{ pointer: `/proposalIds/${i}`, message: `vroegst ${p.earliestValidFrom}` }]);
      }
    }

    // Conflicts, item by item: the same rule, derived fact, table row or test case in two proposals.
    const changesOf = new Map(proposals.map((p) => [p.id, itemChanges(baseFiles, store.getFiles(p.id))]));
    const owner = new Map<string, Proposal>();
    const clashes: { pointer: string; message: string }[] = [];
    for (const p of proposals) {
      for (const c of changesOf.get(p.id)!) {
        const other = owner.get(c.key);
        if (other) clashes.push({ pointer: `/proposalIds/${req.proposalIds.indexOf(p.id)}`, message: `voorstel ${other.id} en voorstel ${p.id} wijzigen allebei ${c.label} (${c.file})` });
        else owner.set(c.key, p);
      }
    }
    if (clashes.length) throw conflict('adoption_conflict', `de voorstellen botsen: ${clashes[0].message}`, clashes);

    // Different items may still sit on neighbouring lines: merge texts with git, refuse any overlap.
    const merged = new Map<string, string>();
    for (const p of proposals) {
      for (const f of store.getFiles(p.id)) {
        const before = baseFiles.get(f.path);
        const current = merged.get(f.path);
        if (current === undefined || current === f.text) { merged.set(f.path, f.text); continue; }
        const m = await repo.mergeText(before ?? '', current, f.text);
        if (m.conflicts) throw conflict('adoption_conflict', `de voorstellen wijzigen dezelfde regels tekst in ${f.path} (voorstel ${p.id}); voeg ze samen in één voorstel`, [{ pointer: `/proposalIds/${req.proposalIds.indexOf(p.id)}`, message: `tekstconflict in ${f.path}` }]);
        merged.set(f.path, m.text);
      }
    }

    // The new version: base files + merged changes, moved to the new directory, with its own ruleset metadata.
    const rulesOf = new Map(proposals.map((p) => [p.id, changesOf.get(p.id)!.filter((c) => c.kind === 'rule').map((c) => c.key.slice(5))]));
    const changedBase = new Map([...baseFiles, ...merged]);
    const newFiles = rehome(changedBase, baseDir, newDir);
    const rulesetPath = `${newDir}/ruleset.yaml`;
    newFiles.set(rulesetPath, newRuleset(newFiles.get(rulesetPath) ?? '', base, req, proposals, rulesOf));
    // In the view the base version now ends the day before the new one starts (closeEndDates); its tag stays as adopted.
    const next: RuleFiles = closeEndDates(new Map([...all, ...newFiles]));

    const loaded = loadRules(next, ctx.facts);
    // Warnings, never refusals. A disagreement with the other protocol (one professions table, one set of hourly tariffs):
    // proposals change one protocol at a time, so the other protocol's matching change can only follow. It is
    // named in the answer and in the audit log, so the matching proposal is not forgotten.
    const label = `${req.protocol} ${req.version} `;
    const warnings = loaded.diagnostics.filter((d) => d.code === 'inconsistent' && d.message.includes(label)).map(formatDiagnostic);
    const problems = loaded.diagnostics.filter((d) => d.code !== 'inconsistent' && (d.file.startsWith(`${newDir}/`) || d.file.startsWith(`${baseDir}/`)));
    const version = loaded.versions.find((v) => v.dir === newDir);
    // What the new version breaks for calling systems (facts newly needed, outcome words, decisions): a warning, not a refusal.
    const baseVersion = loaded.versions.find((v) => v.dir === baseDir);
    if (version && baseVersion) for (const b of breakingChanges(baseVersion, version, ctx.facts)) warnings.push(`${b.decision}: ${b.message}`);
    const failures = problems.length || !version ? [] : (await runVersionTests(version, createRegistry([version], ctx.facts))).filter((r) => !r.passed);
    if (problems.length || !version || failures.length) {
      throw new AmendError(422, 'adoption_invalid', `${req.protocol} ${req.version} laadt, compileert of slaagt niet voor alle tests`,
        checkDetails({ ok: false, diagnostics: problems, tests: { passed: 0, failed: failures.length, failures } }));
    }

    // Step 1: objects and the pending record.
    const who = gitIdentity(actor, clock);
    // Main's protocol folder becomes the new version, so the diff between the tags is exactly the change.
    const protocolDir = req.protocol.toLowerCase();
    const changes = protocolFolderChanges(await repo.readFiles(main, `${protocolDir}/`), protocolDir, relativeTo(newFiles, newDir));
    const tree = await repo.writeTree(main, changes);
    const message = `${req.protocol} ${req.version} vastgesteld, geldig vanaf ${req.validFrom}\n\n${proposals.map((p) => `- voorstel ${p.id} (${p.category}): ${p.title}`).join('\n')}\n`;
    const commit = await repo.commit(tree, [main], message, who);
    const tagObject = await repo.makeTag(tag, commit, `${req.protocol} ${req.version} (vastgesteld, geldig vanaf ${req.validFrom})`, who);
    const pending: PendingAdoption = {
      protocol: req.protocol, version: req.version, validFrom: req.validFrom, status: 'bezig', tag, commit, tagObject,
      previousMain: main, proposalIds: req.proposalIds, adoptedBy: actor.username, at: nowIso(clock),
    };
    store.insertAdoption(pending);
    await ctx.hooks?.at('before-refs');
    // Step 2: the commit point.
    try {
      await repo.updateRefs([{ ref: MAIN, to: commit, from: main }, { ref: `refs/tags/${tag}`, to: tagObject, from: null }]);
    } catch (e) {
      store.dropAdoption(req.protocol, req.version);
      throw conflict('repository_changed', `de regelrepository veranderde tijdens het vaststellen; probeer opnieuw (${(e as Error).message})`);
    }
    await ctx.hooks?.at('after-refs');
    // Step 3: the records.
    finish(pending);
    if (warnings.length) {
      store.audit({ at: pending.at, actor: actor.username, entity: 'adoption', entityId: tag, action: 'waarschuwing', from: null, to: null, reason: warnings.join('; ') });
    }
    await ctx.hooks?.at('after-records');
    await ctx.onAdopted?.(next);
    return { protocol: req.protocol, version: req.version, validFrom: req.validFrom, status: 'vastgesteld', tag, commit, proposalIds: req.proposalIds, adoptedBy: actor.username, at: pending.at, warnings };
  });

  return {
    adopt,
    list: () => store.listAdoptions('vastgesteld').map(({ tagObject: _t, previousMain: _p, ...a }) => a as Adoption),
    /** Finishes or discards adoptions a crash interrupted (see the comment at the top). */
    async recover(): Promise<{ finished: string[]; dropped: string[] }> {
      const out = { finished: [] as string[], dropped: [] as string[] };
      for (const a of store.listAdoptions('bezig')) {
        const tagged = await repo.resolve(`refs/tags/${a.tag}`);
        if (tagged === a.commit) { finish(a); out.finished.push(a.tag); }
        else { store.dropAdoption(a.protocol, a.version); out.dropped.push(a.tag); }
      }
      return out;
    },
    get: (protocol: string, version: string) => {
      const a = store.listAdoptions('vastgesteld').find((x) => x.protocol === protocol && x.version === version);
      if (!a) throw notFound(`vaststelling ${protocol} ${version}`);
      return a;
    },
  };
}

export type Adoptions = ReturnType<typeof createAdoptions>;
