// The dashboard: what is due. Overdue and upcoming deadlines across all cases (7/30/90 days),
// filters, recently changed records and a month calendar.
import {h, append, clear, field, table, values} from '../dom.js';
import * as api from '../api.js';
import {statusBadge, kinds, procedures, today} from './common.js';

function deadlineTable(items, label) {
  return table([
    ['Due', (d) => h('span', null, h('span', {class: 'date'}, d.due_on),
      d.later_on ? h('span', {class: 'later'}, h('br'), `may be later: ${d.later_on}`) : null)],
    ['Deadline', (d) => h('span', null, d.title || d.kind, h('span', {class: 'sub'}, ` ${String(d.kind || '').replace(/_/g, ' ')}`))],
    ['Case', (d) => h('a', {href: `#/cases/${encodeURIComponent(d.case_id)}`}, d.case_title || `case ${d.case_id}`)],
    ['Rule', (d) => d.rule || d.basis || '—'],
    ['Status', (d) => statusBadge(d.status)],
  ], items, {label, empty: 'none'});
}

function monthCalendar(year, month, items, onMove) {
  const first = new Date(Date.UTC(year, month, 1));
  const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7; // Monday first
  const byDay = new Map();
  for (const d of items) {
    if (!d.due_on || !d.due_on.startsWith(`${year}-${String(month + 1).padStart(2, '0')}`)) continue;
    const k = Number(d.due_on.slice(8, 10));
    if (!byDay.has(k)) byDay.set(k, []);
    byDay.get(k).push(d);
  }
  const cells = [];
  for (let i = 0; i < lead; i++) cells.push(h('td', {class: 'pad'}));
  for (let day = 1; day <= days; day++) {
    const list = byDay.get(day) || [];
    cells.push(h('td', {class: list.length ? 'has' : null},
      h('span', {class: 'day'}, String(day)),
      list.length ? h('ul', null, list.map((d) => h('li', null,
        h('a', {href: `#/cases/${encodeURIComponent(d.case_id)}`, title: d.case_title || ''}, d.title || d.kind)))) : null));
  }
  while (cells.length % 7) cells.push(h('td', {class: 'pad'}));
  const rows = [];
  for (let i = 0; i < cells.length; i += 7) rows.push(h('tr', null, cells.slice(i, i + 7)));
  const name = first.toLocaleString('en', {month: 'long', year: 'numeric', timeZone: 'UTC'});
  return h('section', {class: 'calendar', 'aria-labelledby': 'cal-h'},
    h('div', {class: 'cal-head'},
      h('button', {type: 'button', onclick: () => onMove(-1), 'aria-label': 'Previous month'}, '‹'),
      h('h2', {id: 'cal-h'}, name),
      h('button', {type: 'button', onclick: () => onMove(1), 'aria-label': 'Next month'}, '›')),
    h('div', {class: 'table-wrap'}, h('table', {class: 'month'},
      h('caption', {class: 'sr-only'}, `Deadlines in ${name}`),
      h('thead', null, h('tr', null, ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((d) => h('th', {scope: 'col'}, d)))),
      h('tbody', null, rows))));
}

export async function renderDashboard(main, m, ctx) {
  const q = ctx.query;
  const filters = {jurisdiction: q.get('jurisdiction') || '', tag: q.get('tag') || '', procedure: q.get('procedure') || '',
    kind: q.get('kind') || '', days: q.get('days') || '30'};
  const f = {jurisdiction: filters.jurisdiction, tag: filters.tag, procedure: filters.procedure, kind: filters.kind};
  const now = new Date();
  let year = now.getUTCFullYear(), month = now.getUTCMonth();
  const monthItems = async () => {
    const first = `${year}-${String(month + 1).padStart(2, '0')}-01`;
    const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    try {
      return (await api.get(`/api/v1/deadlines${api.qs({...f, as_of: first, upcoming: days - 1, limit: 60})}`)).items || [];
    } catch { return []; }
  };
  // Two views: the lists (overdue, upcoming, recent changes) or the month calendar
  // (?view=month). Every call of the view at once.
  const month_view = q.get('view') === 'month';
  const none = {items: []};
  const [jurisdictions, overdue, upcoming, changes, firstMonth] = await Promise.all([
    api.get('/api/v1/jurisdictions').catch(() => none),
    month_view ? none : api.get(`/api/v1/deadlines${api.qs({...f, overdue: 'true', limit: 20})}`),
    month_view ? none : api.get(`/api/v1/deadlines${api.qs({...f, upcoming: filters.days, limit: 30})}`),
    month_view ? none : api.get('/api/v1/changes?limit=20').catch(() => none),
    month_view ? monthItems() : null,
  ]);
  const jlist = jurisdictions.items || jurisdictions || [];
  const form = h('form', {class: 'filters', id: 'dash-filters'},
    field({name: 'days', label: 'Upcoming', type: 'select', value: filters.days, options: [['7', 'next 7 days'], ['30', 'next 30 days'], ['90', 'next 90 days']]}),
    field({name: 'jurisdiction', label: 'Jurisdiction', type: 'select', value: filters.jurisdiction,
      options: [['', 'all'], ...jlist.map((j) => [j.code, `${j.code} ${j.name || ''}`.trim()])]}),
    field({name: 'tag', label: 'Tag', value: filters.tag}),
    field({name: 'procedure', label: 'Procedure', type: 'select', value: filters.procedure, options: [['', 'all'], ...procedures.map((p) => [p, p.replace(/_/g, ' ')])]}),
    field({name: 'kind', label: 'Kind', type: 'select', value: filters.kind, options: [['', 'all'], ...kinds.map((k) => [k, k.replace(/_/g, ' ')])]}),
    h('button', {type: 'submit'}, 'Filter'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = `#/${api.qs({...values(form), view: month_view ? 'month' : ''})}`;
  });
  const viewLink = (view, text) => h('li', null, h('a', {href: `#/${api.qs({...filters, view})}`, 'aria-current': (view === 'month') === month_view ? 'page' : null}, text));
  const views = h('nav', {class: 'tabs', 'aria-label': 'Views'}, h('ul', null, viewLink('', 'Lists'), viewLink('month', 'Month calendar')));
  const calBox = h('div');
  const drawCal = async (delta, given) => {
    if (delta) {
      month += delta;
      if (month < 0) { month = 11; year -= 1; }
      if (month > 11) { month = 0; year += 1; }
    }
    append(clear(calBox), monthCalendar(year, month, given || await monthItems(), drawCal));
  };
  if (month_view) {
    append(main, h('h1', null, 'What is due'), views, form, calBox);
    await drawCal(0, firstMonth);
    return;
  }
  append(main,
    h('h1', null, 'What is due'),
    views,
    form,
    h('section', {'aria-labelledby': 'h-overdue'}, h('h2', {id: 'h-overdue'}, `Overdue (${(overdue.items || []).length}${overdue.next_cursor ? '+, the earliest shown' : ''})`),
      deadlineTable(overdue.items || [], 'Overdue deadlines')),
    h('section', {'aria-labelledby': 'h-upcoming'}, h('h2', {id: 'h-upcoming'}, `Next ${filters.days} days (${(upcoming.items || []).length}${upcoming.next_cursor ? '+, the first shown' : ''})`),
      deadlineTable(upcoming.items || [], 'Upcoming deadlines')),
    h('section', {'aria-labelledby': 'h-changes'}, h('h2', {id: 'h-changes'}, 'Recently changed'),
      table([
        ['When', (c) => String(c.at || '').replace('T', ' ').replace('Z', ' UTC')],
        ['Who', (c) => c.account || c.actor || '—'],
        ['What', (c) => `${c.op ? c.op.toLowerCase() : ''} ${String(c.table_name || '').replace(/_/g, ' ')} ${c.row_id ?? ''}`],
        ['Record', (c) => c.title || ''],
      ], (changes.items || []).filter((c) => !['web_session', 'api_token', 'app_account'].includes(c.table_name)), {label: 'Recent changes', empty: 'no changes'})));
  void today;
}
