/** Reviewers and admins: proposals by state, one proposal with its diff, tests, comments, consent, decisions and adoption. */
import { api, ApiError, currentUser, hasRole } from '../api.js';
import { euro, field, h, mount } from '../dom.js';
import { semanticList } from './edit.js';

interface Proposal { id: number; title: string; category: string; protocol: string; baseVersion: string; state: string; author: string; rationale: string; adoptedIn: string | null }
interface View extends Proposal {
  files: { path: string; text: string }[];
  diff: Parameters<typeof semanticList>[0] | null;
  comments: { author: string; at: string; text: string }[];
  consent: { agreed: number; total: number; percent: number; required: number } | null;
  history: { at: string; actor: string; from: string | null; to: string; reason: string | null }[];
}

const STATES = ['concept', 'ingediend', 'in_behandeling', 'consultatie', 'aangenomen', 'afgewezen', 'ingetrokken'];
export const STATE_LABEL: Record<string, string> = {
  concept: 'Concept', ingediend: 'Ingediend', in_behandeling: 'In behandeling', consultatie: 'Consultatie aanbieders',
  aangenomen: 'Aangenomen', afgewezen: 'Afgewezen', ingetrokken: 'Ingetrokken',
};

export async function showProposals() {
  const { proposals } = await api<{ proposals: Proposal[] }>('GET', '/api/v1/proposals');
  mount(h('h1', {}, 'Wijzigingsvoorstellen'), ...STATES.map((state) => {
    const mine = proposals.filter((p) => p.state === state);
    return h('section', { class: 'card' }, h('h2', {}, `${STATE_LABEL[state]} (${mine.length})`),
      mine.length ? h('ul', {}, ...mine.map((p) => h('li', {}, h('a', { href: `#/voorstel/${p.id}` }, `#${p.id} ${p.title}`), ` – ${p.protocol} ${p.baseVersion}, ${p.category}, door ${p.author}`))) : h('p', { class: 'muted' }, 'Geen.'));
  }));
}

export async function showProposal(id: number) {
  const p = await api<View>('GET', `/api/v1/proposals/${id}`);
  const msg = h('div', { role: 'status', 'aria-live': 'polite' });
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      await showProposal(id);
    } catch (e) {
      msg.replaceChildren(h('p', { class: 'bad' }, (e as Error).message), ...(e instanceof ApiError ? e.details.map((d) => h('div', { class: 'muted' }, `${d.pointer} ${d.message}`)) : []));
    }
  };
  const reason = h('input', { name: 'reason' });
  const decide: Node[] = [];
  const own = p.author === currentUser?.username;
  if (hasRole('beoordelaar') && !own) {
    const targets = { ingediend: ['in_behandeling'], in_behandeling: p.category === 'wijzigen' ? ['consultatie', 'afgewezen'] : ['aangenomen', 'afgewezen'], consultatie: ['aangenomen', 'afgewezen'] }[p.state] ?? [];
    if (targets.length) {
      decide.push(h('section', { class: 'card' }, h('h2', {}, 'Beoordelen'), field('Reden', reason),
        h('div', { class: 'row' }, ...targets.map((to) => h('button', { type: 'button', onclick: () => act(() => api('POST', `/api/v1/proposals/${id}/transition`, { to, reason: reason.value || to })) }, { in_behandeling: 'In behandeling nemen', consultatie: 'Naar consultatie', aangenomen: 'Aannemen', afgewezen: 'Afwijzen' }[to] ?? to)))));
    }
  }
  if (hasRole('beheerder') && p.state === 'aangenomen' && !p.adoptedIn) {
    const version = h('input', { name: 'version', value: nextVersion(p.baseVersion) });
    const validFrom = h('input', { name: 'validFrom', type: 'date' });
    decide.push(h('section', { class: 'card' }, h('h2', {}, 'Vaststellen in een nieuwe versie'), field('Nieuwe versie', version), field('Geldig vanaf', validFrom),
      h('button', { type: 'button', onclick: () => act(() => api('POST', '/api/v1/adoptions', { protocol: p.protocol, version: version.value, validFrom: validFrom.value, proposalIds: [id] })) }, 'Vaststellen')));
  }
  const comment = h('textarea', { name: 'comment', rows: '3' });
  const testsOut = h('div', { 'data-testid': 'proposal-tests', 'aria-live': 'polite' }, 'Tests van de gewijzigde versie…');
  void api<{ diagnostics: { file: string; line: number; column: number; message: string }[]; tests: { passed: number; failed: number; cases: { name: string; decision: string; passed: boolean; failures: string[] }[] } }>(
    'POST', '/api/v1/drafts/check', { protocol: p.protocol, baseVersion: p.baseVersion, files: p.files },
  ).then((r) => testsOut.replaceChildren(
    h('p', { class: r.diagnostics.length || r.tests.failed ? 'bad' : 'ok' }, r.diagnostics.length ? `${r.diagnostics.length} probleem${r.diagnostics.length === 1 ? '' : 'en'} in de regels` : `${r.tests.passed} geslaagd, ${r.tests.failed} mislukt`),
    h('ul', { class: 'problems' }, ...r.diagnostics.map((d) => h('li', { class: 'bad' }, `${d.file}:${d.line}:${d.column} ${d.message}`)), ...r.tests.cases.filter((c) => !c.passed).map((c) => h('li', { class: 'bad' }, `${c.decision}: ${c.name} – ${c.failures.join('; ')}`))),
  )).catch((e) => testsOut.replaceChildren(h('p', { class: 'bad' }, (e as Error).message)));
  const consentForm: Node[] = [];
  if (p.category === 'wijzigen' && p.state === 'consultatie' && (hasRole('beoordelaar') || hasRole('beheerder')) && !own) {
    const { providers } = await api<{ providers: { id: string; name: string; contracted: boolean }[] }>('GET', '/api/v1/providers');
    const provider = h('select', { name: 'provider' }, ...providers.filter((x) => x.contracted).map((x) => h('option', { value: x.id }, x.name)));
    const agrees = h('select', { name: 'agrees' }, h('option', { value: 'true' }, 'stemt in'), h('option', { value: 'false' }, 'stemt niet in'));
    consentForm.push(field('Aanbieder', provider), field('Instemming', agrees),
      h('button', { type: 'button', onclick: () => act(() => api('POST', `/api/v1/proposals/${id}/consents`, { providerId: provider.value, agrees: agrees.value === 'true' })) }, 'Instemming vastleggen'));
  }
  const impactOut = h('div', { 'data-testid': 'impact', 'aria-live': 'polite' });
  const impact = async () => {
    impactOut.replaceChildren('Berekenen op 5.000 synthetische casussen…');
    try {
      const r = await api<{ evaluated: number; changed: number; transitions: { from: string; to: string; count: number }[]; byRule: { rule: string; firesNow: number; stopsFiring: number }[]; money: { nuAfgekeurd: number; nuGoedgekeurd: number; netto: number } }>(
        'POST', '/api/v1/impact', { protocol: p.protocol, from: p.baseVersion, to: { proposalId: p.id }, size: 5000 });
      impactOut.replaceChildren(
        h('p', {}, `${r.changed} van ${r.evaluated} antwoorden veranderen.`),
        h('ul', {}, ...r.transitions.map((t) => h('li', {}, `${t.from} → ${t.to}: ${t.count}`))),
        h('ul', {}, ...r.byRule.map((x) => h('li', {}, `${x.rule}: +${x.firesNow} / -${x.stopsFiring}`))),
        h('p', {}, `Nu afgekeurd ${euro(r.money.nuAfgekeurd)}, nu goedgekeurd ${euro(r.money.nuGoedgekeurd)}, netto ${euro(r.money.netto)}.`),
      );
    } catch (e) {
      impactOut.replaceChildren(h('p', { class: 'bad' }, (e as Error).message));
    }
  };
  mount(
    h('h1', {}, `Voorstel #${p.id}: ${p.title}`),
    h('p', {}, h('span', { class: 'badge', 'data-testid': 'state', 'data-state': p.state }, STATE_LABEL[p.state] ?? p.state), ` ${p.category} · ${p.protocol} ${p.baseVersion} · door ${p.author}${p.adoptedIn ? ` · vastgesteld in ${p.adoptedIn}` : ''}`),
    msg,
    h('section', { class: 'card' }, h('h2', {}, 'Toelichting'), h('p', {}, p.rationale)),
    h('section', { class: 'card' }, h('h2', {}, 'Inhoudelijk verschil'), p.diff ? semanticList(p.diff) : h('p', { class: 'muted' }, 'De gewijzigde versie laadt niet.')),
    h('section', { class: 'card' }, h('h2', {}, 'Impact'), h('p', { class: 'muted' }, 'Wat dit voorstel verandert aan een jaar synthetische casussen, per regel en in geld.'),
      h('button', { type: 'button', onclick: () => void impact() }, 'Impact berekenen'), impactOut),
    h('section', { class: 'card' }, h('h2', {}, 'Tests'), testsOut),
    ...(p.consent ? [h('section', { class: 'card' }, h('h2', {}, 'Instemming aanbieders'), h('p', { 'data-testid': 'consent' }, `${p.consent.agreed} van ${p.consent.total} gecontracteerde aanbieders (${p.consent.percent}%); nodig: ${p.consent.required}%`), ...consentForm)] : []),
    ...decide,
    h('section', { class: 'card' }, h('h2', {}, 'Commentaar'),
      h('ul', {}, ...p.comments.map((c) => h('li', {}, `${c.at.slice(0, 16)} ${c.author}: ${c.text}`))),
      field('Nieuw commentaar', comment), h('button', { type: 'button', onclick: () => act(() => api('POST', `/api/v1/proposals/${id}/comments`, { text: comment.value })) }, 'Plaatsen')),
    h('section', { class: 'card' }, h('h2', {}, 'Geschiedenis'), h('ul', {}, ...p.history.map((x) => h('li', {}, `${x.at.slice(0, 16)} ${x.actor}: ${x.from ?? '—'} → ${x.to}${x.reason ? ` (${x.reason})` : ''}`)))),
  );
}

function nextVersion(v: string): string {
  const [major, minor] = v.split('.').map(Number);
  return `${major}.${minor + 1}`;
}
