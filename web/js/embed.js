// embed.js: the embeddable timeline (embed.html#TOKEN, framed by a newsroom's page). The feed's
// token is in the fragment, never sent to the server or in a Referer; the page reads the
// feed's public timeline JSON (/feeds/TOKEN/timeline.json) and draws it with TimelineJS.
import {loadTimelineJS, drawTimeline} from './timeline.js';

const box = document.getElementById('timeline-embed');
const token = location.hash.slice(1);
function fail(text) {
  const p = document.createElement('p');
  p.className = 'embed-error';
  p.textContent = text;
  box.append(p);
  document.body.dataset.state = 'error';
}
if (!/^[A-Za-z0-9_-]{43}$/.test(token)) {
  fail('This embed needs a feed: embed.html#TOKEN.');
} else {
  Promise.all([fetch(`/feeds/${token}/timeline.json`, {credentials: 'omit'}), loadTimelineJS()])
    .then(async ([res]) => {
      if (!res.ok) throw new Error(res.status === 404 ? 'this timeline is not published (any more)' : `HTTP ${res.status}`);
      drawTimeline(box, await res.json());
      document.body.dataset.state = 'loaded';
    })
    .catch((e) => fail(`The timeline cannot be shown: ${e.message}`));
}
