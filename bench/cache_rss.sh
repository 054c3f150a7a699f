#!/usr/bin/env bash
# bench/cache_rss.sh: the server's memory under many distinct report URLs (issue 13, item 1).
# Requests RSS_URLS (50,000) distinct /feeds/TOKEN/reports/fines.json?from=<date> on 4 keep-alive
# connections against an optimized `tracker serve --cache-mb RSS_CACHE_MB` (256) and prints its
# VmRSS after a warm-up of 200 requests and at the end. RSS_SERVER=PATH measures another server
# binary (e.g. an older build) with the same database. Uses the private cluster, loopback only.
source "$(dirname "$0")/../scripts/lib.sh"
cd "$TRACKER_ROOT"
N=${RSS_URLS:-50000}
MB=${RSS_CACHE_MB:-256}
ensure_packages $BUILD_PACKAGES
bench_build
SERVER=${RSS_SERVER:-$TRACKER}
cluster_start
cluster_env
WORK=$(mktemp -d /tmp/tracker-rss.XXXXXX)
DB=bench_rss
SERVER_PID=
done_rss() {
  [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$WORK"
  if [ "$CLUSTER_STARTED_HERE" = 1 ]; then cluster_stop; fi
}
trap done_rss EXIT
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
export TRACKER_DB="dbname=$DB"
"$TRACKER" db migrate >/dev/null
"$TRACKER" case add --title "RSS case" --jurisdiction RU --external-id rss >/dev/null
"$TRACKER" event add rss --type ruling --date 2017-10-16 --fine 800000 --currency RUB >/dev/null 2>&1
TOKEN=$("$TRACKER" feed create --case rss --base-url http://x | sed -n 's#^url: http://x/feeds/\(.*\)\.ics$#\1#p')
TRACKER_DB="dbname=$DB user=tracker_feed_reader" "$SERVER" serve --listen 127.0.0.1:0 --threads 2 \
  --cache-mb "$MB" 2>"$WORK/serve.log" &
SERVER_PID=$!
for _ in $(seq 1 100); do
  PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/serve.log")
  [ -n "$PORT" ] && break
  sleep 0.1
done
[ -n "$PORT" ] || die "tracker serve did not start: $(cat "$WORK/serve.log")"
t0=$(date +%s)
/usr/bin/python3 - "$PORT" "$SERVER_PID" "/feeds/$TOKEN/reports/fines.json" "$N" <<'PY'
import http.client, sys, datetime, threading
port, pid, base, n = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
def rss():
    for l in open("/proc/%d/status" % pid):
        if l.startswith("VmRSS"):
            return int(l.split()[1])
d0 = datetime.date(1900, 1, 1)
codes = {}
def run(lo, hi):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    for i in range(lo, hi):
        c.request("GET", "%s?from=%s" % (base, d0 + datetime.timedelta(days=i)))
        r = c.getresponse(); r.read(); codes[r.status] = codes.get(r.status, 0) + 1
run(0, 200)
before = rss()
ts = [threading.Thread(target=run, args=(200 + k * (n // 4), 200 + (k + 1) * (n // 4))) for k in range(4)]
[t.start() for t in ts]; [t.join() for t in ts]
after = rss()
print("distinct report URLs: %d, statuses %s" % (n, codes))
print("RSS after warm-up: %d kB, at the end: %d kB, growth: %d kB" % (before, after, after - before))
PY
echo "cache: --cache-mb $MB; $(( $(date +%s) - t0 )) s"
