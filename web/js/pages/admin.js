// Admin: users (add, disable, role), API tokens (create: shown once; revoke), rules and
// calendars (read-only).
import {h, append, clear, field, formError, showErrors, table, values} from '../dom.js';
import * as api from '../api.js';

const tabs = [['users', 'Users'], ['tokens', 'API tokens'], ['rules', 'Rules'], ['calendars', 'Calendars']];

// PATCH needs the account's ETag (If-Match): api.changeCurrent reads it first.
const patchUser = (login, body) => api.changeCurrent('PATCH', `/api/v1/users/${encodeURIComponent(login)}`, body);

async function users(box) {
  const list = await api.get('/api/v1/users');
  const form = h('form', {class: 'inline-form', id: 'user-form', novalidate: true}, formError(),
    field({name: 'login', label: 'Login', required: true}),
    field({name: 'name', label: 'Full name'}),
    field({name: 'role', label: 'Role', type: 'select', value: 'viewer', options: [['viewer', 'viewer'], ['editor', 'editor'], ['admin', 'admin']]}),
    h('button', {type: 'submit'}, 'Add user'));
  const made = h('div', {'aria-live': 'polite'});
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const v = values(form);
      if (!v.name) delete v.name;
      const u = await api.post('/api/v1/users', v);
      append(clear(made), h('div', {class: 'secret', role: 'status'}, h('p', null, h('strong', null, `User ${u.login} added.`),
        u.password ? ' Their password (shown once): ' : ''), u.password ? h('code', {class: 'once'}, u.password) : null));
      await draw();
    } catch (e) { showErrors(form, e.problem); }
  });
  const tbl = h('div');
  const draw = async (items) => {
    const rows = items || (await api.get('/api/v1/users')).items || [];
    append(clear(tbl), table([
      ['Login', (u) => u.login], ['Name', (u) => u.name || ''],
      ['Role', (u) => {
        const sel = h('select', {'aria-label': `Role of ${u.login}`},
          ['viewer', 'editor', 'admin'].map((r) => h('option', {value: r, selected: u.role === r}, r)));
        sel.addEventListener('change', async () => { await patchUser(u.login, {role: sel.value}); });
        return sel;
      }],
      ['State', (u) => (u.disabled ? 'disabled' : 'active')],
      ['Tokens', (u) => String(u.active_tokens ?? '')],
      ['', (u) => h('button', {type: 'button', class: 'small', 'aria-label': `${u.disabled ? 'Enable' : 'Disable'} ${u.login}`, onclick: async () => {
        await patchUser(u.login, {disabled: !u.disabled});
        await draw();
      }}, u.disabled ? 'Enable' : 'Disable')],
    ], rows, {label: 'Users'}));
  };
  await draw(list.items || []);
  append(box, form, made, tbl);
}

async function tokens(box) {
  const form = h('form', {class: 'inline-form', id: 'token-form', novalidate: true}, formError(),
    field({name: 'user', label: 'User (login)', required: true}),
    field({name: 'name', label: 'Token name'}),
    field({name: 'scope', label: 'Scope', type: 'select', value: 'read', options: [['read', 'read'], ['write', 'write']]}),
    field({name: 'expires_on', label: 'Expires on', type: 'date'}),
    h('button', {type: 'submit'}, 'Create token'));
  const made = h('div', {'aria-live': 'polite'});
  const tbl = h('div');
  const draw = async () => {
    const rows = (await api.get('/api/v1/tokens')).items || [];
    append(clear(tbl), table([
      ['Id', (t) => String(t.id)], ['User', (t) => t.login || ''], ['Name', (t) => t.name || ''], ['Scope', (t) => t.scope],
      ['Expires', (t) => t.expires_on || 'never'], ['Last used', (t) => t.last_used_at || 'never'], ['State', (t) => t.state || ''],
      ['', (t) => (t.state && t.state !== 'active' ? '' : h('button', {type: 'button', class: 'small danger', 'aria-label': `Revoke token ${t.id}`, onclick: async () => {
        await api.del(`/api/v1/tokens/${encodeURIComponent(t.id)}`);
        await draw();
      }}, 'Revoke'))],
    ], rows, {label: 'API tokens'}));
  };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = values(form);
    if (!v.expires_on) delete v.expires_on;
    if (!v.name) delete v.name;
    try {
      const t = await api.post('/api/v1/tokens', v);
      append(clear(made), h('div', {class: 'secret', role: 'status'}, h('p', null, h('strong', null, 'Copy the token now: it is shown only once.')),
        h('code', {class: 'once'}, t.token || '')));
      await draw();
    } catch (e) { showErrors(form, e.problem); }
  });
  await draw();
  append(box, form, made, tbl);
}

async function rules(box) {
  const res = await api.get('/api/v1/rules');
  const list = res.items || res;
  append(box, table([
    ['Rule', (r) => r.name || r.id], ['Jurisdiction', (r) => r.jurisdiction || ''], ['Trigger', (r) => r.trigger_type || r.trigger || ''],
    ['Kind', (r) => r.kind || ''], ['Period', (r) => `${r.period_count ?? ''} ${String(r.period_unit || '').replace(/_/g, ' ')}`],
    ['Procedure', (r) => r.procedure || ''], ['Basis', (r) => r.basis || r.citation || ''],
  ], list, {label: 'Rules'}));
}

async function calendars(box, query) {
  const jur0 = ((await api.get('/api/v1/jurisdictions')).items || [])[0];
  if (jur0 && !(await api.optional(`/api/v1/calendars/${encodeURIComponent(jur0.code)}/${new Date().getUTCFullYear()}`))) {
    append(box, h('p', {class: 'note'}, 'This server\'s API does not serve calendars yet; ', h('code', null, 'tracker calendar show'), ' lists a year\'s days.'));
    return;
  }
  const jur = (await api.get('/api/v1/jurisdictions')).items || [];
  const form = h('form', {class: 'filters', id: 'cal-form'},
    field({name: 'j', label: 'Jurisdiction', type: 'select', value: query.get('j') || (jur[0] && jur[0].code), options: jur.map((j) => [j.code, j.code])}),
    field({name: 'year', label: 'Year', type: 'number', value: query.get('year') || String(new Date().getUTCFullYear())}),
    h('button', {type: 'submit'}, 'Show'));
  const out = h('div');
  const draw = async () => {
    const v = values(form);
    const cal = await api.get(`/api/v1/calendars/${encodeURIComponent(v.j)}/${encodeURIComponent(v.year)}`);
    // The days that are not plain weekends: holidays, transferred days off, working Saturdays,
    // shortened days, closures, with their effect per purpose.
    const days = (cal.days || []).filter((d) => d.kind !== 'weekend' && d.kind !== 'working');
    append(clear(out), h('p', null, `${cal.jurisdiction} ${cal.year}: ${cal.working_days} working days, ${cal.non_working_days} non-working days.`),
      table([
        ['Date', (d) => `${d.day} ${d.weekday || ''}`], ['Kind', (d) => String(d.kind || '').replace(/_/g, ' ')],
        ['Name', (d) => [d.name || '', d.name_local && d.name_local !== d.name ? ` (${d.name_local})` : ''].join('')],
        ['Working', (d) => (d.working ? 'yes' : 'no')],
        ['Court periods', (d) => String(d.procedural || '').replace(/_/g, ' ')], ['Employment', (d) => String(d.employment || '').replace(/_/g, ' ')],
        ['Source', (d) => d.source || d.procedural_source || ''],
      ], days, {label: 'Calendar days', empty: 'no special days'}));
  };
  form.addEventListener('submit', (ev) => { ev.preventDefault(); draw(); });
  append(box, form, out);
  if (jur.length) await draw();
}

export async function renderAdmin(main, {tab}, ctx) {
  if (!ctx.isAdmin) {
    append(main, h('h1', null, 'Not allowed'), h('p', null, 'Only admins manage users, tokens, rules and calendars.'));
    return;
  }
  const box = h('div', {id: `admin-${tab}`});
  append(main, h('h1', null, 'Admin'),
    h('nav', {class: 'tabs', 'aria-label': 'Admin'}, h('ul', null, tabs.map(([t, text]) =>
      h('li', null, h('a', {href: `#/admin/${t}`, 'aria-current': t === tab ? 'page' : null}, text))))), box);
  await ({users, tokens, rules, calendars}[tab] || users)(box, ctx.query, ctx);
}
