// The case page: header, parties, the timeline of events, deadlines with their step-by-step
// explanation, fines as people write them, sources and the history of changes.
import {h, append, clear, field, formError, showErrors, table, amountHuman} from '../dom.js';
import * as api from '../api.js';
import {statusBadge, dlList, today} from './common.js';

const show = (v) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function precisionDate(e) {
  if (!e.date) return '';
  if (e.date_precision === 'year') return e.date.slice(0, 4);
  if (e.date_precision === 'month') return e.date.slice(0, 7);
  return e.date;
}

export function historyTable(changes) {
  return table([
    ['When', (c) => String(c.at || '').replace('T', ' ').replace('Z', ' UTC')],
    ['Who', (c) => c.account || c.actor || '—'],
    ['What', (c) => `${String(c.op || '').toLowerCase()} ${String(c.table_name || '').replace(/_/g, ' ')} ${c.row_id ?? ''}`],
    ['Changes', (c) => h('ul', {class: 'changes'}, (c.changes || []).map((x) =>
      h('li', null, h('span', {class: 'fieldname'}, x.field), ': ', h('del', null, show(x.old)), ' → ', h('ins', null, show(x.new)))))],
    ['Cause', (c) => c.cause || ''],
  ], changes, {label: 'History', empty: 'no changes recorded'});
}

async function explanation(box, d) {
  const full = await api.get(`/api/v1/deadlines/${encodeURIComponent(d.id)}`);
  const ex = full.explanation || {};
  append(clear(box),
    h('ol', {class: 'steps'}, (ex.lines || ex.steps || []).map((l) => h('li', null, l))),
    full.override_due ? h('p', {class: 'override'}, `Set by hand to ${full.override_due}: ${full.override_reason || ''}${full.override_by ? ` (${full.override_by})` : ''}`) : null,
    full.later_on ? h('p', {class: 'later'}, `May be later: ${full.later_on}. ${full.later_reason || ''}`) : null);
  return full;
}

function overrideForm(d, onDone) {
  const form = h('form', {class: 'inline-form', novalidate: true},
    formError(),
    field({name: 'date', label: 'New due date', type: 'date', required: true, value: d.due_on}),
    field({name: 'reason', label: 'Reason', required: true}),
    h('button', {type: 'submit'}, 'Override'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api.post(`/api/v1/deadlines/${encodeURIComponent(d.id)}/override`, {date: form.elements.date.value, reason: form.elements.reason.value});
      onDone();
    } catch (e) { showErrors(form, e.problem); }
  });
  return form;
}

function finePaidForm(f, onDone) {
  const form = h('form', {class: 'inline-form', novalidate: true},
    formError(),
    field({name: 'paid_on', label: 'Paid on', type: 'date', value: today(), required: true}),
    h('button', {type: 'submit'}, 'Mark paid'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api.changeCurrent('PATCH', `/api/v1/fines/${encodeURIComponent(f.id)}`, {paid: true, paid_on: form.elements.paid_on.value});
      onDone();
    } catch (e) { showErrors(form, e.problem); }
  });
  return form;
}

async function deleteEventPanel(e, onDone) {
  const path = `/api/v1/events/${encodeURIComponent(e.id)}`;
  const cur = await api.getWithEtag(path);
  const deps = cur.data.produced_deadlines || [];
  const fines = cur.data.fine ? [cur.data.fine] : [];
  const panel = h('div', {class: 'confirm', role: 'group', 'aria-label': 'Delete event'},
    h('p', null, `Delete event “${e.title || e.type}” of ${e.date}?`),
    deps.length || fines.length ? h('div', null, h('p', null, 'These depend on it and go with it:'),
      h('ul', {class: 'deps'},
        deps.map((d) => h('li', null, `deadline ${d.id}: ${d.title || d.kind} due ${d.due_on}`)),
        fines.map((f) => h('li', null, `its fine of ${amountHuman(f.amount, f.currency)}`)))) : h('p', null, 'Nothing depends on it.'),
    formError());
  const go = h('button', {type: 'button', class: 'danger'}, 'Delete');
  const cancel = h('button', {type: 'button'}, 'Cancel');
  go.addEventListener('click', async () => {
    try {
      await api.request('DELETE', `${path}${deps.length || fines.length ? '?cascade=true' : ''}`, {etag: cur.etag});
      onDone();
    } catch (err) { showErrors(panel, err.problem); }
  });
  cancel.addEventListener('click', () => panel.remove());
  append(panel, h('div', {class: 'actions'}, go, cancel));
  return panel;
}

// The case's records: the case (interchange record), its events with the names of their parties,
// bodies and sources (the export of the case), its deadlines and fines (the CLI's rows): all
// through /api/v1, in parallel. The history (the audit trail: long) is read when opened.
export async function loadCase(id) {
  const cid = encodeURIComponent(id);
  const [cr, deadlines, fines, exp] = await Promise.all([
    api.getWithEtag(`/api/v1/cases/${cid}`),
    api.all(`/api/v1/deadlines?case=${cid}`, 5000),
    api.all(`/api/v1/fines?case=${cid}`, 5000),
    api.get(`/api/v1/export?case=${cid}`),
  ]);
  const byId = (list) => new Map((list || []).map((x) => [x.id, x]));
  const events = ((exp.cases || [])[0] || {}).events || [];
  return {c: cr.data, etag: cr.etag, events, deadlines, fines, parties: byId(exp.parties), bodies: byId(exp.bodies),
    sources: byId(exp.sources), sourceList: exp.sources || []};
}

export async function renderCase(main, {id}, ctx) {
  const data = await loadCase(id);
  const {c, events: evs, deadlines: dls, fines: fns, parties: partyById, bodies: bodyById, sources: sourcesById} = data;
  c.events = evs;
  c.deadlines = dls;
  c.fines = fns;
  const reload = () => { main.dataset.state = 'loading'; clear(main); renderCase(main, {id}, ctx).then(() => { main.dataset.state = 'loaded'; }); };
  const cid = encodeURIComponent(c.db_id ?? c.id);
  const canWrite = ctx.canWrite;
  const nameOf = (map, ref) => (ref ? (map.get(ref) || {}).name || ref : null);

  const header = h('header', {class: 'case-head'},
    h('div', {class: 'title-row'}, h('h1', null, c.title),
      h('div', {class: 'actions'},
        canWrite ? h('a', {class: 'button', href: `#/cases/${cid}/edit`, id: 'edit-case'}, 'Edit case') : null,
        canWrite ? h('a', {class: 'button', href: `#/cases/${cid}/events/new`, id: 'add-event'}, 'Add event') : null,
        h('a', {class: 'button', href: `#/cases/${cid}/publish`}, 'Publish'))),
    dlList([
      ['Jurisdiction', c.jurisdiction],
      ['Court or authority', nameOf(bodyById, c.body)],
      ['Docket', c.docket],
      ['Status', c.status ? statusBadge(c.status) : null],
      ['Procedure', c.procedure ? c.procedure.replace(/_/g, ' ') : 'not given'],
      ['Tags', (c.tags || []).length ? h('span', null, c.tags.map((t) => h('a', {class: 'tag', href: `#/cases?tag=${encodeURIComponent(t)}`}, t))) : null],
      ['Id', c.id],
      ['Version', c.version],
    ]),
    c.summary ? h('p', {class: 'summary'}, c.summary) : null);

  const parties = h('section', {'aria-labelledby': 'h-parties'}, h('h2', {id: 'h-parties'}, 'Parties'),
    (c.parties || []).length ? h('ul', {class: 'parties'}, c.parties.map((p) => {
      const party = partyById.get(p.party) || {};
      return h('li', null, h('span', {class: 'role'}, String(p.role || '').replace(/_/g, ' ')), ' ', party.name || p.party,
        party.kind ? h('span', {class: 'sub'}, ` ${party.kind}`) : null);
    })) : h('p', {class: 'empty'}, 'No parties recorded.'));

  const evBox = h('ol', {class: 'timeline'});
  for (const e of evs) {
    const eref = encodeURIComponent(e.id);
    const li = h('li', {class: `event${e.vacated ? ' vacated' : ''}`, dataset: {event: e.id}},
      h('div', {class: 'when'}, precisionDate(e), e.date_precision && e.date_precision !== 'day' ? h('span', {class: 'sub'}, ` (${e.date_precision})`) : null),
      h('div', {class: 'what'},
        h('h3', null, h('span', {class: 'etype'}, String(e.type).replace(/_/g, ' ')), ' ', e.title || ''),
        e.description ? h('p', null, e.description) : null,
        dlList([
          ['Court or authority', nameOf(bodyById, e.body)], ['Party', nameOf(partyById, e.party)], ['Received', e.received_on],
          ['Served by', e.service_method], ['Outcome', e.outcome], ['Vacated', e.vacated ? 'yes' : null],
        ]),
        (e.sources || []).length ? h('p', {class: 'sources'}, 'Sources: ', e.sources.map((sid, i) => {
          const s = sourcesById.get(sid);
          return [i ? ', ' : '', s ? h('a', {href: s.url, rel: 'noopener noreferrer', target: '_blank'}, s.publisher || s.title || s.url) : sid];
        })) : null,
        canWrite ? h('div', {class: 'actions'},
          h('a', {class: 'button small', href: `#/events/${eref}/edit`}, 'Edit'),
          h('button', {type: 'button', class: 'small danger', onclick: async (ev) => {
            const old = li.querySelector('.confirm');
            if (old) old.remove();
            const what = ev.target.closest('.what');
            what.append(await deleteEventPanel(e, reload));
          }}, 'Delete')) : null));
    evBox.append(li);
  }
  const events = h('section', {'aria-labelledby': 'h-events'}, h('h2', {id: 'h-events'}, 'Timeline'),
    evs.length ? evBox : h('p', {class: 'empty'}, 'No events yet.'));

  const dlBox = h('div', {class: 'deadlines'});
  for (const d of dls) {
    const exBox = h('div', {class: 'explain'});
    const det = h('details', {id: `deadline-${d.id}`},
      h('summary', null, h('span', {class: 'date'}, d.due_on), ' ', d.title || d.kind, ' ', statusBadge(d.status),
        d.revision > 1 ? h('span', {class: 'sub'}, ` revision ${d.revision}`) : null,
        d.later_on ? h('span', {class: 'later'}, ` may be later: ${d.later_on}`) : null),
      h('p', {class: 'sub'}, d.rule ? `rule ${d.rule}. ` : '', d.basis || ''),
      exBox);
    let loaded = false;
    det.addEventListener('toggle', async () => {
      if (!det.open || loaded) return;
      loaded = true;
      exBox.textContent = 'Loading…';
      try {
        await explanation(exBox, d);
        if (canWrite) exBox.append(h('h4', null, 'Override'), overrideForm(d, reload));
      } catch (e) { exBox.textContent = e.message; }
    });
    dlBox.append(det);
  }
  const deadlines = h('section', {'aria-labelledby': 'h-deadlines'}, h('h2', {id: 'h-deadlines'}, 'Deadlines'),
    dls.length ? dlBox : h('p', {class: 'empty'}, 'No deadlines.'));

  const fines = h('section', {'aria-labelledby': 'h-fines'}, h('h2', {id: 'h-fines'}, 'Fines'),
    fns.length ? h('ul', {class: 'fines'}, fns.map((f) => {
      const li = h('li', {id: `fine-${f.id}`},
        h('strong', {class: 'amount'}, amountHuman(f.amount, f.currency)), ` imposed ${f.date || ''}, `,
        f.paid ? h('span', {class: 'badge st-met'}, `paid${f.paid_on ? ` ${f.paid_on}` : ''}`) : h('span', {class: 'badge st-open'}, 'unpaid'),
        (f.equivalents || []).length ? h('ul', {class: 'equivalents'}, f.equivalents.map((q) =>
          h('li', null, `≈ ${amountHuman(q.amount, q.currency)}`, q.as_of ? ` as of ${q.as_of}` : '', q.note ? ` (${q.note})` : ''))) : null);
      if (canWrite && !f.paid) {
        const b = h('button', {type: 'button', class: 'small'}, 'Mark paid…');
        b.addEventListener('click', () => { b.replaceWith(finePaidForm(f, reload)); });
        li.append(' ', b);
      }
      return li;
    })) : h('p', {class: 'empty'}, 'No fines.'));

  const sources = h('section', {'aria-labelledby': 'h-sources'}, h('h2', {id: 'h-sources'}, 'Sources'),
    data.sourceList.length ? h('ol', {class: 'sources'}, data.sourceList.map((s) => h('li', null,
      h('a', {href: s.url, rel: 'noopener noreferrer', target: '_blank'}, s.title || s.url),
      s.publisher ? ` — ${s.publisher}` : '', s.published_on ? `, ${s.published_on}` : '',
      s.retrieved_on ? h('span', {class: 'sub'}, ` (retrieved ${s.retrieved_on})`) : null)))
      : h('p', {class: 'empty'}, 'No sources.'));

  // The audit trail of a case is long: read when opened, newest first.
  const histBox = h('div', {'aria-live': 'polite'});
  const histDet = h('details', {class: 'history'}, h('summary', null, 'Who changed what, when: old → new'), histBox);
  let histLoaded = false;
  histDet.addEventListener('toggle', async () => {
    if (!histDet.open || histLoaded) return;
    histLoaded = true;
    histBox.textContent = 'Loading…';
    try {
      const r = await api.get(`/api/v1/cases/${cid}/history`);
      append(clear(histBox), historyTable([...(r.items || [])].reverse()));
      histDet.dataset.state = 'loaded';
    } catch (e) { histBox.textContent = e.message; }
  });
  const histSec = h('section', {'aria-labelledby': 'h-history'}, h('h2', {id: 'h-history'}, 'History'), histDet);

  append(main, header, h('div', {class: 'case-grid'},
    h('div', {class: 'col-main'}, events, histSec),
    h('div', {class: 'col-side'}, deadlines, fines, parties, sources)));
}
