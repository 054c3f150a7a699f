// bench/web_load.mjs (run by bench/bench_web.sh): headless Chromium (playwright-core from
// tests/web) loads the dashboard and a case page N times each, signed in, with the browser cache
// disabled (every load fetches every file: the worst case for bytes), and reports per page the
// median and max time to "loaded" (main[data-state=loaded]: every API call of the page answered
// and drawn) and the bytes that crossed the wire (encoded lengths, headers included).
import {chromium} from '../tests/web/node_modules/playwright-core/index.mjs';

const [BASE, LOGIN, PASSWORD, CASE, N] = [process.env.BASE, process.env.LOGIN, process.env.PASSWORD, process.env.CASE, Number(process.env.LOADS || 10)];
const browser = await chromium.launch({executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking']});
const context = await browser.newContext({viewport: {width: 1280, height: 900}});
const page = await context.newPage();
await page.goto(`${BASE}/app/`);
await page.waitForSelector('main[data-page="sign-in"][data-state="loaded"]');
await page.fill('#sign-in input[name=login]', LOGIN);
await page.fill('#sign-in input[name=password]', PASSWORD);
await page.click('#sign-in button[type=submit]');
await page.waitForSelector('main[data-page="dashboard"][data-state="loaded"]', {timeout: 60000});
await page.close();

async function measure(hash, name) {
  const times = [], bytes = [], requests = [];
  for (let i = 0; i < N; i++) {
    const p = await context.newPage();
    const cdp = await context.newCDPSession(p);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', {cacheDisabled: true});
    let total = 0, count = 0;
    cdp.on('Network.loadingFinished', (e) => { total += e.encodedDataLength; count += 1; });
    const t0 = Date.now();
    await p.goto(`${BASE}/app/${hash}`);
    await p.waitForSelector(`main[data-page="${name}"][data-state="loaded"]`, {timeout: 60000});
    times.push(Date.now() - t0);
    await p.waitForTimeout(200); // late responses are counted too
    bytes.push(total);
    requests.push(count);
    await p.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  console.log(JSON.stringify({page: name, loads: N, median_ms: median, max_ms: sorted[sorted.length - 1],
    bytes: Math.max(...bytes), requests: Math.max(...requests), times_ms: times}));
}
await measure('#/', 'dashboard');
await measure(`#/cases/${CASE}`, 'case');
await browser.close();
