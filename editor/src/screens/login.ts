import { ApiError, login } from '../api.js';
import { field, h, mount } from '../dom.js';

export function showLogin() {
  const user = h('input', { name: 'username', autocomplete: 'username', required: true });
  const pass = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const msg = h('p', { role: 'alert', class: 'bad' });
  const form = h('form', { class: 'card', style: 'max-width: 360px' },
    h('h1', {}, 'Inloggen'),
    field('Gebruikersnaam', user),
    field('Wachtwoord', pass),
    msg,
    h('button', { type: 'submit' }, 'Inloggen'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await login(user.value, pass.value);
      location.hash = '#/';
    } catch (err) {
      msg.textContent = err instanceof ApiError && err.status === 401 ? 'Gebruikersnaam of wachtwoord klopt niet.' : String((err as Error).message);
    }
  });
  mount(form);
  user.focus();
}
