// Alerts: the webhooks of docs/alerts.md through /api/v1/hooks. An editor sees and manages the
// hooks they own, an admin every hook. Add (the secret is made here by the browser's CSPRNG and
// shown once: the receiver verifies Tracker-Signature with it), disable or enable, delete, send a
// test, and each hook's deliveries with every attempt (redeliver one). Sending is the worker's
// (`tracker notify`): test and redeliver are queued (202) and sent by it.
import {h, append, clear, field, formError, showErrors, table, values} from '../dom.js';
import * as api from '../api.js';

const eventTypes = [
  ['deadline.created', 'a deadline appears'], ['deadline.changed', 'a deadline moves or changes'],
  ['deadline.cancelled', 'a deadline is vacated or removed'], ['deadline.due_soon', 'a deadline comes close'],
  ['event.created', 'an event is recorded'], ['case.changed', 'a case changes'],
];

// "whsec_" and 32 random bytes in base64url, like `tracker hook add` makes.
function newSecret() {
  const b = crypto.getRandomValues(new Uint8Array(32));
  return `whsec_${btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

const hookPath = (id) => `/api/v1/hooks/${encodeURIComponent(id)}`;

// PATCH and DELETE need the hook's ETag (If-Match): api.changeCurrent reads it first.
const withEtag = (id, method, body) => api.changeCurrent(method, hookPath(id), body);

function filterText(k) {
  if (k.case_id) return `case ${k.case_id}`;
  if (k.jurisdiction) return `jurisdiction ${k.jurisdiction}`;
  if (k.tag) return `tag ${k.tag}`;
  return 'all cases';
}

function hookForm(ctx, onMade) {
  const form = h('form', {class: 'hook-form', id: 'hook-form', novalidate: true}, formError(),
    field({name: 'url', label: 'Receiver URL', required: true, type: 'url', hint: 'https://… ; it gets a signed JSON POST for each change'}),
    h('fieldset', {class: 'field', dataset: {field: 'events'}},
      h('legend', null, 'Send when'),
      eventTypes.map(([v, text]) => h('div', {class: 'check'},
        h('input', {type: 'checkbox', id: `ev-${v}`, name: `ev:${v}`, checked: v !== 'deadline.due_soon' && v !== 'case.changed'}),
        h('label', {for: `ev-${v}`}, `${v}: ${text}`))),
      h('p', {class: 'error', role: 'alert', hidden: true})),
    field({name: 'due_soon', label: 'Due soon: how long before', value: '7d,1d', hint: 'for deadline.due_soon: offsets such as 7d,1d (w, d, h, m)'}),
    field({name: 'scope', label: 'For', type: 'select', value: 'all', options: [['all', 'all cases'], ['case_id', 'one case (id)'], ['jurisdiction', 'a jurisdiction'], ['tag', 'cases with a tag']]}),
    field({name: 'scope_value', label: 'Case id, jurisdiction or tag'}),
    field({name: 'description', label: 'Description'}),
    ctx.isAdmin ? field({name: 'allow_private', label: 'Allow a private or loopback address (admins only)', type: 'checkbox'}) : null,
    h('button', {type: 'submit'}, 'Add hook'));
  // The API's paths name the body's members; the scope's value is one of three.
  form.__alias = (name) => (['case_id', 'jurisdiction', 'tag'].includes(name) ? 'scope_value' : name);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = values(form);
    const secret = newSecret();
    const body = {url: v.url, secret, events: eventTypes.map(([t]) => t).filter((t) => v[`ev:${t}`])};
    if (body.events.includes('deadline.due_soon') && v.due_soon) body.due_soon = v.due_soon;
    if (v.scope !== 'all') body[v.scope] = v.scope === 'case_id' && /^\d+$/.test(v.scope_value) ? Number(v.scope_value) : v.scope_value;
    if (v.description) body.description = v.description;
    if (v.allow_private) body.allow_private = true;
    try {
      const made = await api.post('/api/v1/hooks', body);
      form.reset();
      onMade(made, secret);
    } catch (e) { showErrors(form, e.problem); }
  });
  return form;
}

function attemptsText(d) {
  return (d.attempt_log || []).map((a) => `#${a.attempt} ${a.outcome}${a.response_code ? ` ${a.response_code}` : ''}, ${a.latency_ms} ms${a.error && a.outcome !== 'ok' ? ` (${a.error})` : ''}`).join('; ') || 'not tried yet';
}

async function deliveries(box, hook, note) {
  const list = (await api.get(`${hookPath(hook.id)}/deliveries?limit=20`)).items || [];
  append(clear(box), h('h3', null, `Deliveries of hook ${hook.id} (newest first)`), table([
    ['Id', (d) => String(d.id)], ['Type', (d) => d.type], ['Event id', (d) => h('code', null, d.event_id)],
    ['State', (d) => d.state], ['Attempts', (d) => attemptsText(d)],
    ['Next try', (d) => d.next_attempt_at || ''],
    ['', (d) => h('button', {type: 'button', class: 'small', 'aria-label': `Redeliver delivery ${d.id}`, onclick: async () => {
      try {
        const q = await api.post(`${hookPath(hook.id)}/deliveries/${encodeURIComponent(d.id)}/redeliver`, {});
        note(`Delivery ${q.id} queued again (same event id); the worker sends it.`);
        await deliveries(box, hook, note);
      } catch (e) { note(e.message); }
    }}, 'Redeliver')],
  ], list, {label: `Deliveries of hook ${hook.id}`, empty: 'no deliveries yet'}));
}

export async function renderAlerts(main, params, ctx) {
  append(main, h('h1', null, 'Alerts'));
  if (!ctx.canWrite) {
    append(main, h('p', null, 'Editors and admins manage webhooks; ask one to add yours.'));
    return;
  }
  append(main, h('p', {class: 'note'}, 'A webhook receives a signed JSON POST (Tracker-Signature: HMAC-SHA256 of "timestamp.body" with its secret) for every change it asks for, with the whole deadline, its explanation and sources. ',
    ctx.isAdmin ? 'You see every hook.' : 'You see the hooks you added.',
    ' The server\'s worker (tracker notify) sends them and retries failures for up to a day.'));
  const status = h('div', {class: 'status', role: 'status', 'aria-live': 'polite'});
  const note = (text) => append(clear(status), h('p', null, text));
  const made = h('div', {'aria-live': 'polite'});
  const tbl = h('div');
  const detail = h('div', {id: 'hook-deliveries'});
  const draw = async () => {
    const rows = await api.all('/api/v1/hooks');
    append(clear(tbl), table([
      ['Id', (k) => String(k.id)], ['URL', (k) => h('code', null, k.url)],
      ['Events', (k) => (k.events || []).join(', ')], ['For', (k) => filterText(k)],
      ['State', (k) => (k.enabled ? (k.failing_since ? `failing since ${k.failing_since}` : 'enabled') : `disabled${k.disabled_reason ? `: ${k.disabled_reason}` : ''}`)],
      ['Deliveries', (k) => `${k.deliveries.delivered} delivered, ${k.deliveries.pending} pending, ${k.deliveries.failed} failed`],
      ['Owner', (k) => k.owner || '(command line)'],
      ['', (k) => h('div', {class: 'actions'},
        h('button', {type: 'button', class: 'small', 'aria-label': `Send a test to hook ${k.id}`, disabled: !k.enabled, onclick: async () => {
          try {
            const q = await api.post(`${hookPath(k.id)}/test`, {});
            note(`Test delivery ${q.id} queued for hook ${k.id}; the worker sends it.`);
            await draw();
          } catch (e) { note(e.message); }
        }}, 'Send test'),
        h('button', {type: 'button', class: 'small', 'aria-label': `Deliveries of hook ${k.id}`, onclick: () => deliveries(detail, k, note).catch((e) => note(e.message))}, 'Deliveries'),
        h('button', {type: 'button', class: 'small', 'aria-label': `${k.enabled ? 'Disable' : 'Enable'} hook ${k.id}`, onclick: async () => {
          try { await withEtag(k.id, 'PATCH', {enabled: !k.enabled}); await draw(); } catch (e) { note(e.message); }
        }}, k.enabled ? 'Disable' : 'Enable'),
        h('button', {type: 'button', class: 'small danger', 'aria-label': `Delete hook ${k.id}`, onclick: async () => {
          if (!window.confirm(`Delete hook ${k.id} and its delivery history?`)) return;
          try { await withEtag(k.id, 'DELETE'); clear(detail); await draw(); } catch (e) { note(e.message); }
        }}, 'Delete'))],
    ], rows, {label: 'Webhooks', empty: 'no webhooks yet'}));
  };
  const form = hookForm(ctx, async (k, secret) => {
    append(clear(made), h('div', {class: 'secret', role: 'status'},
      h('p', null, h('strong', null, `Hook ${k.id} added. Copy its secret now: it is shown only once.`),
        ' The receiver checks each delivery\'s Tracker-Signature with it (examples/webhooks/).'),
      h('code', {class: 'once'}, secret)));
    await draw();
  });
  await draw();
  append(main, h('h2', null, 'Add a webhook'), form, made, status, h('h2', null, 'Webhooks'), tbl, detail);
}
