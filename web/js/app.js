// app.js: the shell. Signs in, keeps the session's CSRF token, draws the navigation and routes
// #/... to a page. Each page's render(main, params, ctx) fetches through api.js and draws with
// dom.js; when all its calls are answered and drawn, main gets data-state="loaded" (the browser
// tests and bench/bench_web.sh wait for it).
import {h, append, clear} from './dom.js';
import * as api from './api.js';
import {renderSignIn} from './pages/signin.js';

// Each page's module is loaded when the page is first shown (the dashboard does not fetch the
// admin pages' code).
const modules = new Map();
const load = (file) => {
  if (!modules.has(file)) modules.set(file, import(`./pages/${file}.js`));
  return modules.get(file);
};
const lazy = (file, name) => async (...args) => (await load(file))[name](...args);
const renderDashboard = lazy('dashboard', 'renderDashboard');
const renderCases = lazy('cases', 'renderCases');
const renderCase = lazy('case', 'renderCase');
const renderCaseForm = lazy('forms', 'renderCaseForm');
const renderEventForm = lazy('forms', 'renderEventForm');
const renderPublish = lazy('publish', 'renderPublish');
const renderReports = lazy('reports', 'renderReports');
const renderImport = lazy('import', 'renderImport');
const renderAdmin = lazy('admin', 'renderAdmin');
const renderAlerts = lazy('alerts', 'renderAlerts');

const ctx = {me: null, canWrite: false, isAdmin: false};

const routes = [
  [/^\/$/, renderDashboard, 'Dashboard', 'dashboard'],
  [/^\/cases$/, renderCases, 'Cases', 'cases'],
  [/^\/cases\/new$/, (m, p, c) => renderCaseForm(m, {}, c), 'New case', 'forms'],
  [/^\/cases\/([^/]+)$/, (m, p, c) => renderCase(m, {id: p[1]}, c), 'Case', 'case'],
  [/^\/cases\/([^/]+)\/edit$/, (m, p, c) => renderCaseForm(m, {id: p[1]}, c), 'Edit case', 'forms'],
  [/^\/cases\/([^/]+)\/events\/new$/, (m, p, c) => renderEventForm(m, {caseId: p[1]}, c), 'New event', 'forms'],
  [/^\/events\/([^/]+)\/edit$/, (m, p, c) => renderEventForm(m, {id: p[1]}, c), 'Edit event', 'forms'],
  [/^\/cases\/([^/]+)\/publish$/, (m, p, c) => renderPublish(m, {id: p[1]}, c), 'Publish', 'publish'],
  [/^\/reports$/, renderReports, 'Reports', 'reports'],
  [/^\/import$/, renderImport, 'Import', 'import'],
  [/^\/alerts$/, renderAlerts, 'Alerts', 'alerts'],
  [/^\/admin(?:\/(\w+))?$/, (m, p, c) => renderAdmin(m, {tab: p[1] || 'users'}, c), 'Admin', 'admin'],
];

function nav() {
  const links = [['#/', 'Dashboard'], ['#/cases', 'Cases'], ['#/reports', 'Reports']];
  if (ctx.canWrite) links.push(['#/import', 'Import'], ['#/alerts', 'Alerts']);
  if (ctx.isAdmin) links.push(['#/admin', 'Admin']);
  const here = location.hash || '#/';
  append(clear(document.getElementById('nav')), h('ul', null, links.map(([href, text]) =>
    h('li', null, h('a', {href, 'aria-current': (href === '#/' ? here === '#/' : here.startsWith(href)) ? 'page' : null}, text)))));
  const who = clear(document.getElementById('who'));
  if (ctx.me) {
    append(who, h('span', {class: 'me'}, `${ctx.me.login} (${ctx.me.role})`),
      h('button', {type: 'button', class: 'link', id: 'sign-out', onclick: signOut}, 'Sign out'));
  }
}

async function signOut() {
  try { await api.signOut(); } catch { /* the session is gone either way */ }
  ctx.me = null;
  api.setCsrf(null);
  location.hash = '#/';
  start();
}

function setSession(s) {
  ctx.me = s;
  ctx.canWrite = !!s && (s.role === 'editor' || s.role === 'admin');
  ctx.isAdmin = !!s && s.role === 'admin';
  api.setCsrf(s ? s.csrf : null);
}

export async function route() {
  const main = document.getElementById('main');
  const path = (location.hash || '#/').slice(1).split('?')[0] || '/';
  const query = new URLSearchParams((location.hash.split('?')[1]) || '');
  nav();
  main.dataset.state = 'loading';
  for (const [re, render, title] of routes) {
    const m = path.match(re);
    if (!m) continue;
    document.title = `${title} · tracker`;
    clear(main);
    main.dataset.page = title.toLowerCase().replace(/\s+/g, '-');
    try {
      await render(main, m, {...ctx, query});
      main.dataset.state = 'loaded';
    } catch (e) {
      showFailure(main, e);
    }
    return;
  }
  clear(main);
  append(main, h('h1', null, 'Not found'), h('p', null, 'There is no such page. ', h('a', {href: '#/'}, 'Dashboard')));
  main.dataset.state = 'loaded';
}

export function showFailure(main, e) {
  main.dataset.state = 'error';
  const p = e instanceof api.ApiError ? e.problem : {title: String(e && e.message || e)};
  append(main, h('div', {class: 'form-error', role: 'alert'},
    h('p', null, p.title || 'error'), p.detail ? h('p', null, p.detail) : null));
}

// The module of the page the URL asks for, fetched while the session is checked.
function preload() {
  const path = (location.hash || '#/').slice(1).split('?')[0] || '/';
  const r = routes.find(([re]) => re.test(path));
  if (r && r[3]) load(r[3]).catch(() => {});
}

async function start() {
  const main = document.getElementById('main');
  preload();
  let s = null;
  try { s = await api.session(); } catch { s = null; }
  setSession(s);
  if (!s) {
    nav();
    clear(main);
    main.dataset.page = 'sign-in';
    document.title = 'Sign in · tracker';
    renderSignIn(main, async (login, password) => {
      setSession(await api.signIn(login, password));
      route();
    });
    main.dataset.state = 'loaded';
    return;
  }
  route();
}

window.addEventListener('hashchange', () => { if (ctx.me) route(); });
window.addEventListener('tracker:signed-out', () => { if (ctx.me) { setSession(null); start(); } });
start();
