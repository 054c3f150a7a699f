// Forms: create and edit a case, add and edit an event. Validation errors come from the API
// (problem+json "errors" with JSON paths) and appear beside the fields in its words; the input
// stays. A 412 (someone changed the record meanwhile) shows both versions side by side and keeps
// what the user typed: they may save theirs over it or take the current one.
import {h, append, clear, field, formError, showErrors, clearErrors, values} from '../dom.js';
import * as api from '../api.js';
import {procedures, eventTypes, outcomes, serviceMethods, caseStatuses} from './common.js';

const opts = (list, blank) => [...(blank !== undefined ? [['', blank]] : []), ...list.map((v) => [v, v.replace(/_/g, ' ')])];
const shown = (v) => (v === null || v === undefined || v === '' ? '—' : Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v));

// Merge patch of what changed between the loaded record and the form.
function diff(orig, now) {
  const p = {};
  for (const [k, v] of Object.entries(now)) {
    const o = orig[k] === undefined ? null : orig[k];
    if (JSON.stringify(o) !== JSON.stringify(v)) p[k] = v;
  }
  return p;
}

function conflictPanel(form, mine, theirs, onOverwrite, onTake) {
  const keys = Object.keys(mine);
  const panel = h('section', {class: 'conflict', role: 'alert', tabindex: '-1', 'aria-labelledby': 'h-conflict'},
    h('h2', {id: 'h-conflict'}, 'Someone else changed this record meanwhile'),
    h('p', null, 'Nothing was saved and nothing you typed is lost. Compare the two versions, then keep yours or take theirs.'),
    h('div', {class: 'table-wrap'}, h('table', null,
      h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'Field'), h('th', {scope: 'col'}, 'Yours (not saved)'), h('th', {scope: 'col'}, 'Current (saved)'))),
      h('tbody', null, keys.map((k) => h('tr', {class: JSON.stringify(mine[k]) !== JSON.stringify(theirs[k] ?? null) ? 'differs' : null},
        h('th', {scope: 'row'}, k), h('td', {class: 'mine'}, shown(mine[k])), h('td', {class: 'theirs'}, shown(theirs[k]))))))),
    h('div', {class: 'actions'},
      h('button', {type: 'button', id: 'keep-mine', onclick: onOverwrite}, 'Save mine over it'),
      h('button', {type: 'button', id: 'take-theirs', onclick: onTake}, 'Discard mine, take the current version')));
  const old = form.parentNode.querySelector('.conflict');
  if (old) old.remove();
  form.before(panel);
  panel.focus();
  return panel;
}

// Save: POST (create) or PATCH with If-Match; 412 -> conflict panel.
async function save(form, {createPath, path, orig, etag, body, done}) {
  clearErrors(form);
  try {
    if (!path) {
      const r = await api.request('POST', createPath, {body});
      return done(r.data);
    }
    const patchBody = diff(orig, body);
    if (!Object.keys(patchBody).length) return done(orig);
    const r = await api.patch(path, patchBody, etag.value);
    return done(r.data);
  } catch (e) {
    if (e.status === 412) {
      const cur = await api.getWithEtag(path);
      const panel = conflictPanel(form, body, cur.data, async () => {
        etag.value = cur.etag;
        Object.assign(orig, cur.data);
        panel.remove();
        await save(form, {createPath, path, orig, etag, body: currentBody(), done});
      }, () => { location.reload(); });
      return null;
    }
    showErrors(form, e.problem);
    return null;
  }
  function currentBody() { return form.__body(); }
}

export async function renderCaseForm(main, {id}, ctx) {
  if (!ctx.canWrite) {
    append(main, h('h1', null, 'Not allowed'), h('p', null, 'Your role can read but not change cases.'));
    return;
  }
  let orig = {};
  const etag = {value: null};
  if (id) {
    const r = await api.getWithEtag(`/api/v1/cases/${encodeURIComponent(id)}`);
    orig = r.data;
    etag.value = r.etag;
  }
  const jur = await api.get('/api/v1/jurisdictions').catch(() => ({items: []}));
  const form = h('form', {class: 'card', id: 'case-form', novalidate: true},
    h('h1', null, id ? `Edit case: ${orig.title}` : 'New case'),
    formError(),
    field({name: 'title', label: 'Title', required: true, value: orig.title}),
    h('div', {class: 'row'},
      field({name: 'jurisdiction', label: 'Jurisdiction', type: 'select', value: orig.jurisdiction || '',
        options: [['', 'choose…'], ...(jur.items || []).map((j) => [j.code, `${j.code} ${j.name || ''}`.trim()])]}),
      field({name: 'procedure', label: 'Procedure', type: 'select', value: orig.procedure || '', options: opts(procedures, 'not given')}),
      field({name: 'status', label: 'Status', type: 'select', value: orig.status || 'open', options: opts(caseStatuses)})),
    h('div', {class: 'row'},
      field({name: 'body', label: 'Court or authority', value: orig.body}),
      field({name: 'docket', label: 'Docket', value: orig.docket}),
      field({name: 'external_id', label: 'External id', value: orig.external_id, hint: 'optional stable identifier, e.g. telegram-fsb-keys-2017'})),
    field({name: 'tags', label: 'Tags', value: (orig.tags || []).join(' '), hint: 'separated by spaces or commas'}),
    field({name: 'summary', label: 'Summary', type: 'textarea', rows: 5, value: orig.summary}),
    h('div', {class: 'actions'}, h('button', {type: 'submit'}, id ? 'Save' : 'Create case'),
      h('a', {class: 'button secondary', href: id ? `#/cases/${encodeURIComponent(id)}` : '#/cases'}, 'Cancel')));
  form.__body = () => {
    const v = values(form);
    const b = {title: v.title, jurisdiction: v.jurisdiction || null, procedure: v.procedure || null, status: v.status || null,
      body: v.body || null, docket: v.docket || null, external_id: v.external_id || null,
      tags: v.tags.split(/[\s,]+/).filter(Boolean), summary: v.summary || null};
    if (!id) for (const k of Object.keys(b)) if (b[k] === null || (Array.isArray(b[k]) && !b[k].length)) delete b[k];
    return b;
  };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    await save(form, {createPath: '/api/v1/cases', path: id ? `/api/v1/cases/${encodeURIComponent(id)}` : null, orig, etag,
      body: form.__body(), done: (c) => { location.hash = `#/cases/${encodeURIComponent(c.id)}`; }});
  });
  append(main, form);
}

function eventBody(v) {
  const b = {
    type: v.type, date: v.date, date_precision: v.date_precision || null, title: v.title || null,
    description: v.description || null, received_on: v.received_on || null, service_method: v.service_method || null,
    outcome: v.outcome || null, body: v.body || null, party: v.party || null, external_id: v.external_id || null,
    sources: v.sources.split(/\s+/).filter(Boolean).map((url) => ({url})),
  };
  if (v['fine.amount'] || v['fine.currency']) {
    b.fine = {amount: v['fine.amount'], currency: v['fine.currency'], paid: !!v['fine.paid'],
      equivalents: v['fine.equivalents'].split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
        const [amount, currency, as_of] = l.split(/[\s:]+/);
        return {amount, currency, as_of: as_of || null};
      })};
  }
  if (v['appeal.count']) b.appeal = {count: Number(v['appeal.count']), unit: v['appeal.unit']};
  const dl = v.deadlines.split('\n').map((l) => l.trim()).filter(Boolean);
  if (dl.length) b.deadlines = dl.map((spec) => ({spec}));
  return b;
}

export async function renderEventForm(main, {caseId, id}, ctx) {
  if (!ctx.canWrite) {
    append(main, h('h1', null, 'Not allowed'), h('p', null, 'Your role can read but not change events.'));
    return;
  }
  let orig = {};
  const etag = {value: null};
  if (id) {
    const r = await api.getWithEtag(`/api/v1/events/${encodeURIComponent(id)}`);
    orig = r.data;
    etag.value = r.etag;
    caseId = orig.case_id;
  }
  const fine = orig.fine || {};
  const form = h('form', {class: 'card', id: 'event-form', novalidate: true},
    h('h1', null, id ? 'Edit event' : 'Add an event'),
    formError(),
    h('div', {class: 'row'},
      field({name: 'type', label: 'Type', type: 'select', required: true, value: orig.type || 'ruling', options: opts(eventTypes)}),
      field({name: 'date', label: 'Date', required: true, value: orig.date, hint: 'YYYY-MM-DD, or YYYY-MM / YYYY when only that is known', attrs: {inputmode: 'numeric', placeholder: 'YYYY-MM-DD'}}),
      field({name: 'date_precision', label: 'Date precision', type: 'select', value: orig.date_precision || '', options: [['', 'from the date'], ['day', 'day'], ['month', 'month'], ['year', 'year']]})),
    field({name: 'title', label: 'Title', value: orig.title, hint: 'what happened (default: the type)'}),
    field({name: 'description', label: 'Description', type: 'textarea', value: orig.description}),
    h('div', {class: 'row'},
      field({name: 'body', label: 'Court or authority', value: orig.body}),
      field({name: 'party', label: 'Party', value: orig.party})),
    h('div', {class: 'row'},
      field({name: 'received_on', label: 'Received or served on', type: 'date', value: orig.received_on}),
      field({name: 'service_method', label: 'Service method', type: 'select', value: orig.service_method || '', options: opts(serviceMethods, 'not given')}),
      field({name: 'outcome', label: 'Outcome', type: 'select', value: orig.outcome || '', options: opts(outcomes, 'none')})),
    h('fieldset', null, h('legend', null, 'Fine'),
      h('div', {class: 'row'},
        field({name: 'fine.amount', label: 'Amount', value: fine.amount, hint: 'exact, e.g. 800000 or 1234.50', attrs: {inputmode: 'decimal'}}),
        field({name: 'fine.currency', label: 'Currency', value: fine.currency, hint: 'ISO 4217, e.g. RUB', attrs: {maxlength: 3, autocapitalize: 'characters'}}),
        field({name: 'fine.paid', label: 'Already paid', type: 'checkbox', value: fine.paid})),
      field({name: 'fine.equivalents', label: 'Equivalents as reported', type: 'textarea', rows: 2,
        value: (fine.equivalents || []).map((q) => `${q.amount} ${q.currency}${q.as_of ? ` ${q.as_of}` : ''}`).join('\n'),
        hint: 'one a line: AMOUNT CURRENCY [DATE], e.g. 12000 EUR 2017-10-16'})),
    h('fieldset', null, h('legend', null, 'Appeal or grace period'),
      h('div', {class: 'row'},
        field({name: 'appeal.count', label: 'Appeal period', type: 'number', value: orig.appeal ? orig.appeal.count : '', attrs: {min: 1, max: 3650}}),
        field({name: 'appeal.unit', label: 'Counted in', type: 'select', value: orig.appeal ? orig.appeal.unit : 'days',
          options: [['days', 'calendar days (rolls to a working day)'], ['sutki', 'sutki (never rolls)'], ['working_days', 'working days']]})),
      field({name: 'deadlines', label: 'Other deadlines', type: 'textarea', rows: 2, value: (orig.deadlines_spec || []).join('\n'),
        hint: 'one a line, KIND:SPEC[:ROLL]: grace:15d, response:30wd, response:2017-09-14'})),
    field({name: 'sources', label: 'Sources', type: 'textarea', rows: 2,
      value: (orig.source_urls || (orig.sources || []).map((s) => (typeof s === 'object' ? s.url : '')).filter(Boolean)).join('\n'),
      hint: 'URLs of articles or documents, one a line'}),
    field({name: 'external_id', label: 'External id', value: orig.external_id}),
    h('div', {class: 'actions'}, h('button', {type: 'submit'}, id ? 'Save event' : 'Add event'),
      h('a', {class: 'button secondary', href: `#/cases/${encodeURIComponent(caseId)}`}, 'Cancel')));
  form.__body = () => eventBody(values(form));
  const origBody = id ? eventBody(values(form)) : {};
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    await save(form, {createPath: `/api/v1/cases/${encodeURIComponent(caseId)}/events`, path: id ? `/api/v1/events/${encodeURIComponent(id)}` : null,
      orig: id ? origBody : {}, etag, body: form.__body(),
      done: () => { location.hash = `#/cases/${encodeURIComponent(caseId)}`; }});
  });
  append(main, form);
  void clear;
}
