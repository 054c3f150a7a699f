#!/usr/bin/env bash
# bench/serve_hardening.sh: figures for issue 13, items 2 and 3, against an optimized
# `tracker serve --threads 2` on loopback:
#   - /healthz and a cached .ics latency while four clients ask for four distinct uncached
#     reports/timeline.json?from=<date> over a HARD_EVENTS (60,000)-event case (slow renders);
#   - how long a client that sends one header line every 2 s stays connected (capped at
#     HARD_DRIP_CAP, 60 s).
# HARD_SERVER=PATH measures another server binary with the same database. Private cluster.
source "$(dirname "$0")/../scripts/lib.sh"
cd "$TRACKER_ROOT"
NEV=${HARD_EVENTS:-60000}
CAP=${HARD_DRIP_CAP:-60}
ensure_packages $BUILD_PACKAGES
bench_build
SERVER=${HARD_SERVER:-$TRACKER}
cluster_start
cluster_env
WORK=$(mktemp -d /tmp/tracker-hard.XXXXXX)
DB=bench_hard
SERVER_PID=
done_hard() {
  [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  [ -n "${KEEP_DB:-}" ] || psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$WORK"
  if [ "$CLUSTER_STARTED_HERE" = 1 ]; then cluster_stop; fi
}
trap done_hard EXIT
export TRACKER_DB="dbname=$DB"
if ! psql -X -tA -d "$DB" -c "SELECT count(*) FROM event" 2>/dev/null | grep -qx "$NEV"; then
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
  "$TRACKER" db migrate >/dev/null
  /usr/bin/python3 - "$NEV" >"$WORK/big.json" <<'PY'
import json, sys, datetime
n = int(sys.argv[1]); d0 = datetime.date(2000, 1, 3)
events = [{"id": "big:%d" % i, "type": "statement", "date": str(d0 + datetime.timedelta(days=i % 9000)),
           "title": "Statement %d on the keys" % i} for i in range(n)]
print(json.dumps({"format": "tracker-interchange", "version": 1, "cases": [{
    "id": "big", "title": "A case with many events", "jurisdiction": "RU", "events": events}]}))
PY
  "$TRACKER" import "$WORK/big.json" >/dev/null
fi
psql -X -q -d "$DB" -c "DELETE FROM feed" >/dev/null
TOKEN=$("$TRACKER" feed create --case big --base-url http://x | sed -n 's#^url: http://x/feeds/\(.*\)\.ics$#\1#p')
TRACKER_DB="dbname=$DB user=tracker_feed_reader" "$SERVER" serve --listen 127.0.0.1:0 --threads 2 \
  2>"$WORK/serve.log" &
SERVER_PID=$!
for _ in $(seq 1 100); do
  PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/serve.log")
  [ -n "$PORT" ] && break
  sleep 0.1
done
[ -n "$PORT" ] || die "tracker serve did not start: $(cat "$WORK/serve.log")"
/usr/bin/python3 - "$PORT" "$TOKEN" "$CAP" <<'PY'
import socket, statistics, sys, threading, time, urllib.request
port, token, cap = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
base = "http://127.0.0.1:%d" % port
def get(path):
    t0 = time.time()
    try:
        with urllib.request.urlopen(base + path, timeout=120) as r:
            r.read(); code = r.status
    except Exception as e:
        code = getattr(e, "code", str(e))
    return code, time.time() - t0
print("calendar (first, uncached):", "%s %.3f s" % get("/feeds/%s.ics" % token))
one = get("/feeds/%s/reports/timeline.json?from=1999-01-01" % token)
print("one report render alone: %s %.3f s" % one)
res = {}
def slow(i):
    res[i] = get("/feeds/%s/reports/timeline.json?from=2000-01-%02d" % (token, i + 1))
ts = [threading.Thread(target=slow, args=(i,)) for i in range(4)]
[t.start() for t in ts]
time.sleep(0.1)
hz, ics = [], []
while any(t.is_alive() for t in ts):
    hz.append(get("/healthz")[1]); ics.append(get("/feeds/%s.ics" % token)[1]); time.sleep(0.05)
[t.join() for t in ts]
print("four concurrent slow renders:", ", ".join("%s %.2f s" % res[i] for i in range(4)))
ms = lambda xs: "median %.1f ms, max %.1f ms (%d samples)" % (1e3 * statistics.median(xs), 1e3 * max(xs), len(xs)) if xs else "no samples"
print("/healthz meanwhile:", ms(hz))
print("cached .ics meanwhile:", ms(ics))
# The dripping client.
s = socket.create_connection(("127.0.0.1", port), timeout=2)
s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
t0 = time.time(); alive = True
while time.time() - t0 < cap:
    try:
        s.sendall(b"X-Drip: 1\r\n")
        if s.recv(100) == b"":
            alive = False; break
    except socket.timeout:
        continue
    except OSError:
        alive = False; break
life = time.time() - t0
print("dripping client (a header line every 2 s):", "still connected after %.0f s (the client gave up)" % life if alive else "disconnected after %.1f s" % life)
PY
