/**
 * Proposals by state, and one proposal as a reviewer needs it: the whole change
 * (rows old -> new with dates, every changed file including tests), other open
 * proposals on the same items, the stored impact, the tests, per-provider consent,
 * the decisions and adoption; each action reports right beside its button.
 */
import { api, currentUser, hasRole } from '../api.js';
import { semanticList, withoutEffectNote, type SemanticDiffView } from '../change-list.js';
import { dateInput, field, h, mount } from '../dom.js';
import { emptyDraft, followConcept, hasContent, loadDraft, saveDraft } from '../drafts.js';
import { actionButton, errorNodes } from '../errors.js';
import { now } from '../../../src/base/clock.js';
import { count, date, earliestValidFrom, euro, euroDelta, todayAmsterdam, when } from '../format.js';
import { hunks, lineDiff } from '../line-diff.js';
import { parseDate, showDate } from '../table-grid.js';

interface Proposal { id: number; title: string; category: string; protocol: string; baseVersion: string; state: string; author: string; rationale: string; adoptedIn: string | null; earliestValidFrom: string | null; submittedAt: string | null; submitWarnings?: string[]; startsOn?: string | null; withoutEffect?: { message: string }[] }
interface ImpactReport {
  evaluated: number; changed: number;
  transitions: { from: string; to: string; count: number }[];
  byRule: { rule: string; firesNow: number; stopsFiring: number }[];
  money: { nuAfgekeurd: number; nuGoedgekeurd: number; netto: number };
  amounts?: { changed: number; delta: number; byRule: { rule: string; changed: number; delta: number }[]; byTariefgroep: { tariefgroep: string; changed: number; delta: number }[] };
}
interface View extends Proposal {
  files: { path: string; text: string }[];
  revision: string;
  diff: SemanticDiffView | null;
  changes: { key: string; kind: string; label: string; change: 'added' | 'removed' | 'changed'; file: string }[];
  comments: { author: string; at: string; text: string }[];
  consent: { agreed: number; total: number; percent: number; required: number; sufficient: boolean; decided?: boolean } | null;
  consents: { providerId: string; providerName: string; agrees: boolean | null; recordedBy: string | null; at: string | null; answeredOn?: string | null; proof?: string | null }[];
  overlaps: { id: number; title: string; state: string; author: string; items: string[] }[];
  newestVersion: string | null;
  impacts: { id: number; at: string; actor: string; corpus: string; baseVersion: string; state: string; report: ImpactReport }[];
  history: { at: string; actor: string; action: string; from: string | null; to: string; reason: string | null }[];
}

const STATES = ['concept', 'ingediend', 'in_behandeling', 'consultatie', 'aangenomen', 'afgewezen', 'ingetrokken'];
/** Warnings from an adoption this browser just made, shown on the proposal's page after it reloads. */
const adoptionWarnings = new Map<number, string[]>();

export const STATE_LABEL: Record<string, string> = {
  concept: 'Concept', ingediend: 'Ingediend', in_behandeling: 'In behandeling', consultatie: 'Consultatie aanbieders',
  aangenomen: 'Aangenomen', afgewezen: 'Afgewezen', ingetrokken: 'Ingetrokken',
};
const CATEGORY_LABEL: Record<string, string> = { verwerken: 'verwerken', wijzigen: 'wijzigen (met consultatie)', verhelderen: 'verhelderen' };
const WORD: Record<string, string> = { added: 'toegevoegd', removed: 'verwijderd', changed: 'gewijzigd' };

export async function showProposals() {
  const { proposals } = await api<{ proposals: Proposal[] }>('GET', '/api/v1/proposals');
  mount(h('h1', {}, 'Wijzigingsvoorstellen'), ...STATES.map((state) => {
    const mine = proposals.filter((p) => p.state === state);
    return h('section', { class: 'card' }, h('h2', {}, `${STATE_LABEL[state]} (${mine.length})`),
      mine.length ? h('ul', {}, ...mine.map((p) => h('li', {}, h('a', { href: `#/voorstel/${p.id}` }, `#${p.id} ${p.title}`), ` – ${p.protocol} ${p.baseVersion}, ${p.category}, door ${p.author}${p.author === currentUser?.username ? ' (uw voorstel)' : ''}`))) : h('p', { class: 'muted' }, 'Geen.'));
  }));
}

/** The next version number that does not exist yet: the newest of the protocol plus 0.1. */
function nextFreeVersion(versions: string[]): string {
  const newest = [...versions].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).pop() ?? '1.0';
  const [major, minor] = newest.split('.').map(Number);
  return `${major}.${minor + 1}`;
}

function fileDiffs(files: { path: string; text: string }[], base: Map<string, string>): HTMLElement {
  const changed = files.filter((f) => base.get(f.path) !== f.text);
  if (!changed.length) return h('p', { class: 'muted' }, 'Geen gewijzigde bestanden.');
  return h('div', { 'data-testid': 'file-diffs' }, ...changed.map((f) => {
    const isTest = /\/tests\//.test(f.path);
    const lines = hunks(lineDiff(base.get(f.path) ?? '', f.text));
    const added = lines.filter((l) => l?.kind === '+').length;
    const removed = lines.filter((l) => l?.kind === '-').length;
    return h('section', { class: `file-diff${isTest ? ' test-file' : ''}`, 'aria-label': `Wijziging in ${f.path}` },
      h('h3', {}, f.path, ' ', h('span', { class: 'badge' }, isTest ? 'testbestand' : base.has(f.path) ? 'gewijzigd' : 'nieuw'), ` +${added} −${removed}`),
      ...(isTest ? [h('p', { class: 'note' }, 'Testbestand: controleer of verwachte uitkomsten niet zijn aangepast om een fout te verbergen.')] : []),
      h('pre', { class: 'diff' }, ...lines.map((l) => (l === null
        ? h('span', { class: 'gap' }, '…\n')
        : h('span', { class: l.kind === '+' ? 'add' : l.kind === '-' ? 'del' : 'ctx' }, `${String(l.kind === '-' ? l.oldNo : l.newNo).padStart(4)} ${l.kind} ${l.text}\n`)))));
  }));
}

function impactReport(r: ImpactReport): Node[] {
  const a = r.amounts;
  return [
    h('p', { 'data-testid': 'impact-summary' }, `${r.changed} van ${r.evaluated} antwoorden veranderen${a ? `; ${count(a.changed, 'antwoord verandert', 'antwoorden veranderen')} van bedrag, samen ${euroDelta(a.delta)}` : ''}.`),
    ...(r.transitions.length ? [h('h3', {}, 'Uitkomsten'), h('ul', {}, ...r.transitions.map((t) => h('li', {}, `${t.from} → ${t.to}: ${t.count}`)))] : []),
    ...(a?.byRule.length ? [h('h3', {}, 'Bedragen per regel'), h('table', { class: 'compact', 'data-testid': 'impact-money-rules' }, h('thead', {}, h('tr', {}, h('th', {}, 'Regel'), h('th', {}, 'Antwoorden'), h('th', {}, 'Effect'))),
      h('tbody', {}, ...a.byRule.map((x) => h('tr', {}, h('td', {}, x.rule), h('td', {}, String(x.changed)), h('td', {}, euroDelta(x.delta))))))] : []),
    ...(a?.byTariefgroep.length ? [h('h3', {}, 'Bedragen per tariefgroep'), h('table', { class: 'compact', 'data-testid': 'impact-money-groups' }, h('thead', {}, h('tr', {}, h('th', {}, 'Tariefgroep'), h('th', {}, 'Antwoorden'), h('th', {}, 'Effect'))),
      h('tbody', {}, ...a.byTariefgroep.map((x) => h('tr', {}, h('td', {}, x.tariefgroep === 'geen' ? '(geen tariefgroep)' : x.tariefgroep), h('td', {}, String(x.changed)), h('td', {}, euroDelta(x.delta))))))] : []),
    ...(r.byRule.length ? [h('h3', {}, 'Regels die vaker of minder vaak afgaan'), h('ul', {}, ...r.byRule.map((x) => h('li', {}, `${x.rule}: ${x.firesNow} keer nieuw, ${x.stopsFiring} keer niet meer`)))] : []),
    h('p', {}, `Declaraties: nu afgekeurd ${euro(r.money.nuAfgekeurd)}, nu goedgekeurd ${euro(r.money.nuGoedgekeurd)}, netto ${euroDelta(r.money.netto)}.`),
  ];
}

export async function showProposal(id: number) {
  const p = await api<View>('GET', `/api/v1/proposals/${id}`);
  const [{ files: baseList }, { rulesets }] = await Promise.all([
    api<{ files: { path: string; text: string }[] }>('GET', `/api/v1/rulesets/${p.protocol}/${p.baseVersion}/files`),
    api<{ rulesets: { protocol: string; version: string }[] }>('GET', '/api/v1/rulesets'),
  ]);
  const base = new Map(baseList.map((f) => [f.path, f.text]));
  const reload = () => showProposal(id);
  const own = p.author === currentUser?.username;
  const sections: Node[] = [];

  sections.push(
    h('h1', {}, `Voorstel #${p.id}: ${p.title}`),
    h('p', {}, h('span', { class: 'badge', 'data-testid': 'state', 'data-state': p.state }, STATE_LABEL[p.state] ?? p.state), ` ${CATEGORY_LABEL[p.category] ?? p.category} · ${p.protocol} ${p.baseVersion} · door ${p.author}${p.adoptedIn ? ` · vastgesteld in ${p.adoptedIn}` : ''}`),
  );

  // Trouble first: a moved base and other proposals on the same items.
  if (!p.adoptedIn && p.newestVersion && p.newestVersion !== p.baseVersion && !['afgewezen', 'ingetrokken'].includes(p.state)) {
    const may = own ? hasRole('indiener') : p.state !== 'concept' && (hasRole('beoordelaar') || hasRole('beheerder'));
    sections.push(h('section', { class: 'card warn', 'data-testid': 'stale' }, h('h2', {}, 'Basisversie is niet meer de nieuwste'),
      h('p', {}, `Dit voorstel gaat uit van ${p.protocol} ${p.baseVersion}, maar inmiddels is ${p.protocol} ${p.newestVersion} vastgesteld. Zo kan het niet worden aangenomen of vastgesteld. Bijwerken past de wijziging opnieuw toe op ${p.newestVersion} en test die opnieuw; botst zij met wat in ${p.newestVersion} veranderde, dan ziet u waar. Anders: intrekken of afwijzen.`),
      ...(may ? [actionButton(`Bijwerken naar ${p.protocol} ${p.newestVersion}`, async () => { await api('POST', `/api/v1/proposals/${id}/rebase`); await reload(); })] : [])));
  }
  if (p.overlaps.length && !['afgewezen', 'ingetrokken'].includes(p.state) && !p.adoptedIn) {
    sections.push(h('section', { class: 'card warn', 'data-testid': 'overlaps' }, h('h2', {}, 'Andere open voorstellen op hetzelfde onderdeel'),
      h('ul', {}, ...p.overlaps.map((o) => h('li', {}, h('a', { href: `#/voorstel/${o.id}` }, `#${o.id} ${o.title}`), ` (${STATE_LABEL[o.state] ?? o.state}, door ${o.author}): `, o.items.join('; ')))),
      h('p', { class: 'muted' }, 'Twee voorstellen die hetzelfde wijzigen kunnen niet allebei worden aangenomen; voeg ze samen of wijs er één af.')));
  }

  // Sent back by a reviewer: the reason on top, where the author looks first.
  const sentBack = p.state === 'concept' ? p.history.filter((x) => x.to === 'concept' && x.from && x.from !== 'concept').at(-1) : undefined;
  if (sentBack) sections.push(h('p', { class: 'note', 'data-testid': 'sent-back' }, `Teruggestuurd door ${sentBack.actor} op ${when(sentBack.at)}: ${(sentBack.reason ?? 'geen reden gegeven').replace(/[.!?\s]+$/, '')}. Pas het concept aan en dien het opnieuw in.`));
  // The author's own proposal: continue editing the concept in the editor, or withdraw.
  if (own && hasRole('indiener')) {
    const parts: Node[] = [];
    if (p.state === 'concept') {
      const local = loadDraft(p.protocol, p.baseVersion);
      const open = () => {
        saveDraft({ ...followConcept(emptyDraft(p.protocol, p.baseVersion), p), serverSavedAt: now().toISOString() });
        location.hash = `#/bewerk/${p.protocol}/${p.baseVersion}/${p.files[0]?.path ?? `${p.protocol.toLowerCase()}/${p.baseVersion}/ruleset.yaml`}`;
      };
      const other = local.proposalId !== p.id && hasContent(local, Object.keys(local.files).length);
      parts.push(actionButton(other ? 'Bewerken (vervangt het andere concept in deze browser)' : 'Verder bewerken in de editor', async () => open()));
      if (other) parts.push(h('p', { class: 'muted' }, `In deze browser staat al een ander concept voor ${p.protocol} ${p.baseVersion}${local.proposalId ? ` (voorstel #${local.proposalId})` : ' (nog niet opgeslagen)'}.`));
    }
    if (['concept', 'ingediend', 'in_behandeling', 'consultatie'].includes(p.state)) {
      const why = h('input', { name: 'withdrawReason' });
      parts.push(field('Reden van intrekken', why), actionButton('Voorstel intrekken', async () => {
        await api('POST', `/api/v1/proposals/${id}/transition`, { to: 'ingetrokken', reason: why.value || 'ingetrokken door de indiener' });
        const local = loadDraft(p.protocol, p.baseVersion);
        if (local.proposalId === p.id) saveDraft({ ...local, proposalId: null, aheadOfServer: true });
        await reload();
      }, { class: 'secondary' }));
    }
    if (parts.length) sections.push(h('section', { class: 'card', 'aria-label': 'Uw voorstel' }, h('h2', {}, 'Uw voorstel'), ...parts));
  }

  sections.push(h('section', { class: 'card' }, h('h2', {}, 'Toelichting'), h('p', {}, p.rationale)));
  if (p.category === 'wijzigen') {
    const earliest = p.earliestValidFrom ?? earliestValidFrom(todayAmsterdam());
    sections.push(h('section', { class: 'card', 'data-testid': 'deadline' }, h('h2', {}, '1 maart-regel'),
      h('p', {}, p.earliestValidFrom
        ? `Ingediend ${p.submittedAt ? when(p.submittedAt) : ''}: deze wijziging gaat op zijn vroegst in op ${date(p.earliestValidFrom)}.`
        : `Wordt dit voorstel vandaag ingediend, dan gaat het op zijn vroegst in op ${date(earliest)}.`)));
  }

  // Warnings given at submission (a disagreement with the other protocol): the author saw them, everyone who decides reads them too.
  if (p.submitWarnings?.length) {
    sections.push(h('section', { class: 'card warning', 'aria-label': 'Waarschuwingen bij indienen', 'data-testid': 'submit-warnings' },
      h('h2', {}, 'Waarschuwingen bij indienen'),
      h('p', {}, 'RTP en RAP delen één beroepentabel en één set uurtarieven. Na deze wijziging wijken ze van elkaar af:'),
      h('ul', { class: 'problems' }, ...p.submitWarnings.map((w) => h('li', { class: 'note' }, w)))));
  }
  // Rows that end before the earliest start: no answer of the new version would read them, and adoption refuses them.
  if (p.withoutEffect?.length && p.startsOn) sections.push(withoutEffectNote(p.withoutEffect, p.startsOn));

  // What the change breaks for the systems that call us (src/diff/breaking-changes.ts), before anything else of the diff.
  const breaking = (p.diff as { breaking?: { decision: string; message: string }[] } | null)?.breaking ?? [];
  if (breaking.length) {
    sections.push(h('section', { class: 'card warning', 'aria-label': 'Gevolgen voor aanroepende systemen', 'data-testid': 'breaking' },
      h('h2', {}, 'Gevolgen voor aanroepende systemen'),
      h('p', {}, 'Deze wijziging vraagt iets van de systemen van gemeenten en aanbieders die de regels aanroepen; spreek de ingangsdatum met hen af.'),
      h('ul', { class: 'problems' }, ...breaking.map((b) => h('li', {}, `${b.decision}: ${b.message}`)))));
  }

  // The whole change: rules and rows in words, then every changed file line by line (tests too).
  const testChanges = p.changes.filter((c) => c.kind === 'test');
  sections.push(
    h('section', { class: 'card' }, h('h2', {}, 'Inhoudelijk verschil'), p.diff ? semanticList(p.diff) : h('p', { class: 'muted' }, 'De gewijzigde versie laadt niet.'),
      ...(testChanges.length ? [h('h3', {}, 'Gewijzigde testgevallen'), h('ul', { class: 'problems', 'data-testid': 'test-changes' }, ...testChanges.map((c) => h('li', { class: 'note' }, `${c.label} ${WORD[c.change]} (${c.file})`)))] : [])),
    h('section', { class: 'card' }, h('h2', {}, 'Gewijzigde bestanden'), fileDiffs(p.files, base)),
  );

  // Impact: kept with the proposal, so everyone who decides sees the same figures.
  const latest = p.impacts[0];
  sections.push(h('section', { class: 'card', 'aria-label': 'Impact' }, h('h2', {}, 'Impact'),
    h('p', { class: 'muted' }, 'Wat dit voorstel verandert aan een jaar synthetische casussen, of aan de beslissingen die de dienst de afgelopen 30 dagen echt gaf: uitkomsten, regels en bedragen.'),
    // The corpus is answered as if the change applied to every date; rows without effect would never be read after adoption.
    ...(p.withoutEffect?.length && p.startsOn ? [h('p', { class: 'note', 'data-testid': 'impact-without-effect' }, `Let op: deze impact rekent ook met ${p.withoutEffect.length === 1 ? 'de rij' : `de ${p.withoutEffect.length} rijen`} hierboven die vóór ${date(p.startsOn)} ${p.withoutEffect.length === 1 ? 'eindigt' : 'eindigen'}. Vanaf een ingangsdatum op of na ${date(p.startsOn)} ${p.withoutEffect.length === 1 ? 'heeft die' : 'hebben die'} geen effect; dit bedrag wordt dan niet werkelijkheid.`)] : []),
    h('div', { 'data-testid': 'impact' }, ...(latest
      ? [h('p', { class: 'muted', 'data-testid': 'impact-meta' }, `Berekend door ${latest.actor} op ${when(latest.at)}, op het ${latest.corpus}, tegen ${p.protocol} ${latest.baseVersion} (voorstel was toen ${STATE_LABEL[latest.state] ?? latest.state}).`), ...impactReport(latest.report)]
      : [h('p', { class: 'muted' }, 'Nog niet berekend.')])),
    ...(p.category === 'verhelderen' ? [] : [actionButton(latest ? 'Impact opnieuw berekenen' : 'Impact berekenen', async () => {
      await api('POST', `/api/v1/proposals/${id}/impact`, { size: 5000 });
      await reload();
    }), actionButton('Impact op de beslissingen van de afgelopen 30 dagen', async () => {
      // Replays the decision log: the requests really answered, each on its own reference date.
      await api('POST', `/api/v1/proposals/${id}/impact`, { corpus: 'decision-log', days: 30 });
      await reload();
    }, { 'data-testid': 'impact-decision-log' })])));

  const testsOut = h('div', { 'data-testid': 'proposal-tests', 'aria-live': 'polite' }, 'Tests van de gewijzigde versie…');
  void api<{ diagnostics: { file: string; line: number; column: number; message: string }[]; tests: { passed: number; failed: number; cases: { name: string; decision: string; passed: boolean; failures: string[] }[] } }>(
    'POST', '/api/v1/drafts/check', { protocol: p.protocol, baseVersion: p.baseVersion, files: p.files },
  ).then((r) => testsOut.replaceChildren(
    h('p', { class: r.diagnostics.length || r.tests.failed ? 'bad' : 'ok' }, r.diagnostics.length ? `${count(r.diagnostics.length, 'probleem', 'problemen')} in de regels` : `${r.tests.passed} geslaagd, ${r.tests.failed} mislukt`),
    h('ul', { class: 'problems' }, ...r.diagnostics.map((d) => h('li', { class: 'bad' }, `${d.file}:${d.line}:${d.column} ${d.message}`)), ...r.tests.cases.filter((c) => !c.passed).map((c) => h('li', { class: 'bad' }, `${c.decision}: ${c.name} – ${c.failures.join('; ')}`))),
  )).catch((e) => testsOut.replaceChildren(...errorNodes(e)));
  sections.push(h('section', { class: 'card' }, h('h2', {}, 'Tests'), testsOut));

  if (p.consent) sections.push(consentSection(p, own, reload));
  sections.push(...decisionSections(p, own, rulesets.filter((v) => v.protocol === p.protocol).map((v) => v.version), reload));

  const comment = h('textarea', { name: 'comment', rows: '3' });
  sections.push(
    h('section', { class: 'card' }, h('h2', {}, 'Commentaar'),
      h('ul', {}, ...p.comments.map((c) => h('li', {}, `${when(c.at)} ${c.author}: ${c.text}`))),
      field('Nieuw commentaar', comment), actionButton('Plaatsen', async () => { await api('POST', `/api/v1/proposals/${id}/comments`, { text: comment.value }); await reload(); })),
    h('section', { class: 'card' }, h('h2', {}, 'Geschiedenis'), h('ul', {}, ...p.history.map((x) => h('li', {}, `${when(x.at)} ${x.actor}: ${x.from === x.to ? x.action : `${x.from ? STATE_LABEL[x.from] ?? x.from : '—'} → ${STATE_LABEL[x.to] ?? x.to}`}${x.reason ? ` (${x.reason})` : ''}`)))),
  );
  mount(...sections);
}

/** Consent of contracted providers: the exact fraction, and per provider who agreed or refused, recorded by whom and when. */
function consentSection(p: View, own: boolean, reload: () => Promise<void>): HTMLElement {
  const c = p.consent!;
  const needed = Math.ceil((c.required * c.total) / 100);
  const parts: Node[] = [h('h2', {}, 'Instemming aanbieders')];
  if (!c.total) {
    parts.push(h('p', { 'data-testid': 'consent' }, 'Er staan nog geen gecontracteerde aanbieders in het register, dus er kan nog geen instemming worden vastgelegd. ', h('a', { href: '#/aanbieders' }, 'Naar het aanbiedersregister')));
    // Before anyone is stuck in the consultation: who can fill the register, and how.
    if (['ingediend', 'in_behandeling', 'consultatie'].includes(p.state)) {
      parts.push(h('p', { class: 'note', 'data-testid': 'empty-register' }, 'Het aanbiedersregister is leeg: er is niemand om instemming aan te vragen. ',
        hasRole('beheerder') ? 'Vul het register via Aanbieders (importeren uit een CSV-bestand kan).' : 'Vraag de beheerder het register te vullen (Aanbieders, importeren uit een CSV-bestand).'));
    }
    return h('section', { class: 'card' }, ...parts);
  }
  // After the consultation the counts stand as they were when it ended, whatever the register became since.
  parts.push(h('p', { 'data-testid': 'consent', class: c.sufficient ? 'ok' : '' }, c.decided
    ? `Bij het besluit stemden ${c.agreed} van ${c.total} gecontracteerde aanbieders in (nodig: minstens de helft, ${needed} van ${c.total}). ${c.sufficient ? 'Voldoende.' : 'Onvoldoende.'}`
    : `${c.agreed} van ${c.total} gecontracteerde aanbieders stemmen in; nodig: minstens de helft, ${needed} van ${c.total}. ${c.sufficient ? 'Voldoende.' : `Nog ${needed - c.agreed} nodig.`}`));
  if (c.decided) parts.push(h('p', { class: 'muted' }, 'Hieronder staan de aanbieders die nu gecontracteerd zijn, met hun antwoord.'));
  parts.push(h('table', { class: 'compact', 'data-testid': 'consents' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Aanbieder'), h('th', {}, 'Antwoord'), h('th', {}, 'Datum antwoord'), h('th', {}, 'Bewijs'), h('th', {}, 'Vastgelegd door'), h('th', {}, 'Wanneer'))),
    h('tbody', {}, ...p.consents.map((x) => h('tr', {}, h('td', {}, x.providerName),
      h('td', { class: x.agrees === null ? 'muted' : x.agrees ? 'ok' : 'bad' }, x.agrees === null ? 'nog geen antwoord' : x.agrees ? 'stemt in' : 'stemt niet in'),
      h('td', {}, x.answeredOn ? date(x.answeredOn) : '—'), h('td', {}, x.proof ?? '—'),
      h('td', {}, x.recordedBy ?? '—'), h('td', {}, x.at ? when(x.at) : '—'))))));
  if (p.state === 'consultatie' && (hasRole('beoordelaar') || hasRole('beheerder')) && !own) {
    const provider = h('select', { name: 'provider' }, ...p.consents.map((x) => h('option', { value: x.providerId }, x.providerName)));
    const agrees = h('select', { name: 'agrees' }, h('option', { value: 'true' }, 'stemt in'), h('option', { value: 'false' }, 'stemt niet in'));
    const answered = h('input', { name: 'answeredOn', placeholder: 'dd-mm-jjjj', autocomplete: 'off', value: showDate(todayAmsterdam()) });
    const proof = h('input', { name: 'proof', placeholder: 'bijv. brief 2026-017 of e-mail van 14 februari', maxlength: '500' });
    parts.push(h('div', { class: 'row' }, field('Aanbieder', provider), field('Antwoord', agrees), field('Datum van het antwoord', answered), field('Bewijs (documentverwijzing)', proof)),
      actionButton('Instemming vastleggen', async () => {
        // Checked here first, at the field it concerns, with an example of the right form.
        const day = parseDate(answered.value);
        if (!day.ok) throw new Error(`Datum van het antwoord: ${day.message}`);
        if ((day.value as string) > todayAmsterdam()) throw new Error(`Datum van het antwoord: ${showDate(day.value as string)} ligt na vandaag; vul de dag in waarop de aanbieder antwoordde.`);
        if (!proof.value.trim()) throw new Error('Bewijs: vul de verwijzing naar het document met het antwoord in, bijvoorbeeld "brief 2026-017" of "e-mail van 14 februari".');
        await api('POST', `/api/v1/proposals/${p.id}/consents`, { providerId: provider.value, agrees: agrees.value === 'true', answeredOn: day.value, proof: proof.value.trim() });
        await reload();
      }));
  }
  return h('section', { class: 'card', 'aria-label': 'Instemming aanbieders' }, ...parts);
}

function decisionSections(p: View, own: boolean, versions: string[], reload: () => Promise<void>): Node[] {
  const out: Node[] = [];
  if (hasRole('beoordelaar') && !own) {
    const targets = ({ ingediend: ['in_behandeling', 'concept', 'afgewezen'], in_behandeling: p.category === 'wijzigen' ? ['consultatie', 'concept', 'afgewezen'] : ['aangenomen', 'concept', 'afgewezen'], consultatie: ['aangenomen', 'afgewezen'] } as Record<string, string[]>)[p.state] ?? [];
    if (targets.length) {
      const reason = h('input', { name: 'reason' });
      const label: Record<string, string> = { in_behandeling: 'In behandeling nemen', consultatie: 'Naar consultatie', aangenomen: 'Aannemen', concept: 'Terugsturen naar de indiener', afgewezen: 'Afwijzen' };
      out.push(h('section', { class: 'card', 'aria-label': 'Beoordelen' }, h('h2', {}, 'Beoordelen'), field('Reden', reason),
        h('div', { class: 'row-buttons' }, ...targets.map((to) => actionButton(label[to] ?? to, async () => {
          // Sending back needs a reason the author can act on; the other steps have a default.
          if (to === 'concept' && !reason.value.trim()) throw new Error('Schrijf bij "Reden" wat de indiener moet aanpassen.');
          await api('POST', `/api/v1/proposals/${p.id}/transition`, { to, reason: reason.value || (label[to] ?? to) });
          await reload();
        }, to === 'afgewezen' || to === 'concept' ? { class: 'secondary' } : {})))));
    }
  }
  if (hasRole('beheerder') && p.state === 'aangenomen' && !p.adoptedIn && !own) {
    const suggested = nextFreeVersion(versions);
    const nextJanuary = `${Number(todayAmsterdam().slice(0, 4)) + 1}-01-01`;
    const from = p.category === 'wijzigen' && p.earliestValidFrom ? p.earliestValidFrom : nextJanuary;
    const version = h('input', { name: 'version', value: suggested });
    const validFrom = dateInput({ name: 'validFrom', value: from });
    // A start before today is retroactive: the administrator says why (kept in the audit log, shown on the version page).
    const reason = h('textarea', { name: 'retroactiveReason', rows: '2' });
    const retro = h('div', { 'data-testid': 'retroactive' });
    const showRetro = () => {
      const past = !!validFrom.value && validFrom.value < todayAmsterdam();
      retro.replaceChildren(...(past ? [h('p', { class: 'note' }, `${date(validFrom.value)} ligt vóór vandaag: de nieuwe versie gaat dan met terugwerkende kracht in. Schrijf waarom; dat komt in het logboek en op de versiepagina.`), field('Reden voor terugwerkende kracht', reason)] : []));
    };
    validFrom.addEventListener('input', showRetro);
    validFrom.addEventListener('change', showRetro);
    showRetro();
    out.push(h('section', { class: 'card', 'aria-label': 'Vaststellen' }, h('h2', {}, 'Vaststellen in een nieuwe versie'),
      h('p', { class: 'muted' }, `Voorgesteld: ${p.protocol} ${suggested} (het eerstvolgende vrije versienummer) vanaf ${date(from)}${p.category === 'wijzigen' ? ' (de vroegste datum volgens de 1 maart-regel; een wijziging gaat altijd op 1 januari in)' : ''}.`),
      field('Nieuwe versie', version), field('Geldig vanaf', validFrom), retro,
      actionButton('Vaststellen', async () => {
        const past = !!validFrom.value && validFrom.value < todayAmsterdam();
        if (past && !reason.value.trim()) throw new Error(`Schrijf bij "Reden voor terugwerkende kracht" waarom ${p.protocol} ${version.value} al op ${date(validFrom.value)} ingaat, of kies een datum vanaf vandaag.`);
        const r = await api<{ warnings?: string[] }>('POST', '/api/v1/adoptions', { protocol: p.protocol, version: version.value, validFrom: validFrom.value, proposalIds: [p.id], ...(past ? { retroactive: { reason: reason.value.trim() } } : {}) });
        if (r.warnings?.length) adoptionWarnings.set(p.id, r.warnings);
        await reload();
      })));
  }
  const warned = adoptionWarnings.get(p.id);
  if (warned) {
    out.push(h('section', { class: 'card warning', 'aria-label': 'Waarschuwingen bij vaststellen' }, h('h2', {}, 'Vastgesteld, met waarschuwingen'),
      h('p', {}, 'Let op: de nieuwe versie wijkt af van het andere protocol (één beroepentabel en één set uurtarieven voor RTP en RAP; dien daar een voorstel in met dezelfde wijziging), of vraagt iets nieuws van de systemen die de regels aanroepen:'),
      h('ul', { class: 'problems' }, ...warned.map((w) => h('li', {}, w)))));
  }
  return out;
}
