// app.js: the shell. Signs in, keeps the session's CSRF token, draws the navigation and routes
// #/... to a page. Each page's render(main, params, ctx) fetches through api.js and draws with
// dom.js; when all its calls are answered and drawn, main gets data-state="loaded" (the browser
// tests and bench/bench_web.sh wait for it).
import {h, append, clear} from './dom.js';
import * as api from './api.js';
import {renderSignIn} from './pages/signin.js';
import {renderDashboard} from './pages/dashboard.js';
import {renderCases} from './pages/cases.js';
import {renderCase} from './pages/case.js';
import {renderCaseForm, renderEventForm} from './pages/forms.js';
import {renderPublish} from './pages/publish.js';
import {renderReports} from './pages/reports.js';
import {renderImport} from './pages/import.js';
import {renderAdmin} from './pages/admin.js';

const ctx = {me: null, canWrite: false, isAdmin: false, paths: new Set()};
// What the API offers (its OpenAPI document): pages offer only what it can do.
ctx.has = (p) => ctx.paths.has(p);

const routes = [
  [/^\/$/, renderDashboard, 'Dashboard'],
  [/^\/cases$/, renderCases, 'Cases'],
  [/^\/cases\/new$/, (m, p, c) => renderCaseForm(m, {}, c), 'New case'],
  [/^\/cases\/([^/]+)$/, (m, p, c) => renderCase(m, {id: p[1]}, c), 'Case'],
  [/^\/cases\/([^/]+)\/edit$/, (m, p, c) => renderCaseForm(m, {id: p[1]}, c), 'Edit case'],
  [/^\/cases\/([^/]+)\/events\/new$/, (m, p, c) => renderEventForm(m, {caseId: p[1]}, c), 'New event'],
  [/^\/events\/([^/]+)\/edit$/, (m, p, c) => renderEventForm(m, {id: p[1]}, c), 'Edit event'],
  [/^\/cases\/([^/]+)\/publish$/, (m, p, c) => renderPublish(m, {id: p[1]}, c), 'Publish'],
  [/^\/reports$/, renderReports, 'Reports'],
  [/^\/import$/, renderImport, 'Import'],
  [/^\/admin(?:\/(\w+))?$/, (m, p, c) => renderAdmin(m, {tab: p[1] || 'users'}, c), 'Admin'],
];

function nav() {
  const links = [['#/', 'Dashboard'], ['#/cases', 'Cases'], ['#/reports', 'Reports']];
  if (ctx.canWrite) links.push(['#/import', 'Import']);
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
      await render(main, m, {...ctx, has: ctx.has, query});
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

async function start() {
  const main = document.getElementById('main');
  let s = null;
  const [sess, doc] = await Promise.allSettled([api.session(), ctx.paths.size ? null : api.get('/api/v1/openapi.json')]);
  s = sess.status === 'fulfilled' ? sess.value : null;
  if (doc.status === 'fulfilled' && doc.value) ctx.paths = new Set(Object.keys(doc.value.paths || {}));
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
