/**
 * Probeer: a form generated from the decision's facts schema (the same schema the
 * server validates with), optionally filled from one of the version's test cases,
 * answered by the current version and by the draft side by side. The facts as JSON
 * stay available for those who prefer them.
 */
import { parse } from 'yaml';
import { api } from '../api.js';
import { dateInput, field, h } from '../dom.js';
import { errorNodes } from '../errors.js';
import { schemas, type Schema } from '../fact-completion.js';
import { date as dateWords } from '../format.js';
import { parseEuro, showEuro } from '../table-grid.js';
import type { EvaluateResponse } from '../../../schemas/api/api-types.js';

/** The service's answer, typed by the contract (schemas/api EvaluateResponse); a draft's answer also says whether the draft or the version in force answered. */
type Answer = EvaluateResponse & { answeredBy?: { draft: boolean; startsOn: string; message: string } };

/** What the answer could not check, and the placeholder figures it rests on: never hidden behind the outcome. */
function trustNotes(r: Answer): HTMLElement[] {
  const out: HTMLElement[] = [];
  if (r.missing?.length) {
    out.push(h('div', { class: 'missing', 'data-testid': 'missing' }, h('p', {}, h('strong', {}, r.outcome === 'onvoldoende_gegevens' ? 'Onvoldoende gegevens: ' : 'Niet gecontroleerd: '), 'deze feiten ontbreken'),
      h('ul', {}, ...r.missing.map((m) => h('li', {}, h('code', {}, m.pointer.replace(/^\/facts\//, '').split('/').join('.')), ` – ${m.message}`)))));
  }
  if (r.waaromNiet?.rules.length) {
    out.push(h('div', { class: 'why-not', 'data-testid': 'waarom-niet' }, h('p', {}, h('strong', {}, 'Waarom niet, en wat het zou veranderen'), ' (elke wijziging is nagerekend)'),
      h('ul', {}, ...r.waaromNiet.rules.map((w) => h('li', {}, `${w.title}: ${w.message}`))),
      ...(r.waaromNiet.truncated ? [h('p', { class: 'muted' }, 'Het zoeken stopte bij zijn tijdslimiet; er kunnen meer wijzigingen zijn.')] : [])));
  }
  if (r.illustrative) {
    out.push(h('details', { class: 'illustrative', 'data-testid': 'illustrative' }, h('summary', {}, `Rust op illustratieve cijfers (${r.illustrativeBasis?.length ?? 0}): geen vastgestelde cijfers van de regio`),
      h('ul', {}, ...(r.illustrativeBasis ?? []).map((b) => h('li', {}, h('code', {}, b.ref), b.note ? ` – ${b.note}` : '')))));
  }
  return out;
}
type Value = unknown;

/** The schema without its null branch, and whether null is allowed. */
function unwrap(s: Schema): { s: Schema; nullable: boolean } {
  if (s.anyOf) {
    const real = s.anyOf.filter((x) => x.type !== 'null');
    return { s: { ...real[0], description: real[0]?.description ?? s.description }, nullable: real.length < s.anyOf.length };
  }
  const types = [s.type].flat();
  return { s: { ...s, type: types.filter((t) => t !== 'null')[0] }, nullable: types.includes('null') };
}

const isMoney = (s: Schema) => /cent/i.test(`${s.title ?? ''} ${s.description ?? ''}`);

/** One form part: a node to show and how to read its value back (undefined = leave the fact out). */
interface Part { node: HTMLElement; read(): Value; write(v: Value): void }

/** What staff read above a field: the facts schema's Dutch title (without "in centen": money is typed in euros), else the fact's name. */
function titleOf(name: string, raw: Schema, s: Schema): string {
  const title = (raw.title ?? s.title ?? name).replace(/\s*\(in centen\)/i, '');
  return title.charAt(0).toUpperCase() + title.slice(1);
}

function partFor(name: string, path: string, raw: Schema, required: boolean, shownAs?: string): Part {
  const { s, nullable } = unwrap(raw);
  const label = `${shownAs ?? titleOf(name, raw, s)}${required ? '' : ' (optioneel)'}`;
  const hint = raw.description ?? s.description;
  if (s.type === 'object' || s.properties) {
    const req = new Set(s.required ?? []);
    const kids = Object.entries(s.properties ?? {}).map(([k, v]) => [k, partFor(k, `${path}.${k}`, v, req.has(k))] as const);
    const present = h('input', { type: 'checkbox', checked: required, 'aria-label': `${label} invullen` }) as HTMLInputElement;
    const body = h('div', { class: 'fields' }, ...kids.map(([, p]) => p.node));
    const sync = () => { body.hidden = !present.checked; };
    present.addEventListener('change', sync);
    sync();
    return {
      node: h('fieldset', {}, h('legend', {}, ...(required ? [] : [present, ' ']), label), ...(hint ? [h('div', { class: 'muted' }, hint)] : []), body),
      read: () => (!present.checked ? (nullable && required ? null : undefined) : Object.fromEntries(kids.map(([k, p]) => [k, p.read()]).filter(([, v]) => v !== undefined))),
      write: (v) => {
        present.checked = required || (v !== undefined && v !== null);
        sync();
        for (const [k, p] of kids) p.write(v && typeof v === 'object' ? (v as Record<string, Value>)[k] : undefined);
      },
    };
  }
  if (s.type === 'array' && s.items && unwrap(s.items).s.properties) {
    const rows: Part[] = [];
    const list = h('div', { class: 'array-rows' });
    const add = (v?: Value) => {
      const p = partFor(name, `${path}[${rows.length + 1}]`, { ...unwrap(s.items!).s }, true, `${titleOf(name, raw, s)} ${rows.length + 1}`);
      if (v !== undefined) p.write(v);
      rows.push(p);
      const remove = h('button', { type: 'button', class: 'secondary' }, 'Verwijderen');
      const row = h('div', { class: 'array-row' }, p.node, remove);
      remove.addEventListener('click', () => { rows.splice(rows.indexOf(p), 1); row.remove(); });
      list.append(row);
    };
    return {
      node: h('fieldset', {}, h('legend', {}, label), ...(hint ? [h('div', { class: 'muted' }, hint)] : []), list, h('button', { type: 'button', class: 'secondary', onclick: () => add() }, `Rij toevoegen aan ${titleOf(name, raw, s).toLowerCase()}`)),
      read: () => (rows.length ? rows.map((r) => r.read()) : required ? [] : undefined),
      write: (v) => { rows.length = 0; list.replaceChildren(); if (Array.isArray(v)) v.forEach((x) => add(x)); },
    };
  }
  // A scalar (or a list of scalars, comma-separated).
  const list = s.type === 'array';
  const item = list && s.items ? unwrap(s.items).s : s;
  const money = !list && isMoney(s);
  let input: HTMLInputElement | HTMLSelectElement;
  if (item.enum && !list) input = h('select', {}, h('option', { value: '' }, nullable ? '(leeg: null)' : '(niet ingevuld)'), ...item.enum.map((e) => h('option', { value: JSON.stringify(e) }, String(e))));
  else if (item.type === 'boolean' && !list) input = h('select', {}, h('option', { value: '' }, '(niet ingevuld)'), h('option', { value: 'true' }, 'ja'), h('option', { value: 'false' }, 'nee'));
  else if (item.format === 'date' && !list) input = dateInput();
  else if (money) input = h('input', { type: 'text', inputmode: 'decimal', placeholder: 'bijv. 89,36', autocomplete: 'off' });
  else input = h('input', { type: list ? 'text' : item.type === 'integer' || item.type === 'number' ? 'number' : 'text', ...(list ? { placeholder: 'met komma\'s gescheiden' } : {}) });
  const toValue = (text: string): Value => {
    const t = text.trim();
    if (item.type === 'integer' || item.type === 'number') return t === '' ? undefined : Number(t);
    if (item.type === 'boolean') return t === 'true';
    return t;
  };
  return {
    node: field(`${label}${money ? ' (€)' : ''}`, h('span', {}, input, ...(hint ? [h('span', { class: 'muted' }, ` ${hint}`)] : []))),
    read: () => {
      const v = input.value;
      if (v === '') return nullable && required ? null : undefined;
      if (item.enum && !list) return JSON.parse(v) as Value;
      if (list) return v.split(',').map((x) => toValue(x)).filter((x) => x !== '' && x !== undefined);
      if (money) {
        const p = parseEuro(v);
        if (!p.ok) throw new Error(`${label}: ${p.message}`);
        return p.value;
      }
      return toValue(v);
    },
    write: (v) => {
      if (v === undefined || v === null) input.value = '';
      else if (item.enum && !list) input.value = JSON.stringify(v);
      else if (list && Array.isArray(v)) input.value = v.join(', ');
      else if (money && typeof v === 'number') input.value = showEuro(v);
      else input.value = String(v);
    },
  };
}

/** The field's input, with the label on the input itself (field() labels the span otherwise). */
function labelInputs(root: HTMLElement) {
  Array.from(root.querySelectorAll('label')).forEach((label) => {
    const span = root.querySelector(`#${CSS.escape(label.htmlFor)}`);
    const input = span?.querySelector('input, select');
    if (span && input && span.tagName === 'SPAN') { span.removeAttribute('id'); input.id = label.htmlFor; }
  });
}

function answerColumn(title: string, r: Answer | null, other: Answer | null, testid: string): HTMLElement {
  if (!r) return h('div', {}, h('h3', {}, title), h('p', { class: 'muted' }, '—'));
  const differs = other && (other.outcome !== r.outcome || other.events.map((e) => e.rule).join() !== r.events.map((e) => e.rule).join());
  return h('div', { class: differs ? 'answer differs' : 'answer' },
    h('h3', {}, title),
    h('p', {}, h('strong', { 'data-testid': testid }, r.outcome), ` (versie ${r.version}, peildatum ${dateWords(r.date)})`),
    ...(r.answeredBy && !r.answeredBy.draft ? [h('p', { class: 'note', 'data-testid': `${testid}-answered-by` }, r.answeredBy.message)] : []),
    h('ul', { class: 'problems' }, ...r.events.map((e) => h('li', {}, `${e.code ? `${e.code} · ` : ''}${e.message}`, h('div', { class: 'muted' }, `${e.rule} · bron: ${e.source}`)))),
    ...trustNotes(r),
    h('details', {}, h('summary', {}, 'Verloop per regel'), h('pre', {}, JSON.stringify(r.trace, null, 2))));
}

/**
 * `startsOn`: the first day a version with the draft could start. Both columns answer a date before it as
 * the service will: with the version in force on that date; from that day the draft (right) and the
 * base version (left) answer.
 */
export function tryPanel(protocol: string, version: string, decisions: { id: string; title: string; facts?: string }[], files: () => { path: string; text: string }[], baseFiles: Map<string, string>, startsOn: () => string): HTMLElement {
  const decision = h('select', {}, ...decisions.map((d) => h('option', { value: d.id }, `${d.id} – ${d.title}`)));
  const fromCase = h('select', {});
  const date = dateInput();
  const today = dateInput();
  const form = h('div', { class: 'facts-form', 'data-testid': 'probeer-form' });
  const json = h('textarea', { rows: '8', spellcheck: 'false' }) as HTMLTextAreaElement;
  const out = h('div', { 'data-testid': 'probeer-result', 'aria-live': 'polite' });
  let root: Part | null = null;

  /** The version's test cases for the decision, on the draft's text where it changed a test file. */
  const cases = () => {
    const texts = new Map(baseFiles);
    for (const f of files()) texts.set(f.path, f.text);
    const found: { name: string; facts: Value; date?: string; today?: string }[] = [];
    for (const [path, text] of texts) {
      if (!/\/tests\/[^/]+\.ya?ml$/.test(path)) continue;
      try {
        const doc = parse(text) as { decision?: string; cases?: { name?: string; facts?: Value; date?: string; today?: string }[] };
        if (doc?.decision === decision.value) for (const c of doc.cases ?? []) if (c?.name) found.push({ name: c.name, facts: c.facts, date: c.date ? String(c.date) : undefined, today: c.today ? String(c.today) : undefined });
      } catch { /* a test file that does not parse offers no cases */ }
    }
    return found;
  };
  const build = () => {
    const d = decisions.find((x) => x.id === decision.value);
    const schema = d?.facts ? schemas[d.facts] : undefined;
    root = schema ? partFor('feiten', 'feiten', { ...schema, type: 'object', title: 'Feiten' }, true) : null;
    form.replaceChildren(root ? root.node : h('p', { class: 'muted' }, 'Geen feitenschema gevonden; gebruik de feiten als JSON.'));
    labelInputs(form);
    const list = cases();
    fromCase.replaceChildren(h('option', { value: '' }, list.length ? '(kies een testgeval)' : '(geen testgevallen)'), ...list.map((c, i) => h('option', { value: String(i) }, c.name)));
  };
  fromCase.addEventListener('change', () => {
    const c = cases()[Number(fromCase.value)];
    if (!c || !root) return;
    root.write(c.facts);
    date.value = c.date ?? '';
    today.value = c.today ?? '';
    json.value = JSON.stringify(c.facts, null, 2);
  });
  decision.addEventListener('change', build);
  build();

  const factsNow = (): Value => {
    const fromForm = root?.read() ?? {};
    json.value = JSON.stringify(fromForm, null, 2);
    return fromForm;
  };
  const fillFromJson = () => { try { root?.write(JSON.parse(json.value)); } catch (e) { out.replaceChildren(...errorNodes(new Error(`De JSON klopt niet: ${(e as Error).message}`))); } };
  const run = async () => {
    out.replaceChildren('Bezig…');
    try {
      const request = { decision: decision.value, facts: factsNow(), explain: 'waarom-niet', ...(date.value ? { date: date.value } : {}) };
      const fixed = { startsOn: startsOn(), ...(today.value ? { today: today.value } : {}) };
      const [current, draft] = await Promise.all([
        api<Answer>('POST', '/api/v1/drafts/evaluate', { protocol, baseVersion: version, files: [], request, ...fixed }),
        api<Answer>('POST', '/api/v1/drafts/evaluate', { protocol, baseVersion: version, files: files(), request, ...fixed }),
      ]);
      // A changed amount (a budget's bedrag) is a changed answer too, not only another outcome or rule.
      const gist = (a: Answer) => JSON.stringify([a.outcome, a.events.map((e) => [e.rule, (e as { params?: unknown }).params ?? null])]);
      const same = gist(current) === gist(draft);
      out.replaceChildren(
        h('p', { class: same ? 'muted' : 'note', 'data-testid': 'probeer-verschil' }, draft.answeredBy && !draft.answeredBy.draft
          ? `Uw wijzigingen gelden op deze peildatum nog niet (pas vanaf ${dateWords(draft.answeredBy.startsOn)}).`
          : same ? 'Uw wijzigingen veranderen dit antwoord niet.' : 'Uw wijzigingen veranderen dit antwoord.'),
        h('div', { class: 'side-by-side' }, answerColumn(`Zonder uw wijzigingen (${protocol} ${current.version})`, current, draft, 'outcome-current'), answerColumn('Met uw wijzigingen', draft, current, 'outcome')),
      );
    } catch (e) {
      out.replaceChildren(...errorNodes(e));
    }
  };
  return h('div', {}, field('Beslissing', decision), field('Vullen uit testgeval', fromCase), field('Peildatum (leeg: uit de feiten)', date), field('Vandaag (leeg: de echte datum; een testgeval kan hem vastzetten)', today), form,
    h('details', {}, h('summary', {}, 'Feiten als JSON'), field('Feiten (JSON)', json), h('button', { type: 'button', class: 'secondary', onclick: fillFromJson }, 'Formulier vullen uit JSON')),
    h('p', {}, h('button', { type: 'button', onclick: () => void run() }, 'Probeer')), out);
}
