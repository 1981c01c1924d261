/** The editor app: a hash router over the screens, Dutch throughout, usable with the keyboard. */
import { ApiError, currentUser, logout, restoreSession, UNREACHABLE } from './api.js';
import { h, mount } from './dom.js';
import { clearDraftsOf, draftsOf, onlyHere } from './drafts.js';
import { count } from './format.js';
import { errorNodes } from './errors.js';
import { showBrowse } from './screens/browse.js';
import { showEditor } from './screens/edit.js';
import { showLogin } from './screens/login.js';
import { showProposal, showProposals } from './screens/proposals.js';
import { showProviders } from './screens/providers.js';

function renderWho() {
  const who = document.getElementById('who')!;
  who.replaceChildren();
  if (currentUser) {
    who.append(`${currentUser.name ?? currentUser.username} (${currentUser.roles.join(', ')}) `,
      h('button', { class: 'secondary', type: 'button', onclick: () => void signOut() }, 'Uitloggen'));
  }
}

/**
 * Logging out removes the user's drafts from this browser, so the next person here sees none
 * of them; work that is only here (not yet a concept on the server) is named first, with a
 * chance to stay and save it.
 */
async function signOut() {
  const user = currentUser?.username;
  if (user) {
    const here = draftsOf(user).filter(onlyHere);
    if (here.length && !window.confirm(`U heeft wijzigingen die alleen in deze browser staan, nog niet als concept op de server: ${here.map((d) => `${d.protocol} ${d.version}${d.title ? ` ("${d.title}")` : ''}, ${count(Object.keys(d.files).length, 'gewijzigd bestand', 'gewijzigde bestanden')}`).join('; ')}.\n\nBij uitloggen worden ze uit deze browser verwijderd, zodat een volgende gebruiker ze niet ziet. Wilt u ze bewaren, kies dan Annuleren en sla ze op als concept (tab Voorstel).\n\nToch uitloggen?`)) return;
    clearDraftsOf(user);
  }
  await logout();
  location.hash = '#/inloggen';
}

/** A whole screen that could not be drawn: one clear message and a retry, never half a page. */
function showFailure(e: unknown) {
  const unreachable = e instanceof ApiError && e.code === 'server_unreachable';
  mount(h('section', { class: 'card banner', role: 'alert', 'data-testid': 'banner' },
    h('h1', {}, unreachable ? 'De server is niet bereikbaar' : 'Deze pagina kon niet worden geladen'),
    ...(unreachable ? [h('p', {}, UNREACHABLE)] : errorNodes(e)),
    h('button', { type: 'button', onclick: () => void route() }, 'Opnieuw proberen')));
}

let sessionChecked = false;

export async function route() {
  try {
    if (!sessionChecked) {
      await restoreSession();
      sessionChecked = true;
    }
    const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
    if (!currentUser && parts[0] !== 'inloggen') {
      location.hash = '#/inloggen';
      return;
    }
    renderWho();
    switch (parts[0]) {
      case 'inloggen': return showLogin();
      case 'bewerk': return await showEditor(parts[1], parts[2], parts.slice(3).join('/'));
      case 'voorstellen': return await showProposals();
      case 'voorstel': return await showProposal(Number(parts[1]));
      case 'aanbieders': return await showProviders();
      default: return await showBrowse(parts[0] === 'versie' ? parts[1] : undefined, parts[0] === 'versie' ? parts[2] : undefined);
    }
  } catch (e) {
    showFailure(e);
  }
}

window.addEventListener('hashchange', () => void route());
await route();
