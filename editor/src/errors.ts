/** Errors shown where they happen: right after the button pressed, in Dutch, with the places named. */
import { ApiError } from './api.js';
import { h } from './dom.js';

/** The message and its details (JSON pointer or file:line:col) as nodes. */
export function errorNodes(e: unknown): Node[] {
  const raw = e instanceof ApiError ? e.message : e instanceof Error ? e.message : String(e);
  const message = raw.charAt(0).toUpperCase() + raw.slice(1);
  const details = e instanceof ApiError ? e.details : [];
  return [h('p', { class: 'bad', role: 'alert' }, message), ...(details.length ? [h('ul', { class: 'problems' }, ...details.map((d) => h('li', { class: 'bad' }, d.pointer && !('file' in d) ? `${d.pointer}: ${d.message}` : d.message)))] : [])];
}

/**
 * A button with its own message area beside it: while the action runs the button is disabled,
 * and a refusal appears right there, not at the top of the page.
 */
export function actionButton(label: string, run: () => Promise<unknown>, attrs: Record<string, string> = {}): HTMLElement {
  const out = h('div', { class: 'action-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', ...attrs }, label);
  button.addEventListener('click', async () => {
    button.disabled = true;
    out.replaceChildren();
    try {
      await run();
    } catch (e) {
      out.replaceChildren(...errorNodes(e));
    } finally {
      button.disabled = false;
    }
  });
  return h('div', { class: 'action' }, button, out);
}
