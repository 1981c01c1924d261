/**
 * The rule editor: Monaco on one file of a version, with the server's problems
 * as markers while typing, the version's tests, a "Probeer" panel, the diff
 * against the base version, and the proposal form. Edits are a draft per
 * version (several files may change), kept in this browser as one types
 * (drafts.ts) and on the server as the author's concept once saved or submitted.
 */
import { api, ApiError } from '../api.js';
import { semanticList, withoutEffectNote } from '../change-list.js';
import { field, h, mount } from '../dom.js';
import { clearDraft, followConcept, hasContent, loadDraft, saveDraft, type Draft, type ServerConcept } from '../drafts.js';
import { errorNodes } from '../errors.js';
import { applyFixes, type ExpectFix } from '../expect-fixes.js';
import { now } from '../../../src/base/clock.js';
import { cell, count, date, earliestStart, todayAmsterdam, when } from '../format.js';
import { registerFactCompletion } from '../fact-completion.js';
import { registerTableCompletion, setVersionFiles } from '../table-completion.js';
import { monaco, setupMonaco } from '../monaco-setup.js';
import { dutchServerMessage } from '../../../src/load/yaml-messages-nl.js';
import { tableGridView, type GridView } from './table-grid-view.js';
import { tryPanel } from './try-panel.js';
import type { DraftMutation } from '../../../src/testing/draft-mutation.js';

interface Diagnostic { code: string; message: string; file: string; line: number; column: number }
interface CaseResult { file: string; line: number; name: string; decision: string; passed: boolean; failures: string[]; index: number; fixes: ExpectFix[] }
interface Check { diagnostics: Diagnostic[]; tests: { passed: number; failed: number; cases: CaseResult[] } }

/** An expected or actual value: euros for amounts, a list of codes as "9346, 9420". */
const shown = (v: unknown, money: boolean) => (Array.isArray(v) ? v.join(', ') || '—' : cell(v, money));

/** Where to put the cursor when the next editor opens (a problem or failing test in another file). */
const GOTO = 'protocolregels:ga-naar';

/** The open editor's draft, for the warning before leaving the page (null when no editor is open). */
let openDraft: { draft: Draft; changed: () => number } | null = null;
window.addEventListener('beforeunload', (e) => {
  // The draft is safe in this browser, but not yet on the server as a concept: say so before leaving.
  if (openDraft && hasContent(openDraft.draft, openDraft.changed()) && (openDraft.draft.proposalId === null || openDraft.draft.aheadOfServer)) e.preventDefault();
});

export async function showEditor(protocol: string, version: string, path: string) {
  // Everything from the server first: a server that is down gives one clear message, not half a page.
  const [{ files }, detail] = await Promise.all([
    api<{ files: { path: string; text: string }[] }>('GET', `/api/v1/rulesets/${protocol}/${version}/files`),
    api<{ decisions: { id: string; title: string; facts?: string }[] }>('GET', `/api/v1/rulesets/${protocol}/${version}`),
    setupMonaco(),
  ]);
  registerFactCompletion();
  registerTableCompletion();
  const base = new Map(files.map((f) => [f.path, f.text]));
  const state = loadDraft(protocol, version);
  // Table and column completion read the version's tables as they stand in this draft.
  setVersionFiles(() => new Map([...base, ...Object.entries(state.files)]));

  const fileSelect = h('select', { 'aria-label': 'Bestand' }, ...files.map((f) => h('option', { value: f.path, selected: f.path === path }, f.path)));
  fileSelect.addEventListener('change', () => { location.hash = `#/bewerk/${protocol}/${version}/${fileSelect.value}`; });
  const status = h('span', { class: 'muted', role: 'status', 'aria-live': 'polite' });
  const saved = h('span', { class: 'draft-state', 'data-testid': 'draft-state', 'aria-live': 'polite' });
  const overlapsBox = h('div', { 'data-testid': 'editor-overlaps', 'aria-live': 'polite' });
  /** Other open proposals that change the same rule, row or test case as this draft: shown while editing, before any submission. */
  const showOverlaps = async () => {
    const changed = draftFiles();
    if (!changed.length) { overlapsBox.replaceChildren(); return; }
    try {
      const { overlaps } = await api<{ overlaps: { id: number; title: string; state: string; author: string; items: string[] }[] }>('POST', '/api/v1/proposals/overlaps',
        { protocol, baseVersion: version, files: changed, ...(state.proposalId !== null ? { proposalId: state.proposalId } : {}) });
      overlapsBox.replaceChildren(...(overlaps.length ? [h('div', { class: 'card warn' }, h('strong', {}, 'Andere open voorstellen wijzigen hetzelfde: '),
        h('ul', { class: 'problems' }, ...overlaps.map((o) => h('li', {}, h('a', { href: `#/voorstel/${o.id}` }, `#${o.id} ${o.title}`), ` (${o.state.replace('_', ' ')}, door ${o.author}): ${o.items.join('; ')}`))),
        h('span', { class: 'muted' }, 'Twee voorstellen op hetzelfde onderdeel kunnen niet allebei worden aangenomen; stem af met de andere indiener.'))] : []));
    } catch {
      // Only a hint; the check and the draft do not depend on it.
    }
  };
  const showSaved = (ok = true) => {
    const n = draftFiles().length;
    saved.dataset.state = !ok ? 'unsaved' : state.proposalId !== null && !state.aheadOfServer ? 'server' : hasContent(state, n) ? 'browser' : 'empty';
    saved.textContent = !ok ? 'Niet opgeslagen: deze browser weigert op te slaan. Sla op als concept op de server.'
      : !hasContent(state, n) ? 'Geen wijzigingen.'
        : state.proposalId !== null && !state.aheadOfServer ? `Opgeslagen als concept #${state.proposalId} op de server${state.serverSavedAt ? `, ${when(state.serverSavedAt)}` : ''}.`
          : `Opgeslagen in deze browser${state.savedAt ? `, ${when(state.savedAt)}` : ''} (${count(n, 'gewijzigd bestand', 'gewijzigde bestanden')})${state.proposalId !== null ? `; concept #${state.proposalId} op de server is ouder` : '; nog niet op de server'}.`;
  };
  const persist = () => showSaved(saveDraft(state));
  const editorEl = h('div', { id: 'monaco', role: 'region', 'aria-label': `Editor ${path}` });

  const problems = h('div', { 'data-testid': 'problems' });
  const tests = h('div', { 'data-testid': 'tests' });
  const tryOut = tryPanel(protocol, version, detail.decisions, () => draftFiles(), base, () => draftStart(state.category, todayAmsterdam()));
  const diffPanel = h('div', {});
  const proposeForm = proposePanel(state, () => draftFiles(), persist, () => {
    openDraft = null;
    cleanup();
  });
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
  // A table opens as a grid (euros, Dutch dates); the YAML view stays one click away.
  const isTable = /\/tables\/[^/]+\.ya?ml$/.test(path);
  const gridBox = h('div', { hidden: !isTable });
  const viewSwitch = h('div', { class: 'row-buttons', role: 'group', 'aria-label': 'Weergave', hidden: !isTable });
  const keys = h('p', { class: 'muted', id: 'editor-toetsen' },
    'Toetsenbord: Ctrl+M schakelt of Tab in de editor inspringt of naar het volgende veld gaat; F8 springt naar het volgende probleem; Ctrl+G naar een regelnummer; Ctrl+Spatie vult aan; F1 toont alle opdrachten.');

  mount(
    h('h1', {}, `${protocol} ${version} bewerken`),
    h('div', { class: 'row' }, field('Bestand', fileSelect), h('div', {}, status, h('br', {}), saved)),
    overlapsBox,
    h('div', { class: 'layout' }, h('div', {}, viewSwitch, gridBox, editorEl, keys), h('div', { class: 'card' }, tabList, ...panels.map(([, el]) => el))),
  );
  select(0);

  const uri = monaco.Uri.parse(`file:///${path}`);
  monaco.editor.getModel(uri)?.dispose();
  const model = monaco.editor.createModel(state.files[path] ?? base.get(path) ?? '', 'yaml', uri);
  const editor = monaco.editor.create(editorEl, { model, automaticLayout: true, minimap: { enabled: false }, fontSize: 13, tabSize: 2, insertSpaces: true, ariaLabel: `YAML van ${path}. ${keys.textContent}` });
  let grid: GridView | null = null;
  let fromGrid = false;
  if (isTable) {
    grid = tableGridView(() => model.getValue(), (next) => {
      fromGrid = true;
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text: next }], () => null);
      fromGrid = false;
    });
    gridBox.append(grid.el);
    const views: [string, boolean][] = [['Tabel', true], ['YAML', false]];
    const buttons = views.map(([label, asGrid]) => h('button', { type: 'button', class: 'secondary', 'aria-pressed': String(asGrid), onclick: () => showGrid(asGrid) }, label));
    const showGrid = (on: boolean) => {
      gridBox.hidden = !on;
      editorEl.hidden = on;
      keys.hidden = on;
      buttons.forEach((b, i) => b.setAttribute('aria-pressed', String(views[i][1] === on)));
      if (on) grid!.refresh();
    };
    viewSwitch.append(...buttons);
    showGrid(true);
  }
  let diffEditor: { editor: monaco.editor.IStandaloneDiffEditor; original: monaco.editor.ITextModel } | null = null;
  /** The diff editor goes before the models it shows (else Monaco reports "TextModel got disposed before DiffEditorWidget model got reset"). */
  const disposeDiff = () => {
    if (!diffEditor) return;
    diffEditor.editor.setModel(null);
    diffEditor.editor.dispose();
    diffEditor.original.dispose();
    diffEditor = null;
  };
  let cleaned = false;
  const cleanup = () => {
    if (cleaned) return;
    cleaned = true;
    disposeDiff();
    editor.dispose();
    model.dispose();
  };
  window.addEventListener('hashchange', () => { openDraft = null; cleanup(); }, { once: true });

  /** A file's text into the draft (a file back at its base text is no change), kept in this browser at once. */
  function keepFile(file: string, text: string) {
    if (text === base.get(file)) delete state.files[file];
    else state.files[file] = text;
    state.aheadOfServer = true;
    persist();
  }

  function draftFiles() {
    return Object.entries(state.files).filter(([p, t]) => base.get(p) !== t).map(([p, text]) => ({ path: p, text }));
  }
  openDraft = { draft: state, changed: () => draftFiles().length };
  showSaved();

  let timer: number | undefined;
  let seq = 0;
  async function check() {
    const mine = ++seq;
    status.textContent = 'Controleren…';
    let r: Check;
    try {
      r = await api<Check>('POST', '/api/v1/drafts/check', { protocol, baseVersion: version, files: draftFiles() });
    } catch (e) {
      if (mine === seq) status.textContent = `Controleren lukte niet: ${(e as Error).message}`;
      return;
    }
    if (mine !== seq || cleaned) return; // a newer edit is being checked, or the editor is gone
    // The server's YAML syntax problems quote the parser's English sentence: shown in Dutch like monaco-yaml's own.
    r.diagnostics = r.diagnostics.map((d) => ({ ...d, message: dutchServerMessage(d.message) }));
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
      h('ul', { class: 'problems' }, ...r.tests.cases.map((c) => h('li', { class: c.passed ? 'ok' : 'bad' }, `${c.passed ? '✓' : '✗'} ${c.decision}: ${c.name}`,
        ...(c.passed ? [] : [' ', problemLink({ code: 'test_failed', message: c.name, file: c.file, line: c.line, column: 1 }, 'naar het testgeval')]),
        // Where every failure has an update, its table says it in euros and words; else the runner's own lines.
        ...(c.fixes?.length === c.failures.length ? [] : c.failures.map((f) => h('div', { class: 'muted' }, f))),
        ...(c.passed || !c.fixes?.length ? [] : [fixBox(c)])))),
    );
    status.textContent = r.diagnostics.length ? count(r.diagnostics.length, 'probleem', 'problemen')
      : `${r.tests.failed ? 'Niet geldig' : 'Geldig'} · tests: ${r.tests.passed} geslaagd, ${r.tests.failed} mislukt`;
    void showOverlaps();
    if (!r.diagnostics.length && !r.tests.failed) void showUnnoticed(mine);
  }
  /**
   * Rule mutation of what this draft changed (POST /api/v1/drafts/mutate): each change to a changed rule,
   * derived fact or table that no case notices, at its file:line:col, so the author adds the case.
   */
  async function showUnnoticed(mine: number) {
    let m: DraftMutation;
    try {
      m = await api<DraftMutation>('POST', '/api/v1/drafts/mutate', { protocol, baseVersion: version, files: draftFiles() });
    } catch {
      return; // the tests above stand; this is an extra
    }
    if (mine !== seq || cleaned || !m.changed.length || m.baselineFails) return;
    tests.append(h('section', { 'data-testid': 'mutation', 'aria-label': 'Wijzigingen die geen test opmerkt' },
      h('h3', {}, 'Merken de tests uw wijziging op?'),
      m.survivors.length
        ? h('ul', { class: 'problems' }, ...m.survivors.map((s) => h('li', { class: 'bad' },
          problemLink({ code: 'mutant_survived', message: s.change, file: s.file, line: s.line, column: s.column }),
          ` ${s.target}: ${s.change} — deze wijziging merkt geen test op`)))
        : h('p', { class: 'ok' }, `Elke wijziging van ${m.changed.join(', ')} wordt door een test opgemerkt (${m.mutants} ${m.mutants === 1 ? 'mutant' : 'mutanten'}).`)));
  }
  /**
   * A failing case whose expectations the author's change moves on purpose: old and new side by side
   * (euros for amounts) and a button that writes the new values into the test file of the draft.
   */
  function fixBox(c: CaseResult): HTMLElement {
    const apply = () => {
      const before = c.file === path ? model.getValue() : state.files[c.file] ?? base.get(c.file) ?? '';
      const next = applyFixes(before, c.index, c.fixes);
      if (c.file === path) {
        model.pushEditOperations([], [{ range: model.getFullModelRange(), text: next }], () => null);
        return;
      }
      keepFile(c.file, next);
      void check();
    };
    return h('div', { class: 'fix', 'data-testid': 'expect-fix' },
      h('table', { class: 'compact' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Verwachting'), h('th', {}, 'Verwacht'), h('th', {}, 'Uitkomst nu'))),
        h('tbody', {}, ...c.fixes.map((f) => h('tr', {}, h('td', {}, f.label), h('td', { class: 'old' }, shown(f.expected, f.money)), h('td', { class: 'new' }, shown(f.actual, f.money)))))),
      h('button', { type: 'button', class: 'secondary', 'aria-label': `Verwachte uitkomst bijwerken: ${c.name}`, onclick: apply }, 'Verwachte uitkomst bijwerken'));
  }
  /** A problem's position: in this file it moves the cursor there, in another file it opens that file (the draft stays). */
  function problemLink(d: Diagnostic, text?: string): HTMLElement {
    const where = `${d.file}:${d.line}:${d.column}`;
    if (d.file !== path) {
      // Another file of the draft: open it at that line (the position travels in sessionStorage).
      return h('a', { href: `#/bewerk/${protocol}/${version}/${d.file}`, onclick: () => sessionStorage.setItem(GOTO, JSON.stringify({ file: d.file, line: d.line, column: d.column })) }, text ?? where);
    }
    return h('button', { type: 'button', class: 'link', 'aria-label': `Ga naar regel ${d.line}, kolom ${d.column}: ${where}`, onclick: () => {
      const at = { lineNumber: Math.max(1, d.line), column: Math.max(1, d.column) };
      editor.setPosition(at);
      editor.revealPositionInCenter(at);
      editor.focus();
    } }, text ?? where);
  }
  const pending = JSON.parse(sessionStorage.getItem(GOTO) ?? 'null') as { file: string; line: number; column: number } | null;
  if (pending?.file === path) {
    sessionStorage.removeItem(GOTO);
    const at = { lineNumber: Math.max(1, pending.line), column: Math.max(1, pending.column) };
    editor.setPosition(at);
    editor.revealPositionInCenter(at);
    editor.focus();
  }
  tests.replaceChildren(h('button', { type: 'button', onclick: () => void check() }, 'Tests draaien'));
  model.onDidChangeContent(() => {
    const text = model.getValue();
    if (grid && !fromGrid && !gridBox.hidden) grid.refresh();
    keepFile(path, text);
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void check(), 400);
  });
  void check();

  async function renderDiff() {
    disposeDiff();
    const original = monaco.editor.createModel(base.get(path) ?? '', 'yaml');
    const diffEl = h('div', { id: 'diff', 'aria-label': 'Verschil met de basisversie' });
    diffPanel.replaceChildren(h('h2', {}, `Verschil met ${protocol} ${version}`), diffEl, h('h2', {}, 'Regels en tabelrijen'));
    const d = monaco.editor.createDiffEditor(diffEl, { automaticLayout: true, readOnly: true, renderSideBySide: false, minimap: { enabled: false } });
    d.setModel({ original, modified: model });
    diffEditor = { editor: d, original };
    try {
      const sem = await api<{ rules: Record<string, { id: string }[]>; rows: Record<string, { table: string; key: Record<string, unknown>; values: Record<string, unknown> }[]> }>('POST', '/api/v1/drafts/diff', { protocol, baseVersion: version, files: draftFiles() });
      diffPanel.append(semanticList(sem));
    } catch (e) {
      diffPanel.append(h('p', { class: 'bad' }, (e as Error).message));
    }
  }
}

/** The first day a version with this draft could start without retroactive effect (wijzigen: the 1 March rule; else today). */
const draftStart = (category: string, today: string) => earliestStart({ category, earliestValidFrom: null }, today);

const CATEGORIES: [string, string, string][] = [
  ['verwerken', 'Verwerken', 'een besluit dat elders al genomen is in de regels zetten (bijv. een nieuwe functie in de beroepentabel); geen consultatie'],
  ['wijzigen', 'Wijzigen', 'een inhoudelijke wijziging van de afspraken: consultatie van de gecontracteerde aanbieders (minstens de helft moet instemmen) en de 1 maart-regel'],
  ['verhelderen', 'Verhelderen', 'een toelichting bij bestaande regels; wijzigt geen regelbestanden'],
];

/**
 * The proposal form. Its fields live in the draft (kept while switching files). Saving creates
 * the author's concept once and afterwards updates that same concept; submitting without a saved
 * concept creates and submits in one step, so a refused submission leaves nothing on the server
 * and a retry never makes a duplicate.
 */
function proposePanel(state: Draft, files: () => { path: string; text: string }[], persist: () => void, leave: () => void): HTMLElement {
  const { protocol, version } = state;
  const title = h('input', { name: 'title', value: state.title });
  const rationale = h('textarea', { name: 'rationale', rows: '4' });
  rationale.value = state.rationale;
  const category = h('select', { name: 'category', 'aria-describedby': 'categorie-uitleg' }, ...CATEGORIES.map(([c, label]) => h('option', { value: c, selected: c === state.category }, label)));
  const explain = h('div', { id: 'categorie-uitleg', class: 'muted' });
  const deadline = h('div', { 'data-testid': 'deadline', 'aria-live': 'polite' });
  const out = h('div', { 'aria-live': 'polite', 'data-testid': 'propose-result' });
  const fixed = h('p', { class: 'muted' });

  const refresh = () => {
    explain.replaceChildren(h('ul', { class: 'problems' }, ...CATEGORIES.map(([c, label, text]) => h('li', { class: c === category.value ? '' : 'muted' }, h('strong', {}, label), `: ${text}`))));
    category.disabled = state.proposalId !== null;
    fixed.textContent = state.proposalId !== null ? `Dit concept is voorstel #${state.proposalId}; de categorie ligt vast.` : '';
    deadline.replaceChildren();
    if (category.value === 'verhelderen') return;
    const today = todayAmsterdam();
    const startsOn = draftStart(category.value, today);
    if (category.value === 'wijzigen') {
      deadline.append(h('p', { class: 'note' }, `1 maart-regel: dient u vandaag (${date(today)}) in, dan gaat deze wijziging op zijn vroegst in op ${date(startsOn)}. Een wijziging die uiterlijk 1 maart is ingediend, kan op 1 januari van het jaar erna ingaan.`));
    }
    // Rows that end before that day can never be read by the new version: say so while there is time to fix it (adoption refuses them).
    if (!files().length) return;
    void api<{ withoutEffect: { message: string }[] }>('POST', '/api/v1/drafts/diff', { protocol, baseVersion: version, files: files(), startsOn })
      .then((d) => { if (d.withoutEffect.length) deadline.append(withoutEffectNote(d.withoutEffect, startsOn)); })
      .catch(() => undefined);
  };
  const keep = () => {
    state.title = title.value;
    state.rationale = rationale.value;
    state.category = category.value;
    persist();
  };
  title.addEventListener('input', keep);
  rationale.addEventListener('input', keep);
  category.addEventListener('change', () => { keep(); refresh(); });
  refresh();

  /** Creates the concept the first time, afterwards updates the same one (from the revision this draft last saw). */
  const saveConcept = async (): Promise<number> => {
    keep();
    const body = { title: title.value, rationale: rationale.value, files: files() };
    if (state.proposalId !== null) {
      try {
        const v = await api<{ revision: string }>('PATCH', `/api/v1/proposals/${state.proposalId}`, body, state.revision ? { 'If-Match': `"${state.revision}"` } : {});
        state.revision = v.revision;
      } catch (e) {
        if (e instanceof ApiError && e.code === 'edit_conflict') {
          await showConflict();
          throw new ApiError(e.status, e.code, 'Niet opgeslagen: dit concept is intussen in een ander tabblad of op een ander apparaat opgeslagen. Kies hieronder welke versie blijft.');
        }
        if (e instanceof ApiError && (e.status === 404 || e.code === 'not_editable')) {
          const gone = state.proposalId;
          state.proposalId = null;
          persist();
          refresh();
          throw new ApiError(e.status, e.code, `Concept #${gone} kan niet meer bijgewerkt worden (${e.message}). Uw tekst staat nog hier; sla opnieuw op om een nieuw concept te maken.`);
        }
        throw e;
      }
    } else {
      const p = await api<{ id: number; revision: string }>('POST', '/api/v1/proposals', { ...body, category: category.value, protocol, baseVersion: version });
      state.proposalId = p.id;
      state.revision = p.revision;
    }
    state.aheadOfServer = false;
    state.serverSavedAt = now().toISOString();
    persist();
    refresh();
    return state.proposalId!;
  };
  /** Two versions of one concept: the other tab's (on the server) and this one; the author chooses, nothing is lost silently. */
  const conflictBox = h('div', { 'data-testid': 'edit-conflict', 'aria-live': 'polite' });
  const showConflict = async () => {
    const server = await api<ServerConcept>('GET', `/api/v1/proposals/${state.proposalId}`);
    const mine = new Map(files().map((f) => [f.path, f.text]));
    const theirs = new Map(server.files.map((f) => [f.path, f.text]));
    const differ = [...new Set([...mine.keys(), ...theirs.keys()])].filter((p) => mine.get(p) !== theirs.get(p));
    const keepMine = h('button', { type: 'button', onclick: () => { state.revision = server.revision; conflictBox.replaceChildren(); void saveConcept().then(() => out.replaceChildren(h('p', { class: 'ok' }, 'Uw versie is opgeslagen; de andere is vervangen (zij staat in de geschiedenis van het voorstel).'))).catch((e) => out.replaceChildren(...errorNodes(e))); } }, 'Mijn versie bewaren');
    const takeTheirs = h('button', { type: 'button', class: 'secondary', onclick: () => {
      followConcept(state, server);
      persist();
      location.reload();
    } }, 'De andere versie laden');
    conflictBox.replaceChildren(h('div', { class: 'card warn' },
      h('strong', {}, 'Twee versies van dit concept'),
      h('p', {}, `In een ander tabblad of op een ander apparaat is concept #${state.proposalId} opgeslagen nadat u het opende. Verschillend: ${[...(server.title !== title.value ? ['de titel'] : []), ...differ].join(', ') || 'alleen de toelichting'}.`),
      h('ul', { class: 'problems' }, ...(server.title !== title.value ? [h('li', {}, `Titel daar: "${server.title}"; hier: "${title.value}"`)] : []), ...differ.map((p) => h('li', {}, `${p}: ${!theirs.has(p) ? 'alleen hier gewijzigd' : !mine.has(p) ? 'alleen daar gewijzigd' : 'in beide gewijzigd'}`))),
      h('p', { class: 'row-buttons' }, keepMine, ' ', takeTheirs)));
  };
  const run = (label: string, fn: () => Promise<void>) => {
    const b = h('button', { type: 'button', class: label === 'Opslaan als concept' ? 'secondary' : '' }, label);
    b.addEventListener('click', async () => {
      b.disabled = true;
      out.replaceChildren(`${label}…`);
      try { await fn(); } catch (e) { out.replaceChildren(...errorNodes(e)); } finally { b.disabled = false; }
    });
    return b;
  };
  const save = run('Opslaan als concept', async () => {
    const id = await saveConcept();
    out.replaceChildren(h('p', { class: 'ok' }, `Opgeslagen als concept #${id}. `, h('a', { href: `#/voorstel/${id}` }, 'Bekijk het concept')));
  });
  const submit = run('Voorstel indienen', async () => {
    // Without a concept on the server, create and submit in one step: a refused submission leaves nothing behind
    // (the category stays free to choose); with one, update it and submit it.
    keep();
    type Submitted = { id: number; state: string; submitWarnings?: string[]; startsOn?: string | null; withoutEffect?: { message: string }[] };
    const s = state.proposalId === null
      ? await api<Submitted>('POST', '/api/v1/proposals', { title: title.value, rationale: rationale.value, files: files(), category: category.value, protocol, baseVersion: version, submit: true })
      : await api<Submitted>('POST', `/api/v1/proposals/${await saveConcept()}/submit`);
    // Submitted: the draft leaves this browser and the editor; the proposal is on its own page now.
    clearDraft(protocol, version);
    leave();
    mount(h('section', { class: 'card' }, h('h1', {}, `Voorstel #${s.id} is ingediend`),
      h('p', { 'data-testid': 'propose-result', class: 'ok' }, `Voorstel ${s.id} ingediend (${s.state}). De beoordelaar ziet het nu. `, h('a', { href: `#/voorstel/${s.id}` }, 'Bekijk het voorstel')),
      ...(s.submitWarnings?.length ? [h('div', { class: 'card warning', 'data-testid': 'submit-warnings' }, h('strong', {}, 'Let op: ingediend met waarschuwingen (de beoordelaar ziet ze ook)'),
        h('ul', { class: 'problems' }, ...s.submitWarnings.map((w) => h('li', { class: 'note' }, w))))] : []),
      ...(s.withoutEffect?.length && s.startsOn ? [withoutEffectNote(s.withoutEffect, s.startsOn)] : []),
      h('p', {}, h('a', { href: `#/bewerk/${protocol}/${version}/${files()[0]?.path ?? `${protocol.toLowerCase()}/${version}/ruleset.yaml`}` }, `Een nieuw voorstel op ${protocol} ${version} beginnen`))));
  });
  /** Back to the concept as the server holds it, or to the base version when there is none; asks first. */
  const discard = h('button', { type: 'button', class: 'secondary', onclick: async () => {
    const what = state.proposalId !== null ? `terug naar concept #${state.proposalId} zoals het op de server staat` : `terug naar ${protocol} ${version} zonder wijzigingen`;
    if (!window.confirm(`Wijzigingen weggooien: ${what}?`)) return;
    try {
      if (state.proposalId !== null) {
        followConcept(state, await api<ServerConcept>('GET', `/api/v1/proposals/${state.proposalId}`));
        persist();
      } else clearDraft(protocol, version);
      location.reload();
    } catch (e) {
      out.replaceChildren(...errorNodes(e));
    }
  } }, 'Wijzigingen weggooien');
  return h('div', {}, field('Categorie', category), explain, fixed, deadline, field('Titel', title), field('Toelichting', rationale), h('p', { class: 'row-buttons' }, submit, ' ', save, ' ', discard), out, conflictBox);
}
