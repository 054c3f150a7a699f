import {h, append, clear, field, table, values} from '../dom.js';
import * as api from '../api.js';
import {statusBadge, procedures} from './common.js';

export async function renderCases(main, m, ctx) {
  const q = ctx.query;
  const params = {q: q.get('q') || '', jurisdiction: q.get('jurisdiction') || '', tag: q.get('tag') || '', procedure: q.get('procedure') || ''};
  const jur = await api.get('/api/v1/jurisdictions').catch(() => ({items: []}));
  const form = h('form', {class: 'filters', role: 'search', id: 'case-search'},
    field({name: 'q', label: 'Search', type: 'search', value: params.q, hint: 'title, parties, docket, tags, summary'}),
    field({name: 'jurisdiction', label: 'Jurisdiction', type: 'select', value: params.jurisdiction,
      options: [['', 'all'], ...(jur.items || []).map((j) => [j.code, j.code])]}),
    field({name: 'tag', label: 'Tag', value: params.tag}),
    field({name: 'procedure', label: 'Procedure', type: 'select', value: params.procedure, options: [['', 'all'], ...procedures.map((p) => [p, p.replace(/_/g, ' ')])]}),
    h('button', {type: 'submit'}, 'Search'));
  form.addEventListener('submit', (ev) => { ev.preventDefault(); location.hash = `#/cases${api.qs(values(form))}`; });
  const list = h('div');
  const more = h('button', {type: 'button', hidden: true}, 'More cases');
  let cursor = null;
  const rows = [];
  const load = async () => {
    const page = await api.get(`/api/v1/cases${api.qs({...params, limit: 50, cursor})}`);
    rows.push(...(page.items || []));
    cursor = page.next_cursor;
    more.hidden = !cursor;
    append(clear(list), table([
      ['Case', (c) => h('a', {href: `#/cases/${encodeURIComponent(c.id)}`}, c.title)],
      ['Jurisdiction', (c) => c.jurisdiction || ''],
      ['Court or authority', (c) => c.body || ''],
      ['Tags', (c) => (c.tags || []).join(', ')],
      ['Status', (c) => statusBadge(c.status)],
    ], rows, {label: 'Cases', empty: 'no cases match'}));
  };
  more.addEventListener('click', load);
  append(main, h('div', {class: 'title-row'}, h('h1', null, 'Cases'),
    ctx.canWrite ? h('a', {class: 'button', href: '#/cases/new'}, 'New case') : null), form, list, more);
  await load();
}
