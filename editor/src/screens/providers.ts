/** The register of contracted providers (jeugdhulpaanbieders): everyone reads it, the beheerder keeps it. Consent counts against it. */
import { api, hasRole } from '../api.js';
import { field, h, mount } from '../dom.js';
import { actionButton } from '../errors.js';
import { parseProvidersCsv } from '../providers-csv.js';
import type { Provider } from '../../../schemas/api/api-types.js';


export async function showProviders() {
  const { providers } = await api<{ providers: Provider[] }>('GET', '/api/v1/providers');
  const contracted = providers.filter((p) => p.contracted).length;
  const keeper = hasRole('beheerder');
  const save = (p: Provider) => api('POST', '/api/v1/providers', p).then(() => showProviders());
  const rows = providers.map((p) => h('tr', {},
    h('td', {}, p.id), h('td', {}, p.name), h('td', {}, p.contracted ? 'gecontracteerd' : 'niet gecontracteerd'),
    ...(keeper ? [h('td', {}, actionButton(p.contracted ? 'Contract beëindigd' : 'Weer gecontracteerd', () => save({ ...p, contracted: !p.contracted }), { class: 'secondary', 'aria-label': `${p.name}: ${p.contracted ? 'contract beëindigd' : 'weer gecontracteerd'}` }))] : [])));
  const sections: Node[] = [
    h('h1', {}, 'Aanbiedersregister'),
    h('section', { class: 'card' },
      h('p', { 'data-testid': 'provider-count' }, `${contracted} gecontracteerde aanbieder${contracted === 1 ? '' : 's'}. Bij een wijziging (categorie wijzigen) moet minstens de helft van hen instemmen.`),
      providers.length
        ? h('table', { 'data-testid': 'providers' }, h('thead', {}, h('tr', {}, h('th', {}, 'Code'), h('th', {}, 'Naam'), h('th', {}, 'Status'), ...(keeper ? [h('th', {}, 'Wijzigen')] : []))), h('tbody', {}, ...rows))
        : h('p', { class: 'muted' }, 'Het register is nog leeg.')),
  ];
  if (keeper) {
    const id = h('input', { name: 'providerId', autocomplete: 'off', placeholder: 'bijv. ggz-oost' });
    const name = h('input', { name: 'providerName', autocomplete: 'off' });
    const state = h('select', { name: 'contracted' }, h('option', { value: 'true' }, 'gecontracteerd'), h('option', { value: 'false' }, 'niet gecontracteerd'));
    sections.push(h('section', { class: 'card', 'aria-label': 'Aanbieder toevoegen' },
      h('h2', {}, 'Aanbieder toevoegen of bijwerken'),
      h('p', { class: 'muted' }, 'Een bestaande code werkt de naam of de status bij.'),
      field('Code', id), field('Naam', name), field('Status', state),
      actionButton('Aanbieder opslaan', () => save({ id: id.value.trim(), name: name.value, contracted: state.value === 'true' }))));
    // Many at once: a CSV export of the contract administration, checked line by line before anything is stored.
    const file = h('input', { type: 'file', accept: '.csv,text/csv,text/plain' }) as HTMLInputElement;
    const pasted = h('textarea', { rows: '5', spellcheck: 'false', placeholder: 'code;naam;gecontracteerd\nggz-oost;GGZ Oost;ja' }) as HTMLTextAreaElement;
    file.addEventListener('change', async () => { pasted.value = (await file.files?.[0]?.text()) ?? ''; });
    sections.push(h('section', { class: 'card', 'aria-label': 'Aanbieders importeren' },
      h('h2', {}, 'Aanbieders importeren (CSV)'),
      h('p', { class: 'muted' }, 'Kolommen: code, naam en eventueel gecontracteerd (ja/nee; leeg is ja), gescheiden door ; of , zoals Excel ze bewaart. Een kopregel wordt overgeslagen; bestaande codes worden bijgewerkt.'),
      field('CSV-bestand', file), field('Of plak de regels hier', pasted),
      actionButton('Importeren', async () => {
        const r = parseProvidersCsv(pasted.value);
        if (!r.ok) throw new Error(`Niets geïmporteerd: ${r.problems.join('; ')}.`);
        await api('POST', '/api/v1/providers', { providers: r.providers });
        await showProviders();
      })));
  } else {
    sections.push(h('p', { class: 'muted' }, 'Het register wordt bijgehouden door de beheerder.'));
  }
  mount(...sections);
}
