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

const strip = (b) => { for (const k of Object.keys(b)) if (b[k] === null || (Array.isArray(b[k]) && !b[k].length)) delete b[k]; return b; };

export async function renderCaseForm(main, {id}, ctx) {
  if (!ctx.canWrite) {
    append(main, h('h1', null, 'Not allowed'), h('p', null, 'Your role can read but not change cases.'));
    return;
  }
  let orig = {};
  const etag = {value: null};
  const [cur, jur, bodies] = await Promise.all([
    id ? api.getWithEtag(`/api/v1/cases/${encodeURIComponent(id)}`) : null,
    api.get('/api/v1/jurisdictions').catch(() => ({items: []})),
    api.all('/api/v1/bodies', 2000).catch(() => []),
  ]);
  if (cur) { orig = cur.data; etag.value = cur.etag; }
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
      field({name: 'body', label: 'Court or authority', type: 'select', value: orig.body || '',
        options: [['', 'none'], ...bodies.map((b) => [b.id, `${b.name}${b.jurisdiction ? ` (${b.jurisdiction})` : ''}`])]}),
      field({name: 'docket', label: 'Docket', value: orig.docket}),
      id ? null : field({name: 'id', label: 'Id', hint: 'optional stable identifier, e.g. telegram-fsb-keys-2017'})),
    field({name: 'tags', label: 'Tags', value: (orig.tags || []).join(' '), hint: 'separated by spaces or commas'}),
    field({name: 'summary', label: 'Summary', type: 'textarea', rows: 5, value: orig.summary}),
    h('div', {class: 'actions'}, h('button', {type: 'submit'}, id ? 'Save' : 'Create case'),
      h('a', {class: 'button secondary', href: id ? `#/cases/${encodeURIComponent(id)}` : '#/cases'}, 'Cancel')));
  form.__body = () => {
    const v = values(form);
    const b = {title: v.title, jurisdiction: v.jurisdiction || null, procedure: v.procedure || null, status: v.status || null,
      body: v.body || null, docket: v.docket || null, tags: v.tags.split(/[\s,]+/).filter(Boolean), summary: v.summary || null};
    if (!id) { b.id = v.id || null; strip(b); }
    return b;
  };
  const origBody = id ? form.__body() : {};
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    await save(form, {createPath: '/api/v1/cases', path: id ? `/api/v1/cases/${encodeURIComponent(id)}` : null, orig: origBody, etag,
      body: form.__body(), done: (c) => { location.hash = `#/cases/${encodeURIComponent(c.db_id ?? c.id)}`; }});
  });
  append(main, form);
}

const units = [['calendar_days', 'calendar days'], ['working_days', 'working days'], ['sutki', 'sutki (never roll)'], ['months', 'months'], ['years', 'years']];

function deadlineLine(d) {
  if (d.due_on) return `${d.kind} ${d.due_on}`;
  const p = d.period || {};
  return `${d.kind} ${p.count} ${p.unit}${p.roll ? ` ${p.roll}` : ''}`;
}

function parseDeadlines(text) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
    const [kind, a, unit, roll] = l.split(/\s+/);
    if (/^\d{4}-\d{2}-\d{2}$/.test(a || '')) return {kind, due_on: a};
    const period = {count: Number(a), unit};
    if (roll) period.roll = roll;
    return {kind, period};
  });
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
    caseId = orig.case_db_id ?? orig.case;
  }
  const [exp, bodies] = await Promise.all([
    api.get(`/api/v1/export?case=${encodeURIComponent(caseId)}`),
    api.all('/api/v1/bodies', 2000).catch(() => []),
  ]);
  const sourceById = new Map((exp.sources || []).map((s) => [s.id, s]));
  const fine = orig.fine || {};
  const explicit = orig.deadlines || [];
  const appeal = explicit.find((d) => d.kind === 'appeal' && d.period);
  const others = explicit.filter((d) => d !== appeal);
  const form = h('form', {class: 'card', id: 'event-form', novalidate: true},
    h('h1', null, id ? 'Edit event' : 'Add an event'),
    formError(),
    h('div', {class: 'row'},
      field({name: 'type', label: 'Type', type: 'select', required: true, value: orig.type || 'ruling', options: opts(eventTypes)}),
      field({name: 'date', label: 'Date', required: true, value: orig.date, hint: 'YYYY-MM-DD; the first of the month or year when only that is known', attrs: {inputmode: 'numeric', placeholder: 'YYYY-MM-DD'}}),
      field({name: 'date_precision', label: 'Date precision', type: 'select', value: orig.date_precision || 'day', options: [['day', 'day'], ['month', 'month'], ['year', 'year']]})),
    field({name: 'title', label: 'Title', required: true, value: orig.title, hint: 'what happened'}),
    field({name: 'description', label: 'Description', type: 'textarea', value: orig.description}),
    h('div', {class: 'row'},
      field({name: 'body', label: 'Court or authority', type: 'select', value: orig.body || '',
        options: [['', 'none'], ...bodies.map((b) => [b.id, b.name])]}),
      field({name: 'party', label: 'Party', type: 'select', value: orig.party || '',
        options: [['', 'none'], ...(exp.parties || []).map((p) => [p.id, p.name])]})),
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
        value: (fine.equivalents || []).map((q) => `${q.amount} ${q.currency}${q.as_of ? ` ${q.as_of}` : ''}${q.note ? ` ${q.note}` : ''}`).join('\n'),
        hint: 'one a line: AMOUNT CURRENCY [DATE] [note], e.g. 12000 EUR 2017-10-16 as reported by AFP'})),
    h('fieldset', null, h('legend', null, 'Appeal or grace period'),
      h('div', {class: 'row'},
        field({name: 'appeal.count', label: 'Appeal period', type: 'number', value: appeal ? appeal.period.count : '', attrs: {min: 1, max: 10000}}),
        field({name: 'appeal.unit', label: 'Counted in', type: 'select', value: appeal ? appeal.period.unit : 'calendar_days', options: units})),
      field({name: 'deadlines', label: 'Other deadlines', type: 'textarea', rows: 2, value: others.map(deadlineLine).join('\n'),
        hint: 'one a line: KIND COUNT UNIT [ROLL] or KIND DATE, e.g. grace 15 calendar_days, response 2017-09-14'})),
    field({name: 'sources', label: 'Sources', type: 'textarea', rows: 2,
      value: (orig.sources || []).map((sid) => (sourceById.get(sid) || {}).url || sid).join('\n'),
      hint: 'URLs of articles or documents, one a line'}),
    h('div', {class: 'actions'}, h('button', {type: 'submit'}, id ? 'Save event' : 'Add event'),
      h('a', {class: 'button secondary', href: `#/cases/${encodeURIComponent(caseId)}`}, 'Cancel')));
  const sourceByUrl = new Map((exp.sources || []).map((s) => [s.url, s.id]));
  let appealIndex = -1;
  // The body as the API takes it: an event record of the interchange format.
  const build = (v, sourceIds) => {
    const b = {type: v.type, date: v.date, date_precision: v.date_precision || null, title: v.title || null,
      description: v.description || null, received_on: v.received_on || null, service_method: v.service_method || null,
      outcome: v.outcome || null, body: v.body || null, party: v.party || null, sources: sourceIds, fine: null, deadlines: []};
    if (v['fine.amount'] || v['fine.currency']) {
      b.fine = {amount: v['fine.amount'], currency: v['fine.currency'].toUpperCase(), paid: !!v['fine.paid'],
        equivalents: v['fine.equivalents'].split('\n').map((l) => l.trim()).filter(Boolean).map((l) => {
          const [amount, currency, ...rest] = l.split(/\s+/);
          const q = {amount, currency: (currency || '').toUpperCase()};
          if (/^\d{4}-\d{2}-\d{2}$/.test(rest[0] || '')) q.as_of = rest.shift();
          if (rest.length) q.note = rest.join(' ');
          return q;
        })};
    }
    appealIndex = -1;
    if (v['appeal.count']) {
      appealIndex = 0;
      b.deadlines.push({kind: 'appeal', period: {count: Number(v['appeal.count']), unit: v['appeal.unit']}});
    }
    b.deadlines.push(...parseDeadlines(v.deadlines));
    return b;
  };
  const urls = (v) => v.sources.split(/\s+/).filter(Boolean);
  form.__body = () => { const v = values(form); return build(v, urls(v).map((u) => sourceByUrl.get(u) || u)); };
  form.__alias = (name) => {
    const m = name.match(/^deadlines\.(\d+)\.(.*)$/);
    if (m && Number(m[1]) === appealIndex) return /unit/.test(m[2]) ? 'appeal.unit' : 'appeal.count';
    if (m) return 'deadlines';
    if (/^sources\./.test(name)) return 'sources';
    return name;
  };
  const origBody = id ? form.__body() : {};
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const v = values(form);
    // Sources are records of their own: a URL not yet known becomes one first.
    const ids = [];
    for (const u of urls(v)) {
      if (sourceByUrl.has(u)) { ids.push(sourceByUrl.get(u)); continue; }
      try {
        const s = await api.post('/api/v1/sources', {url: u});
        sourceByUrl.set(u, s.id);
        ids.push(s.id);
      } catch (e) {
        // A URL some other case's source has: use that source (the API names it).
        const used = ((e.problem && e.problem.errors) || []).map((x) => String(x.message).match(/already used by source "(.+)"$/)).find(Boolean);
        if (used) { sourceByUrl.set(u, used[1]); ids.push(used[1]); continue; }
        showErrors(form, {...e.problem, errors: (e.problem.errors || []).map((x) => ({...x, path: '$.sources'}))});
        return;
      }
    }
    const body = build(v, ids);
    form.__body = () => build(values(form), urls(values(form)).map((u) => sourceByUrl.get(u) || u));
    if (!id) {
      for (const k of Object.keys(body)) if (body[k] === null || (Array.isArray(body[k]) && !body[k].length)) delete body[k];
    }
    await save(form, {createPath: `/api/v1/cases/${encodeURIComponent(caseId)}/events`, path: id ? `/api/v1/events/${encodeURIComponent(id)}` : null,
      orig: origBody, etag, body, done: () => { location.hash = `#/cases/${encodeURIComponent(caseId)}`; }});
  });
  append(main, form);
}
