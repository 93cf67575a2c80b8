// The console's shell: asks for a key once per browser session, then routes by URL fragment.
import { api, session, ApiError } from './api.js';
import { fill, problem } from './dom.js';
import { alertsPage } from './alerts.js';
import { alertPage } from './alert.js';
import { rulesPage } from './rules.js';
import { playgroundPage } from './playground.js';

const page = document.getElementById('page');
const login = document.getElementById('login');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const logout = document.getElementById('logout');

/** What the current key may do; admin is known by being allowed to read /actuator/info. */
const access = { admin: false };

/** The page that is showing; its stop() ends its polling before the next one starts. */
let current = null;

async function checkKey(key) {
  await api('/api/v1/rules', { key });
  try {
    await api('/actuator/info', { key });
    return true;
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) return false;
    throw error;
  }
}

function showLogin(message) {
  session.forget();
  nav.hidden = true;
  logout.hidden = true;
  who.textContent = '';
  page.replaceChildren();
  login.hidden = false;
  document.getElementById('login-error').textContent = message || '';
  document.getElementById('key').focus();
}

async function enter(key) {
  try {
    access.admin = await checkKey(key);
  } catch (error) {
    const reason = error.status === 401 ? 'This key is not accepted.'
      : error.status === 403 ? 'This key has no read role (an ingest key cannot browse).'
        : 'SeqWatch did not answer: ' + error.message;
    showLogin(reason);
    return;
  }
  session.remember(key);
  login.hidden = true;
  nav.hidden = false;
  logout.hidden = false;
  who.textContent = access.admin ? 'admin key' : 'read key';
  route();
}

function route() {
  if (!session.key()) {
    showLogin();
    return;
  }
  if (current && current.stop) current.stop();
  current = null;
  const hash = location.hash || '#/alerts';
  const [, name, ...rest] = hash.split('/');
  for (const link of nav.querySelectorAll('a[data-page]')) {
    link.classList.toggle('active', link.dataset.page === name || (name === 'alert' && link.dataset.page === 'alerts'));
  }
  fill(page);
  const context = { access, onUnauthorized: () => showLogin('The key is no longer accepted.') };
  try {
    if (name === 'alert' && rest.length) current = alertPage(page, decodeURIComponent(rest.join('/')), context);
    else if (name === 'rules') current = rulesPage(page, context);
    else if (name === 'playground') current = playgroundPage(page, context);
    else current = alertsPage(page, context);
  } catch (error) {
    fill(page, problem(error));
  }
}

document.getElementById('login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const key = document.getElementById('key').value.trim();
  if (key) enter(key);
});
logout.addEventListener('click', () => showLogin());
window.addEventListener('hashchange', route);

if (session.key()) enter(session.key());
else showLogin();

// A tiny marker for tests and for people: the shell is running.
document.body.dataset.ready = 'true';
