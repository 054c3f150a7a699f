#!/usr/bin/env bash
# bench/load_serve.sh: the load check of issue 6. wrk drives `tracker serve` on loopback for
# LOAD_SECONDS (60) with LOAD_CONNECTIONS (64) connections, mixing full feed downloads (200),
# revalidations (304) and unknown tokens (404) in equal parts. Reports every status count, socket
# errors, latency percentiles (p50/p90/p99) and the server's RSS sampled every 5 s; fails when
# there is any socket error, any 5xx or unexpected status, or RSS grows by more than 20% after
# the first sample. Builds an optimized binary in build-bench/, uses the private cluster; the
# server logs in as the read-only role tracker_feed_reader (scripts/lib.sh).
source "$(dirname "$0")/../scripts/lib.sh"
cd "$TRACKER_ROOT"
DUR=${LOAD_SECONDS:-60}
CONNS=${LOAD_CONNECTIONS:-64}
NDEADLINES=${LOAD_DEADLINES:-500}
ensure_packages $BUILD_PACKAGES wrk
log "building an optimized binary in build-bench/"
bench_build
SERVER=${LOAD_SERVER:-$TRACKER} # LOAD_SERVER=PATH: serve with another binary (side by side)
cluster_start
cluster_env
WORK=$(mktemp -d /tmp/tracker-load.XXXXXX)
DB=bench_load
SERVER_PID=
done_load() {
  [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$WORK"
  if [ "$CLUSTER_STARTED_HERE" = 1 ]; then cluster_stop; fi
}
trap done_load EXIT

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
export TRACKER_DB="dbname=$DB"
"$TRACKER" db migrate >/dev/null
"$TRACKER" case add --title "Load test case" --jurisdiction RU --tag load --external-id load >/dev/null
# NDEADLINES rulings through the importer (the engine's bulk path) rather than one CLI call each.
/usr/bin/python3 - "$NDEADLINES" >"$WORK/load.json" <<'PY'
import json, sys, datetime
n = int(sys.argv[1]); d0 = datetime.date(2017, 1, 2)
events = [{"id": "load:%d" % i, "type": "ruling", "date": str(d0 + datetime.timedelta(days=i % 3000)),
           "title": "Ruling %d, fined for refusing to hand over keys" % i,
           "deadlines": [{"id": "load:%d:appeal" % i, "kind": "appeal", "title": "Appeal deadline",
                          "period": {"count": 10, "unit": "sutki", "roll": "none"}}]} for i in range(n)]
print(json.dumps({"format": "tracker-interchange", "version": 1, "cases": [{
    "id": "load", "title": "Load test case", "jurisdiction": "RU", "tags": ["load"], "events": events}]}))
PY
"$TRACKER" import "$WORK/load.json" >/dev/null
TOKEN=$("$TRACKER" feed create --tag load --base-url http://x | sed -n 's#^url: http://x/feeds/\(.*\)\.ics$#\1#p')
TRACKER_DB="dbname=$DB user=tracker_feed_reader" "$SERVER" serve --listen 127.0.0.1:0 --threads 2 2>"$WORK/serve.log" &
SERVER_PID=$!
for _ in $(seq 1 100); do
  PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/serve.log")
  [ -n "$PORT" ] && break
  sleep 0.1
done
[ -n "$PORT" ] || die "tracker serve did not start: $(cat "$WORK/serve.log")"
BASE=http://127.0.0.1:$PORT
ETAG=$(curl -s -D - -o "$WORK/feed.ics" "$BASE/feeds/$TOKEN.ics" | sed -n 's/^ETag: //Ip' | tr -d '\r')
log "feed: $(wc -c <"$WORK/feed.ics") bytes, $(grep -c '^BEGIN:VEVENT' "$WORK/feed.ics") events, ETag $ETAG"

cat >"$WORK/mix.lua" <<LUA
-- Equal parts: full download (200), revalidation (304), unknown token (404).
local paths = {"/feeds/$TOKEN.ics", "/feeds/$TOKEN.ics", "/feeds/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics"}
local hdrs = { {}, { ["If-None-Match"] = '$ETAG' }, {} }
local threads = {}
local i = 0
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {} end
function request()
  i = i % 3 + 1
  return wrk.format("GET", paths[i], hdrs[i])
end
function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for k, v in pairs(c) do total[k] = (total[k] or 0) + v end
  end
  for k, v in pairs(total) do io.write(string.format("STATUS %d %d\n", k, v)) end
  io.write(string.format("LAT p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
  local e = summary.errors
  io.write(string.format("ERRORS connect=%d read=%d write=%d status=%d timeout=%d\n",
    e.connect, e.read, e.write, e.status, e.timeout))
  io.write(string.format("TOTAL %d requests in %.1fs\n", summary.requests, summary.duration / 1e6))
end
LUA

rss() { awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status"; }
( for _ in $(seq 1 $((DUR / 5))); do sleep 5; echo "$(date +%s) $(rss)"; done ) >"$WORK/rss.log" &
SAMPLER=$!
log "wrk: $DUR s, $CONNS connections, 2 threads, mixing 200/304/404"
wrk -t2 -c"$CONNS" -d"${DUR}s" --timeout 10s -s "$WORK/mix.lua" "$BASE" >"$WORK/wrk.out" 2>&1
wait "$SAMPLER" 2>/dev/null || true
cat "$WORK/wrk.out" | grep -E "^(STATUS|LAT|ERRORS|TOTAL|Requests/sec)"
echo "RSS samples (kB): $(awk '{print $2}' "$WORK/rss.log" | tr '\n' ' ')"
ok=1
# (wrk's "status" errors count every non-2xx/3xx response: the 404s asked for; STATUS lines
# give the breakdown.)
bad=$(awk '$1 == "STATUS" && $2 != 200 && $2 != 304 && $2 != 404 {s += $3} END {print s + 0}' "$WORK/wrk.out")
[ "$bad" = 0 ] || { echo "FAIL: $bad responses with an unexpected status (5xx or other)"; ok=0; }
grep -q "connect=0 read=0 write=0 .* timeout=0" "$WORK/wrk.out" || { echo "FAIL: socket errors"; ok=0; }
first=$(awk 'NR == 1 {print $2}' "$WORK/rss.log"); last=$(awk 'END {print $2}' "$WORK/rss.log")
if [ -n "$first" ] && [ "$last" -gt $((first * 12 / 10)) ]; then echo "FAIL: RSS grew from $first kB to $last kB"; ok=0; fi
[ "$ok" = 1 ] && echo "load: PASS" || { echo "load: FAIL"; exit 1; }
