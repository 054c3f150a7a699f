// bench/hook_receiver.js: a fast webhook receiver for bench/bench_hooks.sh (node, no packages).
// Answers 200 to every POST, and records per request the event id, the body's "time" (the
// change's commit time) and the receipt time; requests to /warm (the benchmark's warm-up) are
// answered the same way and not recorded. `node hook_receiver.js PORTFILE OUTFILE`: writes
// the records to OUTFILE (one "id commit_ms recv_ms" line each) on SIGTERM.
'use strict';
const http = require('http');
const fs = require('fs');
const { performance } = require('perf_hooks');
const [portFile, outFile] = process.argv.slice(2);
const recs = [];
const srv = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const recv = performance.timeOrigin + performance.now();
    let id = '-', t = 0;
    try {
      const d = JSON.parse(Buffer.concat(chunks).toString());
      id = d.id;
      t = Date.parse(d.time) + Number((d.time || '').slice(23, 26)) / 1000;
    } catch (e) { /* counted as '-' */ }
    if (req.url !== '/warm') recs.push(id + ' ' + t.toFixed(3) + ' ' + recv.toFixed(3));
    res.writeHead(200, { 'Content-Length': '3' });
    res.end('ok\n');
  });
});
srv.keepAliveTimeout = 60000;
srv.listen(0, '127.0.0.1', () => {
  fs.writeFileSync(portFile + '.tmp', String(srv.address().port));
  fs.renameSync(portFile + '.tmp', portFile);
});
process.on('SIGTERM', () => {
  fs.writeFileSync(outFile, recs.join('\n') + (recs.length ? '\n' : ''));
  process.exit(0);
});
