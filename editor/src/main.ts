/** The editor app: a hash router over the screens, Dutch throughout, usable with the keyboard. */
import { currentUser, logout, restoreSession } from './api.js';
import { h } from './dom.js';
import { showBrowse } from './screens/browse.js';
import { showEditor } from './screens/edit.js';
import { showLogin } from './screens/login.js';
import { showProposal, showProposals } from './screens/proposals.js';

function renderWho() {
  const who = document.getElementById('who')!;
  who.replaceChildren();
  if (currentUser) {
    who.append(`${currentUser.name ?? currentUser.username} (${currentUser.roles.join(', ')}) `,
      h('button', { class: 'secondary', type: 'button', onclick: async () => { await logout(); location.hash = '#/inloggen'; } }, 'Uitloggen'));
  }
}

export async function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (!currentUser && parts[0] !== 'inloggen') {
    location.hash = '#/inloggen';
    return;
  }
  renderWho();
  switch (parts[0]) {
    case 'inloggen': return showLogin();
    case 'bewerk': return showEditor(parts[1], parts[2], parts.slice(3).join('/'));
    case 'voorstellen': return showProposals();
    case 'voorstel': return showProposal(Number(parts[1]));
    default: return showBrowse(parts[0] === 'versie' ? parts[1] : undefined, parts[0] === 'versie' ? parts[2] : undefined);
  }
}

window.addEventListener('hashchange', () => void route());
await restoreSession();
await route();
