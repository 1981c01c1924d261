/** Tiny DOM helpers: build elements without innerHTML for untrusted text. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | ((e: Event) => void)> = {}, ...children: (Node | string | null | undefined)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false) el.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) el.append(c);
  return el;
}

export function mount(...nodes: Node[]) {
  const app = document.getElementById('app')!;
  app.replaceChildren(...nodes);
  app.focus();
}

export function field(label: string, input: HTMLElement): HTMLElement {
  const id = `f-${Math.random().toString(36).slice(2, 8)}`;
  input.id = id;
  return h('div', {}, h('label', { for: id }, label), input);
}

/**
 * A date field as text in the form of the rule files (JJJJ-MM-DD): the browser's own date input
 * shows its day/month order and placeholder in the browser's language ("mm/dd/yyyy").
 */
export function dateInput(attrs: Record<string, string> = {}): HTMLInputElement {
  return h('input', { type: 'text', inputmode: 'numeric', placeholder: 'JJJJ-MM-DD', pattern: '\\d{4}-\\d{2}-\\d{2}', maxlength: '10', title: 'Datum als JJJJ-MM-DD, bijvoorbeeld 2025-03-01', autocomplete: 'off', ...attrs });
}
