// Reports: each report (GET /api/v1/reports) with a form of its parameters; its sections as
// tables; the same as CSV (Accept: text/csv) or JSON, downloaded.
import {h, append, clear, field, formError, showErrors, table, values, download} from '../dom.js';
import * as api from '../api.js';

const cell = (v) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function sectionTable(name, rows) {
  const cols = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  return h('section', {class: 'report-section'}, h('h3', null, name.replace(/_/g, ' ')),
    table(cols.map((k) => [k.replace(/_/g, ' '), (r) => cell(r[k])]), rows, {label: name, empty: 'no rows'}));
}

export async function renderReports(main, m, ctx) {
  const list = await api.get('/api/v1/reports');
  const reports = list.items || list;
  const chosen = ctx.query.get('name') || (reports[0] && reports[0].name);
  const rep = reports.find((r) => r.name === chosen) || reports[0];
  const out = h('div', {id: 'report-out'});
  const picker = h('nav', {class: 'tabs', 'aria-label': 'Reports'}, h('ul', null, reports.map((r) =>
    h('li', null, h('a', {href: `#/reports?name=${encodeURIComponent(r.name)}`, 'aria-current': r.name === rep.name ? 'page' : null}, r.name)))));
  append(main, h('h1', null, 'Reports'), picker);
  if (!rep) return;
  const form = h('form', {class: 'filters', id: 'report-form', novalidate: true}, formError(),
    (rep.parameters || rep.params || []).map((p) => field({name: p.name, label: p.name.replace(/_/g, ' '), required: p.required,
      type: p.type === 'date' ? 'date' : 'text', value: ctx.query.get(p.name) || (p.default ?? ''), hint: p.help})),
    h('button', {type: 'submit'}, 'Run'));
  const path = () => `/api/v1/reports/${encodeURIComponent(rep.name)}${api.qs(values(form))}`;
  const dl = h('p', {class: 'actions'},
    h('button', {type: 'button', id: 'report-csv', onclick: async () => {
      try {
        const r = await api.request('GET', path(), {accept: 'text/csv', raw: true});
        download(`${rep.name}.csv`, r.text, 'text/csv');
      } catch (e) { showErrors(form, e.problem); }
    }}, 'Download CSV'),
    h('button', {type: 'button', id: 'report-json', onclick: async () => {
      try {
        const r = await api.request('GET', path(), {raw: true});
        download(`${rep.name}.json`, r.text, 'application/json');
      } catch (e) { showErrors(form, e.problem); }
    }}, 'Download JSON'));
  const run = async () => {
    clear(out);
    try {
      const r = await api.get(path());
      const sections = r.sections || {};
      append(out, Object.entries(sections).map(([name, rows]) =>
        sectionTable(name, Array.isArray(rows) ? rows : [rows])));
    } catch (e) { showErrors(form, e.problem); }
  };
  form.addEventListener('submit', (ev) => { ev.preventDefault(); run(); });
  append(main, h('p', null, rep.description), form, dl, out);
  if (!(rep.parameters || rep.params || []).some((p) => p.required && !ctx.query.get(p.name))) await run();
}
