/**
 * The grid of a table file in the editor: one input per cell under the columns' Dutch titles,
 * amounts in euros, dates as dd-mm-jjjj and each row's validity. A cell is checked as it is
 * typed (the message says what form is expected, with an example) and written into the file's
 * YAML when it is left or Enter is pressed; the YAML (in cents) stays what git, review and the
 * server read. Rows can be copied (the usual way to add next year's tariff), added and removed.
 */
import { h } from '../dom.js';
import { addRow, parseCell, readGrid, removeRow, setCell, showCell, type Grid, type GridColumn } from '../table-grid.js';

export interface GridView {
  el: HTMLElement;
  /** Draws the grid again from the file's text (after an edit in the YAML view). */
  refresh(): void;
}

/** `text()` is the file as it stands in the draft; `apply(text)` writes a new text into it. */
export function tableGridView(text: () => string, apply: (next: string) => void): GridView {
  const el = h('div', { class: 'table-grid', 'data-testid': 'table-grid' });
  const status = h('p', { class: 'muted', role: 'status', 'aria-live': 'polite' });

  const write = (next: string, said: string) => {
    apply(next);
    status.textContent = said;
  };

  const cellInput = (grid: Grid, c: GridColumn, r: number): HTMLElement => {
    const id = `cel-${r}-${c.name}`;
    const message = h('div', { class: 'bad cell-error', id: `${id}-fout`, role: 'alert' });
    const input = h('input', {
      id, value: grid.rows[r][c.name], 'aria-label': `${c.title}, rij ${r + 1}`, autocomplete: 'off',
      inputmode: c.of === 'money' || c.of === 'integer' ? 'decimal' : 'text',
      placeholder: c.of === 'money' ? '0,00' : c.of === 'date' ? 'dd-mm-jjjj' : c.kind === 'range' ? 'bijv. 3 t/m 9' : '',
    });
    const check = () => {
      const p = parseCell(c, input.value);
      input.setAttribute('aria-invalid', String(!p.ok));
      if (p.ok) input.removeAttribute('aria-describedby'); else input.setAttribute('aria-describedby', message.id);
      message.textContent = p.ok ? '' : p.message;
      return p;
    };
    input.addEventListener('input', check);
    const commit = () => {
      const p = check();
      if (!p.ok) return;
      const before = text();
      const next = setCell(before, r, c.name, p.value);
      const shown = showCell(c, p.value);
      input.value = shown;
      if (next !== before) write(next, `${c.title} in rij ${r + 1} is nu ${shown || 'leeg'}.`);
    };
    input.addEventListener('change', commit);
    input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); commit(); } });
    return h('td', {}, input, message);
  };

  const draw = () => {
    const grid = readGrid(text());
    if (!grid) {
      el.replaceChildren(h('p', { class: 'bad' }, 'Deze tabel kan nu niet als raster worden getoond: los eerst de fouten op in de YAML-weergave.'), status);
      return;
    }
    const head = h('tr', {}, h('th', { scope: 'col' }, 'Rij'), ...grid.columns.map((c) => h('th', { scope: 'col' }, c.title)), h('th', { scope: 'col' }, 'Acties'));
    const body = grid.rows.map((_, r) => h('tr', { 'data-row': String(r + 1) },
      h('th', { scope: 'row' }, String(r + 1)),
      ...grid.columns.map((c) => cellInput(grid, c, r)),
      h('td', { class: 'row-buttons' },
        h('button', { type: 'button', class: 'secondary', 'aria-label': `Rij ${r + 1} kopiëren`, onclick: () => { write(addRow(text(), r), `Rij ${r + 1} is gekopieerd naar rij ${grid.rows.length + 1}; pas de kopie aan.`); draw(); } }, 'Kopiëren'),
        ' ',
        h('button', { type: 'button', class: 'secondary', 'aria-label': `Rij ${r + 1} verwijderen`, onclick: () => { write(removeRow(text(), r), `Rij ${r + 1} is verwijderd.`); draw(); } }, 'Verwijderen'))));
    el.replaceChildren(
      h('h2', {}, grid.title || grid.id),
      h('p', { class: 'muted' }, 'Bedragen in euro (bijvoorbeeld 89,36), datums als dd-mm-jjjj. Een cel wordt opgeslagen als u hem verlaat of op Enter drukt; het bestand blijft YAML met bedragen in centen.'),
      h('div', { class: 'grid-scroll' }, h('table', { class: 'compact grid' }, h('thead', {}, head), h('tbody', {}, ...body))),
      h('p', {}, h('button', { type: 'button', onclick: () => { write(addRow(text()), `Rij ${grid.rows.length + 1} is toegevoegd; vul haar in.`); draw(); } }, 'Rij toevoegen')),
      status,
    );
  };
  draw();
  return { el, refresh: draw };
}
