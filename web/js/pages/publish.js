// Publish: the case's timeline in TimelineJS (from the API's TimelineJS export), an embed
// snippet for a newsroom's page, downloads, and the case's feeds (create: the secret URL is
// shown once, with a copy button and the webcal link; list; revoke).
import {h, append, clear, field, formError, showErrors, table} from '../dom.js';
import * as api from '../api.js';
import {loadTimelineJS, drawTimeline} from '../timeline.js';

function copyButton(text, label) {
  const b = h('button', {type: 'button', class: 'small'}, label || 'Copy');
  b.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
      b.textContent = 'Copied';
    } catch {
      b.textContent = 'Select and copy by hand';
    }
    setTimeout(() => { b.textContent = label || 'Copy'; }, 2000);
  });
  return b;
}

function secretBox(feed) {
  const url = feed.url || `${location.origin}${feed.path}`;
  const webcal = String(url).replace(/^https?:/, 'webcal:');
  const token = (String(url).match(/\/feeds\/([A-Za-z0-9_-]{43})/) || [])[1];
  const origin = String(url).replace(/\/feeds\/.*$/, '');
  const embed = token ? `<iframe src="${origin}/app/embed.html#${token}" width="100%" height="650" style="border:0" title="Timeline" loading="lazy"></iframe>` : null;
  return h('div', {class: 'secret', role: 'status', id: 'new-feed'},
    h('p', null, h('strong', null, 'Copy this now: the secret URL is shown only once.')),
    h('label', {for: 'feed-url'}, 'Calendar feed URL'),
    h('div', {class: 'copy-row'}, h('input', {id: 'feed-url', readonly: true, value: url}), copyButton(url)),
    h('p', null, h('a', {href: webcal, id: 'feed-webcal'}, 'Subscribe in a calendar app (webcal)'), ' · ', h('a', {href: url, id: 'feed-ics'}, 'download .ics')),
    embed ? h('div', null, h('label', {for: 'embed-code'}, 'Embed the timeline in a page'),
      h('div', {class: 'copy-row'}, h('textarea', {id: 'embed-code', readonly: true, rows: 3}, embed), copyButton(embed))) : null);
}

// The timeline, its downloads and feeds are offered when the API serves them (a 404 from the
// route: this server's API does not have it).
export async function renderPublish(main, {id}, ctx) {
  const cid = encodeURIComponent(id);
  const [c, tl, feeds, ics] = await Promise.all([
    api.get(`/api/v1/cases/${cid}`),
    api.optional(`/api/v1/cases/${cid}/timeline`),
    api.optional('/api/v1/feeds'),
    api.request('HEAD', `/api/v1/cases/${cid}/calendar.ics`, {raw: true}).then(() => true, () => false),
  ]);
  const hasTimeline = !!tl;
  const hasFeeds = !!feeds;
  // The API lists every feed: this page shows the case's.
  const mine = (list) => (list || []).filter((f) => f.case_id === c.db_id);
  const reloadFeeds = async () => mine((await api.get('/api/v1/feeds')).items);
  const name = String(c.id).replace(/[^A-Za-z0-9._-]+/g, '-');
  const tlBox = h('div', {id: 'timeline-embed', class: 'timeline-box'});
  const downloads = h('ul', {class: 'downloads'},
    hasTimeline ? h('li', null, h('a', {href: `/api/v1/cases/${cid}/timeline?format=html`, download: `${name}.html`}, 'Timeline as one HTML page')) : null,
    hasTimeline ? h('li', null, h('a', {href: `/api/v1/cases/${cid}/timeline`, download: `${name}.timeline.json`}, 'TimelineJS JSON')) : null,
    ics ? h('li', null, h('a', {href: `/api/v1/cases/${cid}/calendar.ics`, download: `${name}.ics`}, 'Deadlines as .ics')) : null,
    h('li', null, h('a', {href: `/api/v1/export?case=${cid}`, download: `${name}.json`}, 'Interchange JSON (tracker import)')));
  const feedBox = h('div');
  const newBox = h('div');
  const drawFeeds = (items) => append(clear(feedBox), table([
    ['Name', (f) => f.name || `feed ${f.id}`],
    ['Created', (f) => String(f.created_at || '').slice(0, 10)],
    ['', (f) => (ctx.isAdmin ? h('button', {type: 'button', class: 'small danger', 'aria-label': `Revoke feed ${f.id}`, onclick: async () => {
      await api.del(`/api/v1/feeds/${encodeURIComponent(f.id)}`);
      drawFeeds(await reloadFeeds());
    }}, 'Revoke') : '')],
  ], items.filter((f) => !f.revoked_at), {label: 'Feeds', empty: 'no feeds yet'}));
  let createForm = null;
  if (hasFeeds) {
    drawFeeds(mine(feeds.items));
    if (ctx.isAdmin) {
      createForm = h('form', {class: 'inline-form', id: 'feed-form', novalidate: true},
        formError(),
        field({name: 'name', label: 'Feed name', value: `${c.title}`.slice(0, 80)}),
        h('button', {type: 'submit'}, 'Create feed'));
      createForm.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        try {
          const f = await api.post('/api/v1/feeds', {case: c.db_id ?? c.id, name: createForm.elements.name.value || undefined});
          append(clear(newBox), secretBox(f));
          drawFeeds(await reloadFeeds());
        } catch (e) { showErrors(createForm, e.problem); }
      });
    }
  } else {
    append(feedBox, h('p', {class: 'note'}, 'This server\'s API does not manage feeds yet. An admin makes one with ',
      h('code', null, `tracker feed create --case ${c.db_id ?? c.id}`), '; its timeline can then be embedded with ',
      h('code', null, `${location.origin}/app/embed.html#TOKEN`), '.'));
  }
  append(main,
    h('h1', null, 'Publish: ', c.title),
    h('p', null, h('a', {href: `#/cases/${cid}`}, '← back to the case')),
    h('section', {'aria-labelledby': 'h-tl'}, h('h2', {id: 'h-tl'}, 'Timeline'), tlBox),
    h('section', {'aria-labelledby': 'h-dl'}, h('h2', {id: 'h-dl'}, 'Downloads'), downloads),
    h('section', {'aria-labelledby': 'h-feeds'}, h('h2', {id: 'h-feeds'}, 'Feeds'),
      h('p', {class: 'hint'}, 'A feed is a secret URL for calendar apps and newsroom pages (its .ics, timeline and reports); anyone who has the URL can read this case, so revoke a feed that leaked.'),
      createForm, newBox, feedBox));
  if (!tl) {
    tlBox.classList.add('empty-box');
    append(tlBox, h('p', {class: 'note'}, 'This server\'s API does not serve timelines yet (GET /api/v1/cases/{id}/timeline); a feed\'s embed page shows it.'));
    return;
  }
  try {
    await loadTimelineJS();
    drawTimeline(tlBox, tl);
  } catch (e) {
    append(tlBox, h('p', {class: 'form-error', role: 'alert'}, `The timeline cannot be shown: ${e.message}`));
  }
}
