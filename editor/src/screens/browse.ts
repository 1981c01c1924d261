import { api, currentUser, hasRole } from '../api.js';
import { h, mount } from '../dom.js';
import { semanticList, type SemanticDiffView } from '../change-list.js';
import { date, when } from '../format.js';

interface Summary { protocol: string; version: string; status: string; validFrom: string; validTo: string | null; title: string }
interface Detail extends Summary {
  decisions: { id: string; title: string; file: string; rules: { id: string }[] }[];
  tables: { id: string; title: string; file: string; illustrative: boolean; rows: unknown[] }[];
  adoption?: Adoption | null;
}
interface Adoption { tag: string; validFrom: string; adoptedBy: string; adoptedAt: string; proposals: { id: number; title: string; category: string | null; author: string | null }[] }

/** How a version came about: the proposals it holds (linked), who adopted it and when; a shipped version says so. */
function adoptionSection(d: Detail): HTMLElement {
  const a = d.adoption;
  return h('section', { class: 'card', 'aria-label': 'Vaststelling', 'data-testid': 'version-adoption' }, h('h2', {}, 'Vaststelling'),
    ...(a
      ? [h('p', {}, `Vastgesteld door ${a.adoptedBy} op ${when(a.adoptedAt)}, geldig vanaf ${date(a.validFrom)}.`),
        h('p', {}, a.proposals.length === 1 ? 'Uit dit voorstel:' : `Uit deze ${a.proposals.length} voorstellen:`),
        h('ul', {}, ...a.proposals.map((p) => h('li', {}, h('a', { href: `#/voorstel/${p.id}` }, `#${p.id} ${p.title}`), p.author ? ` – ingediend door ${p.author}${p.category ? `, ${p.category}` : ''}` : '')))]
      : [h('p', { class: 'muted' }, 'Deze versie is niet via de wijzigingsprocedure vastgesteld: zij is met de regels meegeleverd.')]));
}

const period = (v: Summary) => `${date(v.validFrom)} t/m ${v.validTo ? date(v.validTo) : 'open'}`;

/** Protocols and versions (with status and validity), a timeline per protocol, one version's contents and its changes against the version before it. */
export async function showBrowse(protocol?: string, version?: string) {
  const { rulesets } = await api<{ rulesets: Summary[] }>('GET', '/api/v1/rulesets');
  const sections: Node[] = [h('h1', {}, 'Protocollen en versies')];
  if (!protocol) sections.push(...(await todo()));
  for (const p of ['RTP', 'RAP']) {
    const versions = rulesets.filter((v) => v.protocol === p).sort((a, b) => a.validFrom.localeCompare(b.validFrom));
    sections.push(h('section', { class: 'card', 'aria-label': `Tijdlijn ${p}` },
      h('h2', {}, p === 'RTP' ? 'RTP – Regionaal ToegangsProtocol' : 'RAP – Regionaal AdministratieProtocol'),
      h('ol', { class: 'timeline', 'data-testid': `timeline-${p}` }, ...versions.map((v) =>
        h('li', {}, h('a', { href: `#/versie/${p}/${v.version}` }, `${p} ${v.version}`), ' ', h('span', { class: 'badge' }, v.status), h('div', { class: 'muted' }, period(v)))))));
  }
  if (protocol && version) {
    const d = await api<Detail>('GET', `/api/v1/rulesets/${protocol}/${version}`);
    const ordered = rulesets.filter((v) => v.protocol === protocol).sort((a, b) => a.version.localeCompare(b.version, undefined, { numeric: true }));
    const previous = ordered[ordered.findIndex((v) => v.version === version) - 1];
    const open = (file: string, label: string) => h('a', { href: `#/bewerk/${protocol}/${version}/${file}` }, label);
    sections.push(h('section', { class: 'card' },
      h('h2', {}, `${d.title} (${d.status}, ${period(d)})`),
      h('h2', {}, 'Beslissingen'),
      h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Beslissing'), h('th', {}, 'Regels'), h('th', {}, 'Bestand'))),
        h('tbody', {}, ...d.decisions.map((x) => h('tr', {}, h('td', {}, x.title), h('td', {}, String(x.rules.length)), h('td', {}, open(x.file, x.file)))))),
      h('h2', {}, 'Tabellen'),
      h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Tabel'), h('th', {}, 'Rijen'), h('th', {}, 'Illustratief'), h('th', {}, 'Bestand'))),
        h('tbody', {}, ...d.tables.map((t) => h('tr', {}, h('td', {}, t.title), h('td', {}, String(t.rows.length)), h('td', {}, t.illustrative ? 'ja' : 'nee'), h('td', {}, open(t.file, t.file))))))));
    sections.push(adoptionSection(d));
    sections.push(...(await retroactiveNote(protocol, version)));
    // What changed, rule by rule and row by row, so nobody has to compare two documents by eye.
    if (previous) {
      const diff = await api<SemanticDiffView>('GET', `/api/v1/rulesets/${protocol}/diff?from=${previous.version}&to=${version}`);
      sections.push(h('section', { class: 'card', 'aria-label': 'Wijzigingen' }, h('h2', {}, `Wijzigingen ten opzichte van ${protocol} ${previous.version}`), semanticList(diff)));
    }
  }
  mount(...sections);
}

interface ProposalItem { id: number; title: string; state: string; author: string; category: string; protocol: string; adoptedIn?: string | null }

/** What waits for this user, by role: own concepts (sent back or not yet submitted), proposals to review, accepted ones to adopt. */
async function todo(): Promise<Node[]> {
  if (!currentUser) return [];
  let proposals: ProposalItem[];
  try {
    ({ proposals } = await api<{ proposals: ProposalItem[] }>('GET', '/api/v1/proposals'));
  } catch {
    return []; // a hint only; the versions below do not depend on it
  }
  const me = currentUser.username;
  const items: [string, ProposalItem][] = [
    ...(hasRole('indiener') ? proposals.filter((p) => p.author === me && p.state === 'concept').map((p) => ['Uw concept: aanpassen en indienen', p] as [string, ProposalItem]) : []),
    ...(hasRole('beoordelaar') ? proposals.filter((p) => p.author !== me && ['ingediend', 'in_behandeling', 'consultatie'].includes(p.state)).map((p) => [p.state === 'consultatie' ? 'Instemming van aanbieders vastleggen en beslissen' : 'Beoordelen', p] as [string, ProposalItem]) : []),
    ...(hasRole('beheerder') ? proposals.filter((p) => p.author !== me && p.state === 'aangenomen' && !p.adoptedIn && p.category !== 'verhelderen').map((p) => ['Vaststellen in een nieuwe versie', p] as [string, ProposalItem]) : []),
  ];
  return [h('section', { class: 'card', 'aria-label': 'Te doen', 'data-testid': 'todo' }, h('h2', {}, 'Te doen'),
    items.length
      ? h('ul', {}, ...items.map(([what, p]) => h('li', {}, h('a', { href: `#/voorstel/${p.id}` }, `#${p.id} ${p.title}`), ` (${p.protocol}): ${what}`)))
      : h('p', { class: 'muted' }, 'Niets dat op u wacht.'))];
}

/** A version adopted to start in the past: the administrator's reason, from the audit log (GET /api/v1/adoptions). */
async function retroactiveNote(protocol: string, version: string): Promise<Node[]> {
  if (!currentUser) return [];
  let adoptions: { protocol: string; version: string; validFrom: string; adoptedBy: string; at: string; retroactive?: { reason: string } | null }[];
  try {
    ({ adoptions } = await api<{ adoptions: typeof adoptions }>('GET', '/api/v1/adoptions'));
  } catch {
    return []; // a note only; the version's contents do not depend on it
  }
  const a = adoptions.find((x) => x.protocol === protocol && x.version === version);
  if (!a?.retroactive) return [];
  return [h('section', { class: 'card warn', 'aria-label': 'Terugwerkende kracht', 'data-testid': 'retroactive' }, h('h2', {}, 'Met terugwerkende kracht'),
    h('p', {}, `Vastgesteld door ${a.adoptedBy} op ${when(a.at)}, geldig vanaf ${date(a.validFrom)}: eerder dan de dag van vaststellen. Reden: ${a.retroactive.reason}`))];
}
