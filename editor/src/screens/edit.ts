/**
 * The rule editor: Monaco on one file of a version, with the server's problems
 * as markers while typing, the version's tests, a "Probeer" panel, the diff
 * against the base version, and the proposal form. Edits are a draft per
 * version (several files may change) until they are proposed.
 */
import { api, ApiError } from '../api.js';
import { field, h, mount } from '../dom.js';
import { monaco, setupMonaco } from '../monaco-setup.js';

interface Diagnostic { code: string; message: string; file: string; line: number; column: number }
interface CaseResult { file: string; line: number; name: string; decision: string; passed: boolean; failures: string[] }
interface Check { diagnostics: Diagnostic[]; tests: { passed: number; failed: number; cases: CaseResult[] } }

/** Drafts survive moving between files of one version. */
const drafts = new Map<string, Map<string, string>>();

export async function showEditor(protocol: string, version: string, path: string) {
  await setupMonaco();
  const key = `${protocol}/${version}`;
  const draft = drafts.get(key) ?? new Map<string, string>();
  drafts.set(key, draft);
  const { files } = await api<{ files: { path: string; text: string }[] }>('GET', `/api/v1/rulesets/${protocol}/${version}/files`);
  const base = new Map(files.map((f) => [f.path, f.text]));
  const detail = await api<{ decisions: { id: string; title: string }[] }>('GET', `/api/v1/rulesets/${protocol}/${version}`);

  const fileSelect = h('select', { 'aria-label': 'Bestand' }, ...files.map((f) => h('option', { value: f.path, selected: f.path === path }, f.path)));
  fileSelect.addEventListener('change', () => { location.hash = `#/bewerk/${protocol}/${version}/${fileSelect.value}`; });
  const status = h('span', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  const editorEl = h('div', { id: 'monaco', role: 'region', 'aria-label': `Editor ${path}` });

  const problems = h('div', { 'data-testid': 'problems' });
  const tests = h('div', { 'data-testid': 'tests' });
  const tryOut = tryPanel(protocol, version, detail.decisions, () => draftFiles());
  const diffPanel = h('div', {});
  const proposeForm = proposePanel(protocol, version, () => draftFiles());
  const panels: [string, HTMLElement][] = [['Problemen', problems], ['Tests', tests], ['Probeer', tryOut], ['Verschil', diffPanel], ['Voorstel', proposeForm]];
  // WAI-ARIA tabs: Tab reaches the selected tab, arrow keys (and Home/End) move between tabs.
  const tabButtons = panels.map(([name, panel], i) => {
    panel.id = `paneel-${i}`;
    panel.setAttribute('role', 'tabpanel');
    panel.setAttribute('aria-labelledby', `tab-${i}`);
    return h('button', { type: 'button', role: 'tab', id: `tab-${i}`, class: 'secondary', 'aria-controls': panel.id, onclick: () => select(i) }, name);
  });
  const select = (i: number, focus = false) => {
    panels.forEach(([, el], j) => {
      el.hidden = i !== j;
      tabButtons[j].setAttribute('aria-selected', String(i === j));
      tabButtons[j].tabIndex = i === j ? 0 : -1;
    });
    if (focus) tabButtons[i].focus();
    if (panels[i][0] === 'Verschil') void renderDiff();
  };
  const tabList = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Panelen' }, ...tabButtons);
  tabList.addEventListener('keydown', (e) => {
    const at = tabButtons.indexOf(document.activeElement as HTMLButtonElement);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: panels.length - 1 }[e.key];
    if (at < 0 || to === undefined) return;
    e.preventDefault();
    select((to + panels.length) % panels.length, true);
  });
  const keys = h('p', { class: 'muted', id: 'editor-toetsen' },
    'Toetsenbord: Ctrl+M schakelt of Tab in de editor inspringt of naar het volgende veld gaat; F8 springt naar het volgende probleem; Ctrl+G naar een regelnummer; Ctrl+Spatie vult aan; F1 toont alle opdrachten.');

  mount(
    h('h1', {}, `${protocol} ${version} bewerken`),
    h('div', { class: 'row' }, field('Bestand', fileSelect), h('div', {}, status)),
    h('div', { class: 'layout' }, h('div', {}, editorEl, keys), h('div', { class: 'card' }, tabList, ...panels.map(([, el]) => el))),
  );
  select(0);

  const model = monaco.editor.createModel(draft.get(path) ?? base.get(path) ?? '', 'yaml', monaco.Uri.parse(`file:///${path}`));
  const editor = monaco.editor.create(editorEl, { model, automaticLayout: true, minimap: { enabled: false }, fontSize: 13, tabSize: 2, insertSpaces: true, ariaLabel: `YAML van ${path}. ${keys.textContent}` });
  window.addEventListener('hashchange', () => { editor.dispose(); model.dispose(); }, { once: true });

  function draftFiles() {
    return [...draft].filter(([p, t]) => base.get(p) !== t).map(([p, text]) => ({ path: p, text }));
  }

  let timer: number | undefined;
  let seq = 0;
  async function check() {
    const mine = ++seq;
    status.textContent = 'Controleren…';
    const r = await api<Check>('POST', '/api/v1/drafts/check', { protocol, baseVersion: version, files: draftFiles() });
    if (mine !== seq) return; // a newer edit is being checked
    const lineMarker = (line: number, column: number, message: string) => {
      const at = Math.min(Math.max(1, line), model.getLineCount());
      return { severity: monaco.MarkerSeverity.Error, message, startLineNumber: at, startColumn: Math.max(1, column), endLineNumber: at, endColumn: model.getLineMaxColumn(at) };
    };
    // Load and compile problems, and failing test cases of this file at the case's line.
    monaco.editor.setModelMarkers(model, 'server', [
      ...r.diagnostics.filter((d) => d.file === path).map((d) => lineMarker(d.line, d.column, `${d.message} [${d.code}]`)),
      ...r.tests.cases.filter((c) => !c.passed && c.file === path).map((c) => lineMarker(c.line, 1, `Test mislukt: ${c.name}\n${c.failures.join('\n')}`)),
    ]);
    problems.replaceChildren(r.diagnostics.length
      ? h('ul', { class: 'problems' }, ...r.diagnostics.map((d) => h('li', { class: 'bad', 'data-line': String(d.line) }, problemLink(d), ` ${d.message}`)))
      : h('p', { class: 'ok' }, 'Geen problemen.'));
    tests.replaceChildren(
      h('p', {}, r.diagnostics.length ? 'Los eerst de problemen op; dan draaien de tests.' : `${r.tests.passed} geslaagd, ${r.tests.failed} mislukt`),
      h('ul', { class: 'problems' }, ...r.tests.cases.map((c) => h('li', { class: c.passed ? 'ok' : 'bad' }, `${c.passed ? '✓' : '✗'} ${c.decision}: ${c.name}`, ...c.failures.map((f) => h('div', { class: 'muted' }, f))))),
    );
    status.textContent = r.diagnostics.length ? `${r.diagnostics.length} probleem${r.diagnostics.length === 1 ? '' : 'en'}` : `Geldig · tests: ${r.tests.passed} geslaagd, ${r.tests.failed} mislukt`;
  }
  /** A problem's position: in this file it moves the cursor there, in another file it opens that file (the draft stays). */
  function problemLink(d: Diagnostic): HTMLElement {
    const where = `${d.file}:${d.line}:${d.column}`;
    if (d.file !== path) return h('a', { href: `#/bewerk/${protocol}/${version}/${d.file}` }, where);
    return h('button', { type: 'button', class: 'link', 'aria-label': `Ga naar regel ${d.line}, kolom ${d.column}: ${where}`, onclick: () => {
      const at = { lineNumber: Math.max(1, d.line), column: Math.max(1, d.column) };
      editor.setPosition(at);
      editor.revealPositionInCenter(at);
      editor.focus();
    } }, where);
  }
  tests.replaceChildren(h('button', { type: 'button', onclick: () => void check() }, 'Tests draaien'));
  model.onDidChangeContent(() => {
    draft.set(path, model.getValue());
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void check(), 400);
  });
  void check();

  async function renderDiff() {
    const original = monaco.editor.createModel(base.get(path) ?? '', 'yaml');
    const diffEl = h('div', { id: 'diff', 'aria-label': 'Verschil met de basisversie' });
    diffPanel.replaceChildren(h('h2', {}, `Verschil met ${protocol} ${version}`), diffEl, h('h2', {}, 'Regels en tabelrijen'));
    const d = monaco.editor.createDiffEditor(diffEl, { automaticLayout: true, readOnly: true, renderSideBySide: false, minimap: { enabled: false } });
    d.setModel({ original, modified: model });
    try {
      const sem = await api<{ rules: Record<string, { id: string }[]>; rows: Record<string, { table: string; key: Record<string, unknown>; values: Record<string, unknown> }[]> }>('POST', '/api/v1/drafts/diff', { protocol, baseVersion: version, files: draftFiles() });
      diffPanel.append(semanticList(sem));
    } catch (e) {
      diffPanel.append(h('p', { class: 'bad' }, (e as Error).message));
    }
  }
}

type DiffRef = { source?: string; fields?: string[] };
const FIELD_NL: Record<string, string> = { title: 'titel', source: 'bron', priority: 'prioriteit', when: 'voorwaarden', then: 'uitkomst', illustrative: 'illustratief', note: 'toelichting' };
export function semanticList(sem: { rules: Record<string, ({ id: string; title?: string } & DiffRef)[]>; rows: Record<string, ({ table: string; key: Record<string, unknown>; values: Record<string, unknown> } & DiffRef)[]> }): HTMLElement {
  const items: Node[] = [];
  const source = (x: DiffRef) => (x.source ? h('div', { class: 'muted' }, `bron: ${x.source}`) : null);
  for (const kind of ['added', 'removed', 'changed'] as const) {
    const word = { added: 'toegevoegd', removed: 'verwijderd', changed: 'gewijzigd' }[kind];
    for (const r of sem.rules[kind] ?? []) items.push(h('li', {}, `regel ${word}: ${r.id}${r.title ? ` (${r.title})` : ''}${r.fields?.length ? ` – ${r.fields.map((f) => FIELD_NL[f] ?? f).join(', ')}` : ''}`, source(r)));
    for (const r of sem.rows[kind] ?? []) items.push(h('li', {}, `rij ${word} in ${r.table}: ${JSON.stringify(r.key)} → ${JSON.stringify(r.values)}`, source(r)));
  }
  return h('ul', { class: 'problems', 'data-testid': 'semantic-diff' }, ...(items.length ? items : [h('li', {}, 'Geen inhoudelijke verschillen.')]));
}

function tryPanel(protocol: string, version: string, decisions: { id: string; title: string }[], files: () => { path: string; text: string }[]): HTMLElement {
  const decision = h('select', {}, ...decisions.map((d) => h('option', { value: d.id }, `${d.id} – ${d.title}`)));
  const date = h('input', { type: 'date' });
  const facts = h('textarea', { rows: '10', spellcheck: 'false' }) as HTMLTextAreaElement;
  facts.value = '{\n}';
  const out = h('div', { 'data-testid': 'probeer-result', 'aria-live': 'polite' });
  const run = async () => {
    out.replaceChildren('…');
    try {
      const request = { decision: decision.value, facts: JSON.parse(facts.value), explain: true, ...(date.value ? { date: date.value } : {}) };
      const r = await api<{ outcome: string; version: string; date: string; events: { rule: string; code?: string; message: string; source: string }[]; trace: unknown }>('POST', '/api/v1/drafts/evaluate', { protocol, baseVersion: version, files: files(), request });
      out.replaceChildren(
        h('p', {}, h('strong', { 'data-testid': 'outcome' }, r.outcome), ` (versie ${r.version}, peildatum ${r.date}, met de niet-opgeslagen wijzigingen)`),
        h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Regel'), h('th', {}, 'Code'), h('th', {}, 'Bericht'), h('th', {}, 'Bron'))),
          h('tbody', {}, ...r.events.map((e) => h('tr', {}, h('td', {}, e.rule), h('td', {}, e.code ?? ''), h('td', {}, e.message), h('td', {}, e.source))))),
        h('details', {}, h('summary', {}, 'Trace'), h('pre', {}, JSON.stringify(r.trace, null, 2))),
      );
    } catch (e) {
      const details = e instanceof ApiError ? e.details.map((d) => `${d.pointer} ${d.message}`) : [];
      out.replaceChildren(h('p', { class: 'bad' }, (e as Error).message), h('ul', { class: 'problems' }, ...details.map((d) => h('li', {}, d))));
    }
  };
  return h('div', {}, field('Beslissing', decision), field('Peildatum (leeg: uit de feiten)', date), field('Feiten (JSON)', facts), h('p', {}, h('button', { type: 'button', onclick: () => void run() }, 'Probeer')), out);
}

function proposePanel(protocol: string, version: string, files: () => { path: string; text: string }[]): HTMLElement {
  const title = h('input', { name: 'title' });
  const category = h('select', { name: 'category' }, ...['verwerken', 'wijzigen', 'verhelderen'].map((c) => h('option', { value: c }, c)));
  const rationale = h('textarea', { name: 'rationale', rows: '4' });
  const out = h('div', { 'aria-live': 'polite', 'data-testid': 'propose-result' });
  const submit = async () => {
    out.replaceChildren('Indienen…');
    try {
      const p = await api<{ id: number }>('POST', '/api/v1/proposals', { title: title.value, category: category.value, protocol, baseVersion: version, rationale: rationale.value, files: files() });
      const s = await api<{ id: number; state: string }>('POST', `/api/v1/proposals/${p.id}/submit`);
      out.replaceChildren(h('p', { class: 'ok' }, `Voorstel ${s.id} ingediend (${s.state}). `, h('a', { href: `#/voorstel/${s.id}` }, 'Bekijk het voorstel')));
    } catch (e) {
      const details = e instanceof ApiError ? e.details : [];
      out.replaceChildren(h('p', { class: 'bad' }, (e as Error).message), h('ul', { class: 'problems' }, ...details.map((d) => h('li', {}, `${d.pointer} ${d.message}`))));
    }
  };
  return h('div', {}, field('Categorie', category), field('Titel', title), field('Toelichting', rationale), h('p', {}, h('button', { type: 'button', onclick: () => void submit() }, 'Voorstel indienen')), out);
}
