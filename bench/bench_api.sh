#!/usr/bin/env bash
# bench/bench_api.sh: the JSON API (tracker serve --app) under wrk against pgbench running the
# very SQL the handler runs, in one run, on a generated dataset (10,000 cases, 100,000 events:
# scripts/gen-fixture). Three requests: GET one case, GET upcoming deadlines, POST an event.
#
# "The same SQL": the server is first run with TRACKER_SQL_TRACE (store/db.c), which writes every
# statement of one request with its parameters as literals (and the rows of its COPYs as
# INSERTs); that script is what pgbench runs, one transaction per request (for the POST the
# generated event id is replaced by a fresh one per transaction, as the API makes a fresh one).
# wrk and pgbench both use BENCH_CONNECTIONS (32) connections for BENCH_SECONDS (10) each.
# Reports requests/s, the ratio API / pgbench (the issue's goal for reads: >= 0.5) and p99
# latencies. Installs wrk from Debian when missing; builds build-bench/; uses the private cluster.
#   bench/bench_api.sh     (BENCH_SECONDS=10 BENCH_CONNECTIONS=32 BENCH_CASES=10000 BENCH_EVENTS=10
#                           BENCH_API_THREADS=16 BENCH_SERVER_THREADS=2)
source "$(dirname "$0")/../scripts/lib.sh"
cd "$TRACKER_ROOT"
SECS=${BENCH_SECONDS:-10}
CONNS=${BENCH_CONNECTIONS:-32}
NCASES=${BENCH_CASES:-10000}
NEVENTS=${BENCH_EVENTS:-10}
API_THREADS=${BENCH_API_THREADS:-16}
THREADS=${BENCH_SERVER_THREADS:-2}

ensure_packages $BUILD_PACKAGES wrk
log "building an optimized binary (RelWithDebInfo, no sanitizers) in build-bench/"
bench_build
cluster_start
cluster_env
PGBENCH=$(pg_bin pgbench)
[ -x "$PGBENCH" ] || PGBENCH=$(command -v pgbench) || die "pgbench not found"

WORK=$(mktemp -d /tmp/tracker-bench-api.XXXXXX)
chmod 755 "$WORK"
DB=bench_api
SERVER_PID=
stop_srv() {
  [ -n "$SERVER_PID" ] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=
}
finish_bench() {
  stop_srv
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$WORK"
  if [ "$CLUSTER_STARTED_HERE" = 1 ]; then cluster_stop; fi
}
trap finish_bench EXIT

log "generating $NCASES cases x $NEVENTS events and importing them into database $DB"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
export TRACKER_DB="dbname=$DB"
"$TRACKER" db migrate >/dev/null
/usr/bin/python3 scripts/gen-fixture "$NCASES" --events "$NEVENTS" --format jsonl -o "$WORK/data.jsonl"
t0=$(date +%s.%N)
"$TRACKER" import --format jsonl "$WORK/data.jsonl" >/dev/null || die "import failed"
log "imported in $(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)") s: $(psql -X -tA -d "$DB" -c "SELECT (SELECT count(*) FROM legal_case) || ' cases, ' || (SELECT count(*) FROM event) || ' events, ' || (SELECT count(*) FROM deadline) || ' deadlines'")"
psql -X -q -d "$DB" -c "VACUUM ANALYZE" >/dev/null 2>&1
"$TRACKER" user add bench --role editor --password-stdin <<<"benchmark password" >/dev/null
TOKEN=$("$TRACKER" token create --user bench --scope write | sed -n 's/^token: //p')
CASE=$(psql -X -tA -d "$DB" -c "SELECT id FROM legal_case ORDER BY id OFFSET $((NCASES / 2)) LIMIT 1")
ASOF=$(psql -X -tA -d "$DB" -c "SELECT (min(due_on) + (max(due_on) - min(due_on)) / 2)::text FROM deadline")
GET_CASE="/api/v1/cases/$CASE"
GET_DL="/api/v1/deadlines?upcoming=30&as_of=$ASOF&limit=50"
POST_EV="/api/v1/cases/$CASE/events"
EVENT_BODY='{"type":"hearing","date":"2020-03-02","title":"Hearing on the appeal","description":"benchmark"}'

# start_srv [env...]: the server as the feed reader with the API writing as tracker_api.
start_srv() {
  : >"$WORK/serve.log"
  env "$@" TRACKER_DB="dbname=$DB user=tracker_feed_reader" "$TRACKER" serve --listen 127.0.0.1:0 \
    --threads "$THREADS" --app --write-db "dbname=$DB user=tracker_api" --api-threads "$API_THREADS" \
    --rate-limit 1000000 --poll-ms 3600000 2>"$WORK/serve.log" &
  SERVER_PID=$!
  PORT=
  for _ in $(seq 1 100); do
    PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$WORK/serve.log")
    [ -n "$PORT" ] && break
    sleep 0.1
  done
  [ -n "$PORT" ] || die "tracker serve did not start: $(cat "$WORK/serve.log")"
  BASE=http://127.0.0.1:$PORT
}

# The SQL of one request of each kind (after one request to warm the connection up).
log "tracing the SQL of one request of each kind (TRACKER_SQL_TRACE)"
API_THREADS_SAVED=$API_THREADS
API_THREADS=1
start_srv TRACKER_SQL_TRACE="$WORK/trace.sql"
AUTH="Authorization: Bearer $TOKEN"
trace() { # NAME METHOD PATH [curl args]: trace one request into $WORK/NAME.sql
  local n=$1 m=$2 p=$3
  shift 3
  curl -sf -o /dev/null -X "$m" -H "$AUTH" "$@" "$BASE$p" || die "$m $p failed"
  : >"$WORK/trace.sql"
  curl -sf -o "$WORK/$n.out" -X "$m" -H "$AUTH" "$@" "$BASE$p" || die "$m $p failed"
  cp "$WORK/trace.sql" "$WORK/$n.sql"
}
trace get_case GET "$GET_CASE"
trace get_dl GET "$GET_DL"
trace post_ev POST "$POST_EV" -H "Content-Type: application/json" -d "$EVENT_BODY"
stop_srv
API_THREADS=$API_THREADS_SAVED
# A fresh event id per pgbench transaction, as the API makes one per POST.
EXT=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$WORK/post_ev.out")
{ echo '\set rid random(1, 1000000000000)'; sed "s/$EXT/pgb:' || :client_id || ':' || :rid || '/g" "$WORK/post_ev.sql"; } >"$WORK/post_ev.pgb"
cp "$WORK/get_case.sql" "$WORK/get_case.pgb"
cp "$WORK/get_dl.sql" "$WORK/get_dl.pgb"
for n in get_case get_dl post_ev; do
  log "  $n: $(grep -c ';$' "$WORK/$n.pgb") statements"
done

# wrk's p99 and rate; pgbench's rate and the p99 of its per-transaction log.
cat >"$WORK/post.lua" <<EOF
wrk.method = "POST"
wrk.body = '$EVENT_BODY'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $TOKEN"
EOF
cat >"$WORK/get.lua" <<EOF
wrk.headers["Authorization"] = "Bearer $TOKEN"
EOF
run_wrk() { # SCRIPT PATH -> "RPS P99MS NON2XX"
  wrk -t2 -c"$CONNS" -d"${SECS}s" --latency -s "$1" "$BASE$2" >"$WORK/wrk.out" 2>&1
  /usr/bin/python3 - "$WORK/wrk.out" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
m = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", t)
p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", t)
print("%.1f %.2f %s" % (rps, p99, bad.group(1) if bad else "0"))
PY
}
run_pgbench() { # SCRIPT -> "TPS P99MS FAILED"
  rm -f "$WORK"/pgbench_log.*
  (cd "$WORK" && "$PGBENCH" -n -c "$CONNS" -j 2 -T "$SECS" -f "$1" -l --log-prefix=pgbench_log \
     "dbname=$DB user=tracker_api" >"$WORK/pgbench.out" 2>&1)
  /usr/bin/python3 - "$WORK" <<'PY'
import glob, re, sys
t = open(sys.argv[1] + "/pgbench.out").read()
m = re.search(r"tps = ([\d.]+)", t)
if not m:
    print("0 0 pgbench-failed:" + t[-300:].replace("\n", " "))
    sys.exit()
lat = []
for f in glob.glob(sys.argv[1] + "/pgbench_log.*"):
    for line in open(f):
        p = line.split()
        if len(p) >= 3:
            lat.append(int(p[2]))
lat.sort()
p99 = lat[int(len(lat) * 0.99)] / 1000.0 if lat else 0
failed = re.search(r"number of failed transactions: (\d+)", t)
print("%s %.2f %s" % (m.group(1), p99, failed.group(1) if failed else "0"))
PY
}

log "load: wrk -c$CONNS and pgbench -c$CONNS, ${SECS}s each (server: --threads $THREADS --api-threads $API_THREADS)"
start_srv
RESULTS=$WORK/results
: >"$RESULTS"
for row in "GET one case|get.lua|$GET_CASE|get_case.pgb" \
           "GET upcoming deadlines|get.lua|$GET_DL|get_dl.pgb" \
           "POST an event|post.lua|$POST_EV|post_ev.pgb"; do
  IFS='|' read -r name lua path pgb <<<"$row"
  read -r arps ap99 abad <<<"$(run_wrk "$WORK/$lua" "$path")"
  read -r prps pp99 pbad <<<"$(run_pgbench "$WORK/$pgb")"
  echo "$name|$arps|$ap99|$abad|$prps|$pp99|$pbad" >>"$RESULTS"
done
stop_srv
echo
printf '%-24s %10s %9s %10s %9s %7s\n' "request" "API req/s" "API p99" "pgbench/s" "pg p99" "ratio"
while IFS='|' read -r name arps ap99 abad prps pp99 pbad; do
  ratio=$(/usr/bin/python3 -c "import sys; a, p = float(sys.argv[1]), float(sys.argv[2]); print('%.2f' % (a / p) if p else '-')" "$arps" "$prps")
  printf '%-24s %10s %7sms %10s %7sms %7s' "$name" "$arps" "$ap99" "$prps" "$pp99" "$ratio"
  [ "$abad" != 0 ] && printf '  (API non-2xx: %s)' "$abad"
  [ "$pbad" != 0 ] && printf '  (pgbench failed: %s)' "$pbad"
  echo
done <"$RESULTS"
echo "(statements per request: $(for n in get_case get_dl post_ev; do printf '%s %s  ' "$n" "$(grep -c ';$' "$WORK/$n.pgb")"; done))"
echo "(dataset: $(psql -X -tA -d "$DB" -c "SELECT (SELECT count(*) FROM legal_case) || ' cases, ' || (SELECT count(*) FROM event) || ' events'"); $(nproc) cores)"
