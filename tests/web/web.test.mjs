// tests/web/web.test.mjs: the web application in a real browser (Debian's chromium driven by
// playwright-core; axe-core in the page). Run by tests/cli/t_web.sh against a real
// `tracker serve --app` on a real PostgreSQL; it passes what it needs in the environment:
//   BASE             http://127.0.0.1:PORT
//   ADMIN, EDITOR, VIEWER   "login:password" of accounts with those roles
//   CASE             the id of a seeded case (the Telegram example)
//   TEST_DB          the test database (psql checks that a refused import wrote nothing)
//   ARTIFACTS        where screenshots go (NAME-1280.png, NAME-390.png)
//   IMPORT_BAD       an interchange file with errors
// Prints "ok N - name" / "not ok N - name: why" and "web: P passed, F failed"; exit 1 on failure.
import {chromium} from 'playwright-core';
import {execFile, execFileSync} from 'node:child_process';
import {promisify} from 'node:util';
import {readFileSync, mkdirSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import path from 'node:path';
import http from 'node:http';
import crypto from 'node:crypto';

const here = path.dirname(fileURLToPath(import.meta.url));
const env = (k) => {
  if (!process.env[k]) throw new Error(`${k} is not set (run through tests/cli/t_web.sh)`);
  return process.env[k];
};
const BASE = env('BASE');
const [ADMIN, EDITOR, VIEWER] = ['ADMIN', 'EDITOR', 'VIEWER'].map((k) => {
  const [login, ...pw] = env(k).split(':');
  return {login, password: pw.join(':')};
});
const CASE = env('CASE');
const ARTIFACTS = env('ARTIFACTS');
mkdirSync(ARTIFACTS, {recursive: true});
const axeSource = readFileSync(path.join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');
const only = process.env.ONLY ? new RegExp(process.env.ONLY) : null;

const WIDE = {width: 1280, height: 900};
const PHONE = {width: 390, height: 844};

const sql = (q) => execFileSync('psql', ['-X', '-q', '-tA', '-v', 'ON_ERROR_STOP=1', '-d', env('TEST_DB'), '-c', q], {encoding: 'utf8'}).trim();
function assert(cond, why) { if (!cond) throw new Error(why); }
function eq(want, got, what) { if (want !== got) throw new Error(`${what}: expected [${want}], got [${got}]`); }

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});

// A signed-in page: a fresh browser context (its own cookies) per user and width.
const problems = []; // CSP violations and page errors seen anywhere
async function open(user, viewport = WIDE) {
  const context = await browser.newContext({viewport, baseURL: BASE});
  const page = await context.newPage();
  page.dialogs = [];
  page.on('dialog', (d) => { page.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  page.on('console', (m) => { if (/Content Security Policy|Refused to/.test(m.text())) problems.push({where: page.url(), from: m.location().url || '', text: m.text()}); });
  page.on('pageerror', (e) => problems.push({where: page.url(), from: 'pageerror', text: e.message}));
  await page.goto('/app/');
  await loaded(page, 'sign-in');
  if (user) {
    await page.fill('#sign-in input[name=login]', user.login);
    await page.fill('#sign-in input[name=password]', user.password);
    await page.click('#sign-in button[type=submit]');
    await loaded(page, 'dashboard');
  }
  return page;
}
async function loaded(page, name) {
  await page.waitForSelector(`main[data-page="${name}"][data-state="loaded"]`, {timeout: 15000});
}
async function go(page, hash, name) {
  // The old page's "loaded" must not be mistaken for the new one's (hashchange comes later).
  await page.evaluate((h) => { document.getElementById('main').dataset.state = 'stale'; location.hash = h; }, hash);
  await loaded(page, name);
}
async function axe(page, label) {
  await page.evaluate(axeSource);
  const r = await page.evaluate(() => window.axe.run(document, {resultTypes: ['violations']}));
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert(!bad.length, `axe on ${label}: ${bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`).join('; ')}`);
}
async function noHorizontalScroll(page, label) {
  const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert(sw <= cw, `${label}: the page scrolls sideways at ${cw} px (${sw} px wide)`);
}
async function shot(page, name, width) {
  await page.screenshot({path: path.join(ARTIFACTS, `${name}-${width}.png`), fullPage: true});
}
async function apiFetch(page, method, url, {body, csrf = true, headers = {}} = {}) {
  return page.evaluate(async ({method, url, body, csrf, headers}) => {
    const h = {Accept: 'application/json', ...headers};
    if (body !== undefined) h['Content-Type'] = method === 'PATCH' ? 'application/merge-patch+json' : 'application/json';
    if (csrf) h['X-CSRF-Token'] = (await (await fetch('/app/session')).json()).csrf;
    const r = await fetch(url, {method, headers: h, body: body === undefined ? undefined : JSON.stringify(body)});
    const text = await r.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return {status: r.status, json, text, etag: r.headers.get('ETag')};
  }, {method, url, body, csrf, headers});
}

const results = [];
async function test(name, fn) {
  if (only && !only.test(name)) return;
  const t0 = Date.now();
  try {
    await fn();
    results.push([true, name]);
    console.log(`ok ${results.length} - ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push([false, name]);
    console.log(`not ok ${results.length} - ${name}: ${String(e && e.stack || e).split('\n').slice(0, 3).join(' | ')}`);
  }
}

// ---------------------------------------------------------------------------------------------

const apiPaths = new Set(Object.keys((await (await fetch(`${BASE}/api/v1/openapi.json`)).json()).paths || {}));
let createdCase = null;
const CASE_EXT = `web-test-case-${Date.now()}`;
let rulingId = null;

await test('sign in with a wrong password is refused, in words, and the login is kept', async () => {
  const page = await open(null);
  await page.fill('#sign-in input[name=login]', ADMIN.login);
  await page.fill('#sign-in input[name=password]', 'not the password');
  await page.click('#sign-in button[type=submit]');
  await page.waitForSelector('#sign-in .form-error:not([hidden])');
  const text = await page.textContent('#sign-in .form-error');
  assert(/wrong login or password/.test(text), `error text [${text}]`);
  eq(ADMIN.login, await page.inputValue('#sign-in input[name=login]'), 'login kept');
  await page.context().close();
});

await test('sign in: the session cookie is HttpOnly and SameSite=Lax, the dashboard loads', async () => {
  const page = await open(ADMIN);
  const cookies = await page.context().cookies();
  const c = cookies.find((x) => x.name === 'tracker_session');
  assert(c, 'no tracker_session cookie');
  assert(c.httpOnly, 'cookie not HttpOnly');
  eq('Lax', c.sameSite, 'SameSite');
  eq(false, await page.evaluate(() => document.cookie.includes('tracker_session')), 'cookie visible to scripts');
  assert(await page.isVisible('#h-overdue'), 'no overdue section');
  await go(page, '#/?view=month', 'dashboard');
  assert(await page.isVisible('.calendar table.month'), 'no month calendar');
  await page.click('.calendar button[aria-label="Previous month"]');
  await page.waitForSelector('.calendar table.month');
  await page.context().close();
});

await test('create a case through the form', async () => {
  const page = await open(EDITOR);
  await go(page, '#/cases/new', 'new-case');
  await page.fill('#case-form input[name=title]', 'Messenger fined for refusing keys (web test)');
  await page.selectOption('#case-form select[name=jurisdiction]', 'RU');
  await page.selectOption('#case-form select[name=procedure]', 'administrative_offence');
  await page.fill('#case-form input[name=tags]', 'web-test encryption');
  await page.fill('#case-form input[name=id]', CASE_EXT);
  await page.click('#case-form button[type=submit]');
  await loaded(page, 'case');
  eq('Messenger fined for refusing keys (web test)', await page.textContent('main h1'), 'case title');
  createdCase = sql(`SELECT id FROM legal_case WHERE external_id = '${CASE_EXT}'`);
  assert(createdCase, 'no case row');
  await page.context().close();
});

await test('a bad field is refused beside the field in the API\'s words, the input kept', async () => {
  const page = await open(EDITOR);
  await go(page, `#/cases/${createdCase}/events/new`, 'new-event');
  await page.selectOption('#event-form select[name=type]', 'ruling');
  await page.fill('#event-form input[name=date]', '2017-02-30');
  await page.fill('#event-form input[name=title]', 'Typed text that must survive');
  const before = sql(`SELECT count(*) FROM event WHERE case_id = ${createdCase}`);
  await page.click('#event-form button[type=submit]');
  await page.waitForSelector('#event-form .field[data-field="date"] .error:not([hidden])');
  const msg = await page.textContent('#event-form .field[data-field="date"] .error');
  assert(msg.length > 3, `error beside the date: [${msg}]`);
  eq('Typed text that must survive', await page.inputValue('#event-form input[name=title]'), 'title kept');
  eq('2017-02-30', await page.inputValue('#event-form input[name=date]'), 'date kept');
  eq(before, sql(`SELECT count(*) FROM event WHERE case_id = ${createdCase}`), 'nothing written');
  await page.context().close();
});

await test('add a ruling with a fine and an appeal period: the deadline and its explanation', async () => {
  const page = await open(EDITOR);
  await go(page, `#/cases/${createdCase}/events/new`, 'new-event');
  await page.selectOption('#event-form select[name=type]', 'ruling');
  await page.fill('#event-form input[name=date]', '2017-10-16');
  await page.fill('#event-form input[name=title]', 'District court fines the messenger');
  await page.fill('#event-form input[name="fine.amount"]', '800000');
  await page.fill('#event-form input[name="fine.currency"]', 'RUB');
  await page.fill('#event-form textarea[name="fine.equivalents"]', '12000 EUR 2017-10-16');
  await page.fill('#event-form input[name="appeal.count"]', '10');
  await page.selectOption('#event-form select[name="appeal.unit"]', 'sutki');
  await page.fill('#event-form textarea[name=sources]', 'https://example.org/fined');
  await page.click('#event-form button[type=submit]');
  await loaded(page, 'case');
  rulingId = sql(`SELECT id FROM event WHERE case_id = ${createdCase} AND type = 'ruling'`);
  const appeal = sql(`SELECT id FROM deadline WHERE trigger_event_id = ${rulingId} AND kind = 'appeal'`);
  assert(appeal, 'no appeal deadline row');
  const fines = await page.textContent('#h-fines + ul');
  assert(fines.includes('800,000 RUB'), `fine as people write it: [${fines}]`);
  assert(fines.includes('12,000 EUR'), `equivalent: [${fines}]`);
  const det = `#deadline-${appeal}`;
  assert((await page.textContent(`${det} summary`)).includes('2017-10-26'), 'appeal due 2017-10-26');
  await page.click(`${det} summary`);
  await page.waitForSelector(`${det} ol.steps li`);
  const steps = await page.textContent(`${det} ol.steps`);
  assert(/day 10 .*2017-10-26/.test(steps), `explanation steps: [${steps}]`);
  await page.context().close();
});

await test("edit the ruling's date: a new revision of the deadline and the history shows old -> new", async () => {
  const page = await open(EDITOR);
  await go(page, `#/events/${rulingId}/edit`, 'edit-event');
  await page.fill('#event-form input[name=date]', '2017-10-17');
  await page.click('#event-form button[type=submit]');
  await loaded(page, 'case');
  const appeal = sql(`SELECT id FROM deadline WHERE trigger_event_id = ${rulingId} AND kind = 'appeal'`);
  const summary = await page.textContent(`#deadline-${appeal} summary`);
  assert(summary.includes('2017-10-27'), `moved deadline: [${summary}]`);
  assert(summary.includes('revision 2'), `revision shown: [${summary}]`);
  await page.click('details.history summary');
  await page.waitForSelector('details.history[data-state="loaded"]');
  const hist = await page.textContent('details.history');
  assert(hist.includes('2017-10-16') && hist.includes('2017-10-17'), 'history lacks the old and new date');
  assert(hist.includes(EDITOR.login), `history does not name the account ${EDITOR.login}`);
  await page.context().close();
});

await test('a viewer sees no edit controls and a forged POST is refused', async () => {
  const page = await open(VIEWER);
  await go(page, `#/cases/${CASE}`, 'case');
  for (const sel of ['#edit-case', '#add-event', '.timeline .actions', 'form.inline-form'])
    eq(0, await page.locator(sel).count(), `viewer sees ${sel}`);
  const before = sql('SELECT count(*) FROM legal_case');
  const r = await apiFetch(page, 'POST', '/api/v1/cases', {body: {title: 'forged by a viewer', jurisdiction: 'RU'}});
  eq(403, r.status, 'viewer POST');
  eq(before, sql('SELECT count(*) FROM legal_case'), 'nothing written');
  await page.context().close();
});

await test('a POST without the CSRF token is refused', async () => {
  const page = await open(EDITOR);
  const before = sql('SELECT count(*) FROM legal_case');
  const r = await apiFetch(page, 'POST', '/api/v1/cases', {body: {title: 'no csrf', jurisdiction: 'RU'}, csrf: false});
  eq(403, r.status, 'POST without X-CSRF-Token');
  const r2 = await apiFetch(page, 'POST', '/api/v1/cases', {body: {title: 'wrong csrf', jurisdiction: 'RU'}, csrf: false, headers: {'X-CSRF-Token': 'x'.repeat(43)}});
  eq(403, r2.status, 'POST with a wrong X-CSRF-Token');
  eq(before, sql('SELECT count(*) FROM legal_case'), 'nothing written');
  await page.context().close();
});

await test('hostile titles render as text and run nothing', async () => {
  const page = await open(EDITOR);
  const hostile = ['<img src=x onerror=alert(1)>', '</script><script>alert(2)</script>'];
  const ids = [];
  for (const title of hostile) {
    const r = await apiFetch(page, 'POST', '/api/v1/cases', {body: {title, jurisdiction: 'RU', summary: title, tags: ['x']}});
    assert(r.status === 201, `create hostile case: ${r.status} ${r.text}`);
    ids.push(r.json.db_id);
    const ev = await apiFetch(page, 'POST', `/api/v1/cases/${r.json.db_id}/events`, {body: {type: 'statement', date: '2020-01-01', title, description: title}});
    assert(ev.status === 201, `create hostile event: ${ev.status} ${ev.text}`);
  }
  for (const [i, id] of ids.entries()) {
    await go(page, `#/cases/${id}`, 'case');
    eq(hostile[i], await page.textContent('main h1'), 'title shown literally');
    assert((await page.textContent('.timeline')).includes(hostile[i]), 'event title shown literally');
    eq(0, await page.locator('main img').count(), 'an <img> was created from data');
    eq(0, await page.locator('main script').count(), 'a <script> was created from data');
  }
  await go(page, '#/cases', 'cases');
  assert((await page.textContent('main table')).includes(hostile[0]), 'list shows the title literally');
  if (apiPaths.has('/cases/{id}/timeline')) { // the published timeline of a hostile case too
    await go(page, `#/cases/${ids[0]}/publish`, 'publish');
    await page.waitForSelector('#timeline-embed.tl-timeline', {timeout: 15000});
    eq(`Publish: ${hostile[0]}`, await page.textContent('main h1'), 'publish title literal');
    assert((await page.textContent('#timeline-embed')).includes(hostile[0]), 'the timeline shows the title literally');
    eq(0, await page.locator('#timeline-embed img[src="x"]').count(), 'an <img src=x> was made from data in the timeline');
  }
  await go(page, '#/', 'dashboard');
  await page.waitForTimeout(300);
  eq(0, page.dialogs.length, `dialogs opened: ${page.dialogs.join(', ')}`);
  await page.context().close();
});

await test('a stale edit shows both versions and keeps the input', async () => {
  const page = await open(EDITOR);
  await go(page, `#/cases/${createdCase}/edit`, 'edit-case');
  await page.fill('#case-form input[name=docket]', 'mine-5-123/2017');
  // Someone else changes the case meanwhile.
  const other = await open(ADMIN);
  const cur = await other.evaluate(async (id) => {
    const r = await fetch(`/api/v1/cases/${id}`);
    return {etag: r.headers.get('ETag')};
  }, createdCase);
  const r = await apiFetch(other, 'PATCH', `/api/v1/cases/${createdCase}`, {body: {docket: 'theirs-5-999/2017'}, headers: {'If-Match': cur.etag}});
  eq(200, r.status, `the other edit: ${r.text}`);
  await other.context().close();
  await page.click('#case-form button[type=submit]');
  await page.waitForSelector('.conflict');
  const t = await page.textContent('.conflict');
  assert(t.includes('mine-5-123/2017') && t.includes('theirs-5-999/2017'), `both versions: [${t}]`);
  eq('mine-5-123/2017', await page.inputValue('#case-form input[name=docket]'), 'input kept');
  eq('theirs-5-999/2017', sql(`SELECT docket FROM legal_case WHERE id = ${createdCase}`), 'nothing overwritten');
  await page.click('#keep-mine');
  await loaded(page, 'case');
  eq('mine-5-123/2017', sql(`SELECT docket FROM legal_case WHERE id = ${createdCase}`), 'saved after choosing mine');
  await page.context().close();
});

// A test of something the API (another branch) does not offer yet is reported as not run: never
// counted as passed.
const notRun = [];
async function testIfApi(paths, name, fn) {
  const missing = paths.filter((p) => !apiPaths.has(p));
  if (missing.length) {
    if (!only || only.test(name)) { notRun.push(name); console.log(`not run - ${name}: the API has no ${missing.join(', ')}`); }
    return;
  }
  await test(name, fn);
}

await testIfApi(['/feeds'], 'a feed created in the UI serves its .ics', async () => {
  const page = await open(ADMIN);
  await go(page, `#/cases/${createdCase}/publish`, 'publish');
  await page.click('#feed-form button[type=submit]');
  await page.waitForSelector('#new-feed');
  const url = await page.inputValue('#feed-url');
  assert(/\/feeds\/[A-Za-z0-9_-]{43}\.ics$/.test(url), `feed url [${url}]`);
  assert((await page.getAttribute('#feed-webcal', 'href')).startsWith('webcal://'), 'webcal link');
  const res = await fetch(url);
  eq(200, res.status, 'feed GET');
  const body = await res.text();
  assert(body.startsWith('BEGIN:VCALENDAR') && body.includes('2017-10-27'.replace(/-/g, '')), 'the feed has the appeal deadline');
  const embed = await page.inputValue('#embed-code');
  assert(embed.includes('/app/embed.html#'), `embed snippet [${embed}]`);
  await page.context().close();
});

await testIfApi(['/cases/{id}/timeline'], 'the publish page renders the timeline with TimelineJS', async () => {
  const page = await open(VIEWER);
  await go(page, `#/cases/${CASE}/publish`, 'publish');
  await page.waitForSelector('#timeline-embed.tl-timeline', {timeout: 15000});
  await page.waitForSelector('#timeline-embed .tl-slide', {timeout: 15000, state: 'attached'});
  await shot(page, 'publish-timeline', 1280);
  await page.context().close();
});

await test('an import with errors lists them by JSON path and writes nothing', async () => {
  const page = await open(EDITOR);
  await go(page, '#/import', 'import');
  const before = sql("SELECT count(*) FROM legal_case") + '/' + sql('SELECT count(*) FROM event');
  await page.setInputFiles('#import-file', env('IMPORT_BAD'));
  await page.click('#import-form button[type=submit]');
  await page.waitForSelector('#import-errors');
  const t = await page.textContent('#import-errors');
  assert(/\$\.cases\[0\]/.test(t), `errors with JSON paths: [${t.slice(0, 300)}]`);
  assert((await page.locator('#import-errors tbody tr').count()) >= 2, 'at least two errors listed');
  eq(before, sql("SELECT count(*) FROM legal_case") + '/' + sql('SELECT count(*) FROM event'), 'nothing written');
  await page.context().close();
});

// Webhooks in the UI (web/js/pages/alerts.js over /api/v1/hooks): the editor's private address
// is refused beside the field; an admin's hook (allow private) shows its secret once; "Send test"
// queues a delivery that `tracker notify --once` sends to a local receiver, signed with that
// secret; the deliveries list shows it delivered; disabling greys out "Send test"; a viewer
// has no controls.
await testIfApi(['/hooks', '/hooks/{id}/test', '/hooks/{id}/deliveries'], 'webhooks: add (secret once), test delivered and signed, deliveries, disable', async () => {
  const got = [];
  const receiver = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => { got.push({headers: req.headers, body: Buffer.concat(chunks)}); res.writeHead(200); res.end('ok'); });
  });
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${receiver.address().port}/hook`;
  try {
    const ed = await open(EDITOR);
    await go(ed, '#/alerts', 'alerts');
    await ed.fill('#hook-form input[name=url]', url);
    await ed.click('#hook-form button[type=submit]');
    await ed.waitForSelector('#hook-form [data-field="url"].invalid');
    const why = await ed.textContent('#hook-form [data-field="url"] .error');
    assert(/private/.test(why), `the editor's loopback URL refused beside the field: [${why}]`);
    eq('0', sql('SELECT count(*) FROM hook'), 'nothing written for the refused hook');
    await ed.context().close();

    const page = await open(ADMIN);
    await go(page, '#/alerts', 'alerts');
    await page.fill('#hook-form input[name=url]', url);
    await page.check('#hook-form input[name=allow_private]');
    await page.click('#hook-form button[type=submit]');
    await page.waitForSelector('.secret code.once');
    const secret = (await page.textContent('.secret code.once')).trim();
    assert(/^whsec_[A-Za-z0-9_-]{43}$/.test(secret), `secret shown once: [${secret}]`);
    const id = sql(`SELECT id FROM hook WHERE url = '${url}'`);
    assert(/^\d+$/.test(id), 'the hook is stored');
    const listed = await page.textContent('main');
    assert(!listed.replace(secret, '').includes(secret.slice(6)), 'the secret is shown once, not in the list');
    await page.click(`button[aria-label="Send a test to hook ${id}"]`);
    await page.waitForFunction(() => /queued for hook/.test(document.querySelector('main .status')?.textContent || ''));
    eq('pending', sql(`SELECT d.state FROM delivery d JOIN outbox o ON o.id = d.outbox_id WHERE d.hook_id = ${id} AND o.type = 'hook.test'`), 'the test is queued, not sent by the server');
    // Not execFileSync: the receiver above runs on this event loop, which must keep running.
    await promisify(execFile)(process.env.TRACKER_BIN, ['notify', '--once'], {env: process.env});
    eq(1, got.length, 'the receiver got the test');
    const doc = JSON.parse(got[0].body.toString());
    eq('hook.test', doc.type, 'the delivery type');
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(got[0].headers['tracker-signature']) || [];
    const want = crypto.createHmac('sha256', secret).update(`${t}.`).update(got[0].body).digest('hex');
    eq(want, v1, 'signed with the secret the page showed');
    await page.click(`button[aria-label="Deliveries of hook ${id}"]`);
    await page.waitForSelector('#hook-deliveries table');
    const rows = await page.textContent('#hook-deliveries tbody');
    assert(rows.includes('hook.test') && rows.includes('delivered') && rows.includes(doc.id), `deliveries list: [${rows}]`);
    await page.click(`button[aria-label="Disable hook ${id}"]`);
    await page.waitForSelector(`button[aria-label="Enable hook ${id}"]`);
    assert(await page.isDisabled(`button[aria-label="Send a test to hook ${id}"]`), 'no test for a disabled hook');
    eq('t', sql(`SELECT disabled_at IS NOT NULL FROM hook WHERE id = ${id}`), 'disabled in the database');
    await page.context().close();

    const viewer = await open(VIEWER);
    await go(viewer, '#/alerts', 'alerts');
    eq(0, await viewer.locator('#hook-form').count(), 'a viewer has no hook form');
    await viewer.context().close();
  } finally {
    receiver.close();
  }
});

await test('sign out ends the session on the server', async () => {
  const page = await open(EDITOR);
  const cookie = (await page.context().cookies()).find((c) => c.name === 'tracker_session').value;
  await page.click('#sign-out');
  await loaded(page, 'sign-in');
  const r = await fetch(`${BASE}/api/v1/cases`, {headers: {Cookie: `tracker_session=${cookie}`}});
  eq(401, r.status, 'the old cookie after sign-out');
  const s = await fetch(`${BASE}/app/session`, {headers: {Cookie: `tracker_session=${cookie}`}});
  eq(401, s.status, '/app/session after sign-out');
  await page.context().close();
});

// Every page at both widths: loads, no sideways scroll on the phone, axe has no serious or
// critical violation, a screenshot of each.
const pages = [
  ['sign-in', null, null, 'sign-in'],
  ['dashboard', ADMIN, '#/', 'dashboard'],
  ['dashboard-month', ADMIN, '#/?view=month', 'dashboard'],
  ['cases', ADMIN, '#/cases', 'cases'],
  ['case', ADMIN, `#/cases/${CASE}`, 'case'],
  ['case-edit', ADMIN, `#/cases/${CASE}/edit`, 'edit-case'],
  ['event-new', ADMIN, `#/cases/${CASE}/events/new`, 'new-event'],
  ['publish', ADMIN, `#/cases/${CASE}/publish`, 'publish'],
  ['reports', ADMIN, '#/reports?name=fines', 'reports'],
  ['import', ADMIN, '#/import', 'import'],
  ['alerts', ADMIN, '#/alerts', 'alerts'],
  ['admin-users', ADMIN, '#/admin/users', 'admin'],
  ['admin-tokens', ADMIN, '#/admin/tokens', 'admin'],
  ['admin-rules', ADMIN, '#/admin/rules', 'admin'],
  ['admin-calendars', ADMIN, '#/admin/calendars', 'admin'],
];
for (const vp of [WIDE, PHONE]) {
  await test(`every page at ${vp.width} px: loads, axe-core finds nothing serious${vp === PHONE ? ', no horizontal scroll' : ''}; screenshots`, async () => {
    const failures = [];
    const sessions = new Map();
    for (const [name, user, hash, dataPage] of pages) {
      try {
        let page = sessions.get(user);
        if (!page) { page = await open(user, vp); sessions.set(user, page); }
        if (hash) await go(page, hash, dataPage);
        if (name === 'case') await page.click('.deadlines details summary').catch(() => {});
        if (name === 'publish' && apiPaths.has('/cases/{id}/timeline')) await page.waitForSelector('#timeline-embed.tl-timeline', {timeout: 15000});
        await page.waitForTimeout(100);
        await shot(page, name, vp.width);
        if (vp === WIDE && (name === 'dashboard' || name === 'case'))
          await page.screenshot({path: path.join(ARTIFACTS, `${name}-1280-top.png`)});
        if (vp === PHONE) await noHorizontalScroll(page, name);
        await axe(page, `${name} at ${vp.width} px`);
      } catch (e) { failures.push(`${name}: ${e.message.split('\n')[0]}`); }
    }
    for (const p of sessions.values()) await p.context().close();
    assert(!failures.length, failures.join(' || '));
  });
}

await test('the embed page: TimelineJS from a feed (framed by another site), axe clean, screenshots', async () => {
  const token = env('FEED_TOKEN');
  // Framed by a page of another origin, as a newsroom's article does.
  const article = http.createServer((req, res) => {
    res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'});
    res.end(`<!doctype html><title>article</title><h1>Article</h1><iframe id="tl" src="${BASE}/app/embed.html#${token}" width="1000" height="650" title="Timeline"></iframe>`);
  });
  await new Promise((r) => article.listen(0, '127.0.0.1', r));
  const framer = await browser.newContext({viewport: WIDE});
  const fp = await framer.newPage();
  await fp.goto(`http://localhost:${article.address().port}/article`);
  const frame = await (await fp.waitForSelector('#tl')).contentFrame();
  await frame.waitForSelector('body[data-state="loaded"] .tl-timeline', {timeout: 15000});
  await framer.close();
  article.close();
  for (const vp of [WIDE, PHONE]) {
    const ctx = await browser.newContext({viewport: vp});
    const p = await ctx.newPage();
    p.on('console', (m) => { if (/Content Security Policy|Refused to/.test(m.text())) problems.push({where: 'embed', from: m.location().url || '', text: m.text()}); });
    await p.goto(`${BASE}/app/embed.html#${token}`);
    await p.waitForSelector('body[data-state="loaded"] .tl-timeline', {timeout: 15000});
    await p.waitForSelector('.tl-slide', {timeout: 15000});
    await p.waitForTimeout(500);
    await p.screenshot({path: path.join(ARTIFACTS, `timeline-${vp.width}.png`)});
    await axe(p, `embed at ${vp.width} px`);
    await ctx.close();
  }
});

// What the CSP refuses on purpose, inside the vendored TimelineJS only: loading a slide's source
// page as an image from another site (no third-party requests from readers' browsers), and an
// inline handler TimelineJS's own markup carries. Anything else, anywhere (a script, a style, a
// connection, any refusal in the application's own code), is a failure. The hostile-title test
// checks the publish page of a hostile case separately (no dialog, no element made from data).
await test('no Content-Security-Policy violation or page error (but TimelineJS\'s own, refused)', async () => {
  const expected = (p) => /\/vendor\/timelinejs\/js\/timeline\.js$/.test(p.from) || /^Loading the image 'https?:\/\/[^']*' violates the following Content Security Policy directive: "img-src/.test(p.text);
  const bad = problems.filter((p) => !expected(p));
  assert(!bad.length, bad.slice(0, 5).map((p) => `${p.where} (${p.from}): ${p.text}`).join(' || '));
});

await browser.close();
const passed = results.filter(([ok]) => ok).length;
if (notRun.length) console.log(`web: not run (the API lacks their routes): ${notRun.join('; ')}`);
console.log(`web: ${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length && passed > 0 ? 0 : 1);
