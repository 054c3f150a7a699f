#!/usr/bin/env bash
# bench/bench_hooks.sh: webhook delivery speed (a benchmark, not a test), in one run:
#   1. throughput: one import writes CHANGES deadline.created changes (and their outbox rows)
#      with the worker stopped; then `tracker notify --once` delivers them to a local node
#      receiver (bench/hook_receiver.js). Deliveries per second from the worker's start to the
#      last receipt, against wrk POSTing the same bodies (signed, same headers) to the same kind of
#      receiver with as many connections as the worker's --parallel: wrk's steady rate over
#      BENCH_SECONDS (default 10), and the rate of its first CHANGES requests (each body once, as
#      the worker sends them). Both sides meet a receiver warmed by 2 s of wrk first. Goal: >= 0.5 x.
#   2. commit-to-delivery latency of the same import made with the worker running (the body's
#      "time" is the commit, the receiver stamps the receipt): median and p99. A bulk import
#      commits everything at once, so this is mostly queueing behind the other deliveries; the
#      latency of single changes (50 case edits, one at a time) is reported as well.
#   bench/bench_hooks.sh [CASES]   (default 3900 cases: a little over 10,000 deadlines)
source "$(dirname "$0")/../scripts/lib.sh"
cd "$TRACKER_ROOT"
CASES=${1:-3900}
PARALLEL=${BENCH_PARALLEL:-32}
BATCH=${BENCH_BATCH:-500}
ensure_packages $BUILD_PACKAGES nodejs wrk
log "building an optimized binary (RelWithDebInfo, no sanitizers) in build-bench/"
bench_build
cluster_start
cluster_env
WORK=$(mktemp -d /tmp/tracker-bench-hooks.XXXXXX)
DB=bench_hooks
RECV_PID= WORKER_PID=
finish_bench() {
  [ -n "$WORKER_PID" ] && kill -TERM "$WORKER_PID" 2>/dev/null && wait "$WORKER_PID" 2>/dev/null
  [ -n "$RECV_PID" ] && kill -TERM "$RECV_PID" 2>/dev/null && wait "$RECV_PID" 2>/dev/null
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
  rm -rf "$WORK"
  if [ "$CLUSTER_STARTED_HERE" = 1 ]; then cluster_stop; fi
}
trap finish_bench EXIT
export TRACKER_DB="dbname=$DB"
now() { date +%s.%N; }

fresh_db() {
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
  "$TRACKER" db migrate >/dev/null
}
start_receiver() { # OUTFILE
  rm -f "$WORK/port"
  node bench/hook_receiver.js "$WORK/port" "$1" &
  RECV_PID=$!
  for _ in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.05; done
  URL="http://127.0.0.1:$(cat "$WORK/port")/hook"
}
stop_receiver() { kill -TERM "$RECV_PID"; wait "$RECV_PID" 2>/dev/null; RECV_PID=; }
add_hook() {
  printf 'bench-secret-0123456789abcdef\n' | "$TRACKER" hook add "$URL" --events deadline.created \
    --allow-private --secret-stdin >/dev/null
}
delivered() { psql -X -tA -d "$DB" -c "SELECT count(*) FROM delivery WHERE state = 'delivered'"; }
wait_delivered() { # N
  while [ "$(delivered)" -lt "$1" ]; do sleep 0.05; done
}

# The wrk script: every body of $WORK/bodies.txt in turn, with the worker's headers.
write_wrk_script() {
  cat >"$WORK/post.lua" <<LUA
local bodies = {}
for l in io.lines("$WORK/bodies.txt") do bodies[#bodies + 1] = l end
local i = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Tracker-Signature"] = "t=1764590000,v1=0000000000000000000000000000000000000000000000000000000000000000"
wrk.headers["Tracker-Event-Id"] = "00000000-0000-0000-0000-000000000000"
wrk.headers["Tracker-Event-Type"] = "deadline.created"
wrk.headers["Tracker-Delivery"] = "1"
wrk.headers["Tracker-Attempt"] = "1"
request = function()
  i = i % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[i])
end
LUA
}
# 2 s of wrk to the receiver's /warm (answered as /hook is, not recorded).
warm_receiver() {
  wrk -t1 -c"$PARALLEL" -d2s -s "$WORK/post.lua" "${URL%/hook}/warm" >/dev/null
}
# rates RECORDS START_EPOCH N: deliveries/s of the first N records from START_EPOCH (0: from the
# first receipt) to the Nth receipt, and from the first receipt to the Nth.
rates() {
  python3 - "$@" <<'PY'
import sys
recv = sorted(float(l.split()[2]) for l in open(sys.argv[1]) if l.strip())[:int(sys.argv[3])]
start = float(sys.argv[2]) * 1000 or recv[0]
print("%.0f %.0f" % (len(recv) / ((recv[-1] - start) / 1000), len(recv) / ((recv[-1] - recv[0]) / 1000)))
PY
}

echo "tracker webhook benchmark: $(nproc) CPUs, PostgreSQL $(psql -X -tA -d postgres -c 'SHOW server_version'), $(date -u +%Y-%m-%dT%H:%MZ)"
python3 scripts/gen-fixture "$CASES" --events 10 -o "$WORK/fx.json"

# ---- 1. throughput ----
fresh_db
start_receiver "$WORK/recv1.txt"
add_hook
t0=$(now); "$TRACKER" import "$WORK/fx.json" >/dev/null; t1=$(now)
TOTAL=$(psql -X -tA -d "$DB" -c "SELECT count(*) FROM delivery")
log "import: $TOTAL changes in $(python3 -c "print('%.2f' % ($t1 - $t0))") s"
# The bodies the worker will send, signed as it signs them, for wrk.
psql -X -tA -d "$DB" -c "SELECT jsonb_build_object('id', o.event_id, 'type', o.type, 'time',
  to_char(o.committed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), 'hook_id', d.hook_id,
  'data', o.payload)::text FROM delivery d JOIN outbox o ON o.id = d.outbox_id ORDER BY d.id" >"$WORK/bodies.txt"
# The import leaves work that is not the worker's: autovacuum of 39,000 new events and their rows,
# and their dirty pages for the checkpointer to write. Both are done before the clock starts, so
# that they do not run beside one side of the comparison only.
psql -X -q -d "$DB" -c "VACUUM ANALYZE" >/dev/null 2>&1
psql -X -q -U postgres -d "$DB" -c "CHECKPOINT" >/dev/null || die "CHECKPOINT failed"
write_wrk_script
# Both sides meet a receiver that has already answered a few thousand requests: node compiles
# its handler as it runs, and a fresh receiver is slower for its first ones.
warm_receiver
ws=$(now)
"$TRACKER" notify --once --batch "$BATCH" --parallel "$PARALLEL" 2>"$WORK/worker1.log" ||
  { cat "$WORK/worker1.log"; die "the worker failed"; }
stop_receiver
[ "$(delivered)" -eq "$TOTAL" ] || die "the worker delivered $(delivered) of $TOTAL"
read -r WORKER_RATE FIRST_LAST <<<"$(rates "$WORK/recv1.txt" "$ws" "$TOTAL")"

# wrk: the same bodies, the same headers, PARALLEL connections, to a receiver warmed the same way:
# its steady rate over BENCH_SECONDS (each body sent many times), and the rate of its first TOTAL
# requests (each body once, as the worker sends them), from the receiver's clock.
start_receiver "$WORK/recv2.txt"
warm_receiver
WRK_RATE=$(wrk -t1 -c"$PARALLEL" -d"${BENCH_SECONDS:-10}"s -s "$WORK/post.lua" "$URL" | awk '/Requests\/sec/ {printf "%.0f", $2}')
stop_receiver
read -r _ WRK_FIRST <<<"$(rates "$WORK/recv2.txt" 0 "$TOTAL")"

# ---- 2. commit-to-delivery latency, worker running during the import ----
fresh_db
start_receiver "$WORK/recv3.txt"
add_hook
"$TRACKER" notify --batch "$BATCH" --parallel "$PARALLEL" --sweep 3600 2>"$WORK/worker2.log" &
WORKER_PID=$!
sleep 0.5
"$TRACKER" import "$WORK/fx.json" >/dev/null
TOTAL2=$(psql -X -tA -d "$DB" -c "SELECT count(*) FROM delivery")
wait_delivered "$TOTAL2"
# Single changes, one at a time.
"$TRACKER" case add --title "Latency probe" --jurisdiction RU --external-id probe >/dev/null
printf 'bench-secret-0123456789abcdef\n' | "$TRACKER" hook add "$URL" --events case.changed \
  --allow-private --secret-stdin >/dev/null
for i in $(seq 1 50); do
  "$TRACKER" case edit probe --docket "D-$i" >/dev/null
  wait_delivered $((TOTAL2 + i))
done
kill -TERM "$WORKER_PID"; wait "$WORKER_PID" 2>/dev/null; WORKER_PID=
stop_receiver
python3 - "$WORK/recv3.txt" "$TOTAL2" "$WORKER_RATE" "$FIRST_LAST" "$WRK_RATE" "$WRK_FIRST" "$TOTAL" "$PARALLEL" "$BATCH" "${BENCH_SECONDS:-10}" <<'PY'
import statistics, sys
recs = [l.split() for l in open(sys.argv[1]) if l.strip()]
n = int(sys.argv[2])
bulk = sorted(float(r[2]) - float(r[1]) for r in recs[:n])
single = sorted(float(r[2]) - float(r[1]) for r in recs[n:])
def p(v, q): return v[min(len(v) - 1, int(q * len(v)))]
wr, fl, wrk, wrk_first, total, par, batch, secs = (int(x) for x in sys.argv[3:11])
print("throughput: %d deliveries, worker --parallel %d --batch %d: %d/s from the worker's start (%d/s first to last delivery)"
      % (total, par, batch, wr, fl))
print("wrk, the same bodies, %d connections: %d/s steady (%d s); its first %d requests: %d/s"
      % (par, wrk, secs, total, wrk_first))
print("ratio: %.2f x wrk's steady rate, %.2f x the rate of its first %d requests" % (wr / wrk, wr / wrk_first, total))
print("latency, one import of %d changes (commit to receipt): median %.0f ms, p99 %.0f ms, max %.0f ms"
      % (n, statistics.median(bulk), p(bulk, 0.99), bulk[-1]))
print("latency, %d single changes one at a time: median %.1f ms, p99 %.1f ms"
      % (len(single), statistics.median(single), p(single, 0.99)))
PY
